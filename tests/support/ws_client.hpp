// A small WebSocket client for tests: connects to 127.0.0.1:port, upgrades, sends and reads text
// messages with a bounded wait. Beast stays in ws_client.cpp. Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "net/http_message.hpp"

namespace onegrid::testing {

class WsClient {
 public:
  // The upgrade's outcome: a connected client, or the HTTP answer that refused it.
  struct Opened {
    std::unique_ptr<WsClient> client;
    int status = 0;    // of a refusal
    std::string body;  // of a refusal
  };
  // `receive_buffer` > 0 shrinks the socket's receive buffer (a slow client).
  static Opened Connect(unsigned short port, const std::string& target, const net::Headers& headers = {},
                        int receive_buffer = 0);
  ~WsClient();

  void Send(const std::string& text);
  // The next text message, or nullopt when the connection closed (close_code() says how) or
  // nothing came within `wait` (a failure for the tests: they wait only for what must come).
  std::optional<std::string> Read(std::chrono::milliseconds wait = std::chrono::seconds(10));
  int close_code() const;  // 0 until the server closed with a code

 private:
  WsClient();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onegrid::testing
