// HTTP requests and responses as plain values, so that the layers above net (api, tests) never
// include Beast. Header names are matched case-insensitively.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace onegrid::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of a header, case-insensitive on the name.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as sent: path and query
  std::string path;    // decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  // The client's IP: the connection's peer, or, from a trusted proxy, the client it forwards
  // for (X-Forwarded-For; HttpServer::Options::trusted_proxies).
  std::string remote_address;
  std::string scheme = "http";  // "https" when a trusted proxy says so (X-Forwarded-Proto)
  std::string request_id;      // set by the server for logs and the X-Request-Id header

  std::optional<std::string_view> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
  std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";  // none is sent when empty (a 304, say)
  Headers headers;
  std::string body;
};

// Splits a request target into a decoded path and query. kInvalidArgument for bad
// percent-encoding or decoded text that is not UTF-8, naming "path", the parameter, or "query"
// for a parameter's name.
core::Result<void> ParseTarget(std::string_view target, std::string& path,
                               std::vector<std::pair<std::string, std::string>>& query);

}  // namespace onegrid::net
