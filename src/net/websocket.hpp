// WebSocket connections as the layers above net see them (Beast stays in http_server.cpp): a
// connection to send text messages on, and the handler an upgrade request is given to.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace onegrid::net {

class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues a text message. False when the connection is closing, or when the client has not
  // taken the messages already queued (HttpServer::Options::ws_max_queued): a slow client is
  // then closed (1013, "too slow") and dropped — never buffered without limit.
  virtual bool Send(std::string text) = 0;
  // Closes after what is queued (1000 normal, 1008 policy, 1011 server error …).
  virtual void Close(int code, std::string reason) = 0;
};

struct WebSocketHandler {
  // The connection is open. On a worker thread.
  std::function<void(const std::shared_ptr<WebSocket>&)> opened;
  // A text message from the client, in order. On a worker thread.
  std::function<void(const std::shared_ptr<WebSocket>&, std::string)> received;
  // The connection is gone (either side, or the server stopping). Once, last.
  std::function<void()> closed;
};

}  // namespace onegrid::net
