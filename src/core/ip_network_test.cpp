#include "core/ip_network.hpp"

#include <gtest/gtest.h>

#include "core/utf8.hpp"

namespace onegrid::core {
namespace {

std::vector<IpNetwork> Nets(std::string_view text) {
  auto n = ParseIpNetworks(text, "server.trusted_proxies");
  EXPECT_TRUE(n.has_value()) << n.error().message;
  return n ? *n : std::vector<IpNetwork>{};
}

TEST(IpNetwork, AddressesParseAndMappedOnesAreIpv4) {
  EXPECT_EQ(ParseIpAddress("10.1.2.3")->ToString(), "10.1.2.3");
  EXPECT_EQ(ParseIpAddress("::1")->ToString(), "::1");
  EXPECT_EQ(ParseIpAddress("[fd00::7]")->ToString(), "fd00::7");
  auto mapped = ParseIpAddress("::ffff:192.168.0.9");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_FALSE(mapped->v6);
  EXPECT_EQ(mapped->ToString(), "192.168.0.9");
  for (std::string_view bad : std::vector<std::string_view>{"", "10.1.2", "10.1.2.3.4", "256.0.0.1", "10.1.2.3:80", "host", " 10.1.2.3",
                               "::1::2", std::string_view("10.0.0.1\0x", 10)}) {
    EXPECT_FALSE(ParseIpAddress(bad).has_value()) << bad;
  }
}

TEST(IpNetwork, NetworksContainTheirAddresses) {
  auto n = Nets("127.0.0.1, 10.0.0.0/8 172.16.0.0/12,fd00::/8 ::1");
  ASSERT_EQ(n.size(), 5u);
  EXPECT_TRUE(InAny(n, *ParseIpAddress("127.0.0.1")));
  EXPECT_FALSE(InAny(n, *ParseIpAddress("127.0.0.2")));
  EXPECT_TRUE(InAny(n, *ParseIpAddress("10.255.0.1")));
  EXPECT_TRUE(InAny(n, *ParseIpAddress("172.31.255.255")));
  EXPECT_FALSE(InAny(n, *ParseIpAddress("172.32.0.0")));
  EXPECT_TRUE(InAny(n, *ParseIpAddress("fd12::1")));
  EXPECT_FALSE(InAny(n, *ParseIpAddress("fe80::1")));
  EXPECT_TRUE(InAny(n, *ParseIpAddress("::ffff:10.0.0.5")));
  EXPECT_TRUE(Nets("").empty());
  EXPECT_TRUE(InAny(Nets("0.0.0.0/0"), *ParseIpAddress("8.8.8.8")));
}

TEST(IpNetwork, ABadEntryIsNamed) {
  for (std::string_view bad : {"10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "nginx", "10.0.0.0/8/8"}) {
    auto r = ParseIpNetworks(std::string("127.0.0.1, ") + std::string(bad), "server.trusted_proxies");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "server.trusted_proxies");
    EXPECT_NE(r.error().message.find(std::string(bad)), std::string::npos) << r.error().message;
  }
}

// Found by the fuzzer (fuzz/corpus/forwarded_for/setting_not_utf8): the refusal quoted the entry,
// bytes that are not text included, and an error message must be UTF-8.
TEST(IpNetwork, AnEntryThatIsNotTextIsRefusedInText) {
  auto r = ParseIpNetworks("::1 fd00\xFF\xFF::/6", "server.trusted_proxies");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.trusted_proxies");
  EXPECT_TRUE(IsUtf8(r.error().message)) << r.error().message;
  auto long_entry = ParseIpNetworks(std::string(5000, 'x'), "server.trusted_proxies");
  ASSERT_FALSE(long_entry.has_value());
  EXPECT_LT(long_entry.error().message.size(), 300u);
}

TEST(IpNetwork, TheClientIsTheNearestUntrustedHop) {
  auto proxies = Nets("127.0.0.1, 10.0.0.0/8");
  // Not from a proxy: the header is whatever the client wrote, and ignored.
  EXPECT_EQ(ForwardedClient("203.0.113.9", {"198.51.100.1"}, proxies), "203.0.113.9");
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"198.51.100.1"}, {}), "127.0.0.1");
  // nginx on the host adds the client.
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"198.51.100.1"}, proxies), "198.51.100.1");
  // The client's own forgery stays before what the trusted proxies saw.
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"6.6.6.6, 198.51.100.1, 10.0.0.4"}, proxies), "198.51.100.1");
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"6.6.6.6", "198.51.100.1 , 10.0.0.4"}, proxies), "198.51.100.1");
  // Garbled: only the proxy that passed it on is known.
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"198.51.100.1, unknown"}, proxies), "127.0.0.1");
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"198.51.100.1, junk, 10.0.0.4"}, proxies), "10.0.0.4");
  EXPECT_EQ(ForwardedClient("127.0.0.1", {""}, proxies), "127.0.0.1");
  // Every hop a proxy: the farthest one.
  EXPECT_EQ(ForwardedClient("127.0.0.1", {"10.0.0.3, 10.0.0.4"}, proxies), "10.0.0.3");
  EXPECT_EQ(ForwardedClient("::ffff:127.0.0.1", {"2001:db8::5"}, proxies), "2001:db8::5");
}

}  // namespace
}  // namespace onegrid::core
