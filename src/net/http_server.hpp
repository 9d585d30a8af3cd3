// The HTTP/1.1 server: Boost.Beast with C++20 coroutines, one io_context on a few threads, a
// strand per connection, and handlers run on a separate worker pool because they block
// (database, password hashing). It enforces the protocol limits (open connections, header and
// body size, header, body and idle deadlines), reads a large body only once the request is
// admitted (Expect: 100-continue honoured), keeps connections alive, stamps every response
// with X-Request-Id, and shuts down gracefully: stop accepting, let in-flight requests finish,
// close idle connections. A handler or hook that throws costs its request a 500, never the
// server (core/firewall.hpp).
// Beast stays inside http_server.cpp; users see only net::Request and net::Response.
// Thread-safe: Start and Shutdown may be called from any one controlling thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ip_network.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "net/http_message.hpp"
#include "net/websocket.hpp"

namespace onegrid::net {

class HttpServer {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    unsigned short port = 0;  // 0 picks a free port
    int io_threads = 2;
    int workers = 16;
    std::size_t body_limit = 1 << 20;
    std::size_t header_limit = 16 << 10;
    // Connections open at once; past it a new one is answered 503 and closed at once, and the
    // open ones go on.
    int max_connections = 2048;
    // From a request's first byte, its whole header must arrive within header_timeout; its
    // body within body_timeout plus one second per body_min_rate bytes (and a response must
    // be taken as fast). A slower client is dropped.
    std::chrono::milliseconds header_timeout{10000};
    std::chrono::milliseconds body_timeout{30000};
    std::size_t body_min_rate = 32 << 10;
    std::chrono::milliseconds idle_timeout{60000};
    // A larger body limit for some routes (uploads), decided from the method and target once
    // the header is in; the default limit applies when it answers less. May be empty.
    std::function<std::size_t(const std::string& method, const std::string& target)> body_limit_for =
        nullptr;
    // Asked on a worker thread, with the request's line and header but no body, before a body
    // larger than body_limit is read or a client that sent Expect: 100-continue is told to go
    // on: an answer (say 401) is sent at once and the body never read; nullopt lets it come.
    std::function<std::optional<Response>(Request& head)> admit = nullptr;
    // WebSocket upgrades (RFC 6455), decided on a worker thread: a handler takes the connection;
    // none leaves `refusal` as the HTTP answer. Without it an upgrade is an ordinary request.
    std::function<std::optional<WebSocketHandler>(Request&, Response& refusal)> upgrade = nullptr;
    std::size_t ws_max_queued = 256;        // messages waiting for a client before it is dropped
    std::size_t ws_message_limit = 64 << 10;  // the largest message a client may send
    core::Registry* metrics = nullptr;         // connections open, refused, timed out; may be null
    // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (core::ForwardedClient).
    std::vector<core::IpNetwork> trusted_proxies = {};
  };
  // Runs on a worker thread; must not throw (a throw becomes a 500 and is logged).
  using Handler = std::function<Response(Request&)>;
  // Shapes protocol-level errors (oversize, malformed, handler throw) in the API's error format.
  using ErrorResponder = std::function<Response(const core::Error&, const Request&)>;

  HttpServer(Options options, Handler handler, ErrorResponder on_error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads; returns the bound port.
  core::Result<unsigned short> Start();
  // Stops accepting, closes idle connections, waits up to `grace` for in-flight requests to be
  // answered, then stops the threads. Idempotent.
  void Shutdown(std::chrono::milliseconds grace);
  // Connections currently open.
  int open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForStopSignal();

}  // namespace onegrid::net
