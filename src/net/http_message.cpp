#include "net/http_message.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"

namespace onegrid::net {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = Hex(in[i + 1]), lo = Hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

core::Result<void> ParseTarget(std::string_view target, std::string& path,
                               std::vector<std::pair<std::string, std::string>>& query) {
  auto q = target.find('?');
  if (!Decode(target.substr(0, q), false, path)) {
    return core::InvalidArgument("malformed percent-encoding in the URL's path", "path");
  }
  OG_RETURN_IF_ERROR(core::CheckUtf8(path, "path"));
  query.clear();
  if (q == std::string_view::npos) return core::Ok();
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string k, v;
    if (!Decode(part.substr(0, eq), true, k)) {
      return core::InvalidArgument("malformed percent-encoding in a query parameter's name", "query");
    }
    OG_RETURN_IF_ERROR(core::CheckUtf8(k, "query"));
    if (eq != std::string_view::npos && !Decode(part.substr(eq + 1), true, v)) {
      return core::InvalidArgument("malformed percent-encoding", k);
    }
    OG_RETURN_IF_ERROR(core::CheckUtf8(v, k));
    query.emplace_back(std::move(k), std::move(v));
  }
  return core::Ok();
}

}  // namespace onegrid::net
