// IP addresses and networks as the server's settings and proxies give them, and the address of a
// client behind trusted reverse proxies (X-Forwarded-For). Parsed with inet_pton; IPv4-mapped
// IPv6 addresses (::ffff:10.0.0.1, as a dual-stack socket reports them) are their IPv4 address.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onegrid::core {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // the first 4 for IPv4
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

// "10.0.0.1", "::1", "[::1]", "::ffff:10.0.0.1"; nullopt for anything else.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct IpNetwork {
  IpAddress base;
  int prefix = 0;  // bits: 0..32 for IPv4, 0..128 for IPv6
  bool Contains(const IpAddress& a) const;
};

// A list of addresses and networks, separated by commas or spaces: "127.0.0.1, 10.0.0.0/8,
// fd00::/8". An empty text is an empty list; a bad entry is kInvalidArgument naming `field`
// and the entry.
Result<std::vector<IpNetwork>> ParseIpNetworks(std::string_view text, const std::string& field);

bool InAny(const std::vector<IpNetwork>& networks, const IpAddress& a);

// Who sent a request that reached us from `peer` with these X-Forwarded-For values (each header's
// value, in order; each a comma-separated list, the nearest hop last): when `peer` is a trusted
// proxy, the nearest address in the chain that is not one (walking back from the last), else
// `peer`. An entry that is not an address ends the walk at the proxy that added it, so a forged
// or garbled header never yields more than that proxy vouches for.
std::string ForwardedClient(const std::string& peer, const std::vector<std::string_view>& forwarded_for,
                            const std::vector<IpNetwork>& trusted);

}  // namespace onegrid::core
