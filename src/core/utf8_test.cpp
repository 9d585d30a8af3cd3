#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/utf8_reference.hpp"

namespace onegrid::core {
namespace {

struct Case {
  std::string text;
  std::optional<std::size_t> invalid_at;
};

TEST(Utf8, TableOfValidAndInvalidSequences) {
  const Case cases[] = {
      {"", std::nullopt},
      {"plain ASCII, longer than eight bytes", std::nullopt},
      {"照片照片.png", std::nullopt},
      {"\xC2\x80", std::nullopt},          // U+0080, the first two-byte character
      {"\xDF\xBF", std::nullopt},          // U+07FF
      {"\xE0\xA0\x80", std::nullopt},      // U+0800
      {"\xED\x9F\xBF", std::nullopt},      // U+D7FF, just below the surrogates
      {"\xEE\x80\x80", std::nullopt},      // U+E000, just above them
      {"\xF0\x90\x80\x80", std::nullopt},  // U+10000
      {"\xF4\x8F\xBF\xBF", std::nullopt},  // U+10FFFF, the last code point
      {"\xFF", 0},                         // never in UTF-8
      {"abc\xFE", 3},
      {"\x80", 0},              // a continuation without a lead
      {"\xC0\xAF", 0},          // overlong '/'
      {"\xC1\xBF", 0},          // overlong
      {"\xE0\x80\xAF", 0},      // overlong three-byte '/'
      {"\xE0\x9F\xBF", 0},      // overlong U+07FF
      {"\xF0\x8F\xBF\xBF", 0},  // overlong U+FFFF
      {"\xED\xA0\x80", 0},      // U+D800, a surrogate
      {"\xED\xBF\xBF", 0},      // U+DFFF
      {"\xF4\x90\x80\x80", 0},  // U+110000, past the last code point
      {"\xF5\x80\x80\x80", 0},
      {"ok\xE7\x85", 2},  // cut inside 照
      {"ok\xE7\x85\xA7\xE7", 5},
      {"\xE7\x85\x41", 0},                     // a lead followed by ASCII
      {"12345678\xC3", 8},                     // after the eight-byte fast path
      {std::string("a\0b", 3), std::nullopt},  // NUL is a character
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.text), c.invalid_at) << testing::PrintToString(c.text);
    EXPECT_EQ(IsUtf8(c.text), !c.invalid_at.has_value());
  }
}

TEST(Utf8, AgreesWithAReferenceDecoderOnRandomBytes) {
  std::mt19937 rng(20261203);
  const std::string pieces[] = {"a",    "照",   "\xF0\x9F\x98\x80", "\xC3\xA9",
                                "\x80", "\xFF", "\xED\xA0\x80",     "\xE7\x85"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      if (rng() % 3 == 0) {
        s += static_cast<char>(rng() % 256);
      } else {
        s += pieces[rng() % std::size(pieces)];
      }
    }
    ASSERT_EQ(IsUtf8(s), reference::IsUtf8(s)) << testing::PrintToString(s);
  }
}

TEST(Utf8, CheckNamesTheFieldAndTheByte) {
  EXPECT_TRUE(CheckUtf8("照片", "note").has_value());
  auto r = CheckUtf8("ab\xFF", "note");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "note");
  EXPECT_EQ(r.error().message, "is not valid UTF-8 text (byte 2)");
}

TEST(Utf8, CutEndsOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 81; ++i) name += "照片";  // 162 characters, 486 bytes: a phone's file name
  name += ".png";
  auto cut = CutUtf8(name, 200);
  EXPECT_EQ(cut.size(), 198u);  // 66 characters of three bytes; 200 would cut the 67th
  EXPECT_TRUE(IsUtf8(cut));
  EXPECT_EQ(CutUtf8("abc", 200), "abc");
  EXPECT_EQ(CutUtf8("abc", 2), "ab");
  EXPECT_EQ(CutUtf8("照", 2), "");
  EXPECT_EQ(CutUtf8("a\xF0\x9F\x98\x80", 4), "a");
  EXPECT_EQ(CutUtf8("a\xF0\x9F\x98\x80", 5), "a\xF0\x9F\x98\x80");
  for (std::size_t max = 0; max <= name.size(); ++max) {
    auto c = CutUtf8(name, max);
    ASSERT_LE(c.size(), max);
    ASSERT_GT(c.size() + 3, max);
    ASSERT_TRUE(IsUtf8(c));
  }
}

}  // namespace
}  // namespace onegrid::core
