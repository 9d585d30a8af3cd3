// The one UTF-8 check of the server's edges against a decoder written the slow way, and the
// character-boundary cut.
#include <string_view>

#include "core/utf8.hpp"
#include "core/utf8_reference.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = core::IsUtf8(s);
  OG_FUZZ_CHECK(valid == core::reference::IsUtf8(s));
  if (auto at = core::FindInvalidUtf8(s)) {
    OG_FUZZ_CHECK(*at < s.size());
    OG_FUZZ_CHECK(core::IsUtf8(s.substr(0, *at)));  // everything before the first bad byte is text
  }
  if (valid) {
    for (std::size_t max :
         {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, size / 2, size}) {
      auto cut = core::CutUtf8(s, max);
      OG_FUZZ_CHECK(cut.size() <= max && cut.size() + 4 > std::min(max, size) && core::IsUtf8(cut));
    }
  }
  return 0;
}
