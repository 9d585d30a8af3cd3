// A photo as it is uploaded: its type by magic bytes, then EXIF GPS blanked inside JPEG, PNG or
// WebP. What comes out is the same kind of image, the same size, and blanking it again changes
// nothing.
#include <string>

#include "harness.hpp"
#include "media/image.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto type = media::DetectImageType(bytes);
  if (!type) return 0;
  auto stripped = media::StripGps(bytes, *type);
  fuzz::CheckResult(stripped);
  if (!stripped) return 0;
  OG_FUZZ_CHECK(bytes.size() == size);
  OG_FUZZ_CHECK(media::DetectImageType(bytes) == type);
  const std::string blanked = bytes;
  auto again = media::StripGps(bytes, *type);
  OG_FUZZ_CHECK(again.has_value() && bytes == blanked);
  return 0;
}
