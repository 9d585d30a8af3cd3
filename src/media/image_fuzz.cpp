// A photo as it is uploaded: its type by magic bytes, then EXIF GPS blanked inside JPEG, PNG or
// WebP, then its text metadata dropped. What comes out is the same kind of image, the same size
// after blanking and no larger after dropping, and doing either again changes nothing.
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
  auto dropped = media::DropTextMetadata(bytes, *type);
  fuzz::CheckResult(dropped);
  if (!dropped) {
    OG_FUZZ_CHECK(bytes == blanked);  // a refusal leaves the photo as it was
    return 0;
  }
  OG_FUZZ_CHECK(*dropped >= 0 && bytes.size() <= size);
  OG_FUZZ_CHECK(*dropped > 0 || bytes == blanked);
  OG_FUZZ_CHECK(media::DetectImageType(bytes) == type);
  const std::string kept = bytes;
  auto twice = media::DropTextMetadata(bytes, *type);
  OG_FUZZ_CHECK(twice.has_value() && *twice == 0 && bytes == kept);
  return 0;
}
