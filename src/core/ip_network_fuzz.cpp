// X-Forwarded-For and the trusted-proxy setting: any bytes give a refusal with its field or a
// list, and the client found is always the peer or an address that parses back to itself.
#include <string_view>

#include "core/ip_network.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto split = s.find('\n');
  std::string_view setting = split == std::string_view::npos ? std::string_view("127.0.0.1, 10.0.0.0/8, ::1")
                                                             : s.substr(0, split);
  std::string_view header = split == std::string_view::npos ? s : s.substr(split + 1);
  auto nets = core::ParseIpNetworks(setting, "server.trusted_proxies");
  if (!nets) {
    fuzz::CheckRefusal(nets.error());
    OG_FUZZ_CHECK(nets.error().field == "server.trusted_proxies");
    return 0;
  }
  for (const auto& n : *nets) OG_FUZZ_CHECK(n.prefix >= 0 && n.prefix <= (n.base.v6 ? 128 : 32));
  std::vector<std::string_view> headers;
  while (!header.empty() && headers.size() < 8) {
    auto nl = header.find('\r');
    headers.push_back(header.substr(0, nl));
    if (nl == std::string_view::npos) break;
    header.remove_prefix(nl + 1);
  }
  auto client = core::ForwardedClient("127.0.0.1", headers, *nets);
  if (client != "127.0.0.1") {
    auto a = core::ParseIpAddress(client);
    OG_FUZZ_CHECK(a.has_value() && a->ToString() == client);
  }
  return 0;
}
