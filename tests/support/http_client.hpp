// A small blocking HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1:port.
// Beast stays in http_client.cpp. Not thread-safe; one per test thread.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "net/http_message.hpp"

namespace onegrid::testing {

struct HttpResult {
  int status = 0;
  net::Headers headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    auto v = net::FindHeader(headers, name);
    return v ? std::string(*v) : std::string();
  }
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port);
  ~HttpClient();

  // Sends one request; reconnects when the server closed the previous connection.
  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body = {}, const net::Headers& headers = {});
  HttpResult Get(const std::string& target, const std::string& token = {});
  HttpResult PostJson(const std::string& target, const nlohmann::json& body,
                      const std::string& token = {});
  // Writes raw bytes and reads one response (for malformed requests).
  HttpResult Raw(const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onegrid::testing
