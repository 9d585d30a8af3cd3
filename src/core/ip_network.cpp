#include "core/ip_network.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "core/utf8.hpp"

namespace onegrid::core {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, text.data(), text.size());
  if (std::memchr(buf, '\0', text.size()) != nullptr) return std::nullopt;
  IpAddress a;
  if (inet_pton(AF_INET, buf, a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
    IpAddress v4;
    std::memcpy(v4.bytes.data(), a.bytes.data() + 12, 4);
    return v4;
  }
  a.v6 = true;
  return a;
}

bool IpNetwork::Contains(const IpAddress& a) const {
  if (a.v6 != base.v6) return false;
  int whole = prefix / 8, rest = prefix % 8;
  if (std::memcmp(a.bytes.data(), base.bytes.data(), static_cast<std::size_t>(whole)) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[static_cast<std::size_t>(whole)] & mask) == (base.bytes[static_cast<std::size_t>(whole)] & mask);
}

Result<std::vector<IpNetwork>> ParseIpNetworks(std::string_view text, const std::string& field) {
  std::vector<IpNetwork> out;
  while (!text.empty()) {
    auto end = text.find_first_of(", \t");
    auto entry = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (entry.empty()) continue;
    // The entry as given, unless it is not text (found by the fuzzer: an error message must be
    // UTF-8), cut short.
    std::string shown = IsUtf8(entry) ? "\"" + std::string(CutUtf8(entry, 64)) + "\"" : "an entry that is not UTF-8 text";
    auto bad = [&](const std::string& why) {
      return InvalidArgument(shown + " " + why +
                                 " (an address such as 127.0.0.1 or ::1, or a network such as 10.0.0.0/8)",
                             field);
    };
    auto slash = entry.find('/');
    auto address = ParseIpAddress(entry.substr(0, slash));
    if (!address) return bad("is not an IP address");
    IpNetwork n{*address, address->v6 ? 128 : 32};
    if (slash != std::string_view::npos) {
      auto bits = entry.substr(slash + 1);
      int p = 0;
      if (bits.empty() || bits.size() > 3) return bad("has no prefix length after /");
      for (char c : bits) {
        if (c < '0' || c > '9') return bad("has no prefix length after /");
        p = p * 10 + (c - '0');
      }
      if (p > n.prefix) return bad("has a prefix longer than its address");
      n.prefix = p;
    }
    out.push_back(n);
  }
  return out;
}

bool InAny(const std::vector<IpNetwork>& networks, const IpAddress& a) {
  for (const auto& n : networks) {
    if (n.Contains(a)) return true;
  }
  return false;
}

std::string ForwardedClient(const std::string& peer, const std::vector<std::string_view>& forwarded_for,
                            const std::vector<IpNetwork>& trusted) {
  if (trusted.empty() || forwarded_for.empty()) return peer;
  auto from = ParseIpAddress(peer);
  if (!from || !InAny(trusted, *from)) return peer;
  std::string client = from->ToString();
  for (auto h = forwarded_for.rbegin(); h != forwarded_for.rend(); ++h) {
    std::string_view list = *h;
    while (true) {
      auto comma = list.rfind(',');
      auto entry = Trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
      auto a = ParseIpAddress(entry);
      if (!a) return client;  // garbled: the last proxy's word is all there is
      client = a->ToString();
      if (!InAny(trusted, *a)) return client;
      if (comma == std::string_view::npos) break;
      list = list.substr(0, comma);
    }
  }
  return client;
}

}  // namespace onegrid::core
