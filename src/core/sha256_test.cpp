#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace onegrid::core {
namespace {

// FIPS 180-2's examples, and a text longer than one block with bytes of every value: the event
// chain's hashes must not change with the library underneath.
TEST(Sha256, GivesTheStandardDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HashesEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(Sha256Hex(all), "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
  EXPECT_EQ(Sha256Hex(std::string_view("abc\0def", 7)).size(), 64u);
  EXPECT_NE(Sha256Hex(std::string_view("abc\0def", 7)), Sha256Hex("abc"));
}

}  // namespace
}  // namespace onegrid::core
