// The one UTF-8 check of the server's edges against a decoder written the slow way, and the
// character-boundary cut.
#include <string_view>

#include "core/utf8.hpp"
#include "harness.hpp"

using namespace onegrid;

namespace {

bool ReferenceValid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; ++k) {
      unsigned b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = core::IsUtf8(s);
  OG_FUZZ_CHECK(valid == ReferenceValid(s));
  if (auto at = core::FindInvalidUtf8(s)) {
    OG_FUZZ_CHECK(*at < s.size());
    OG_FUZZ_CHECK(core::IsUtf8(s.substr(0, *at)));  // everything before the first bad byte is text
  }
  if (valid) {
    for (std::size_t max : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, size / 2, size}) {
      auto cut = core::CutUtf8(s, max);
      OG_FUZZ_CHECK(cut.size() <= max && cut.size() + 4 > std::min(max, size) && core::IsUtf8(cut));
    }
  }
  return 0;
}
