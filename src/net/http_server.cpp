#include "net/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <future>
#include <limits>
#include <condition_variable>
#include <deque>
#include <csignal>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include <boost/beast/websocket.hpp>

#include "net/asio.hpp"

namespace onegrid::net {
namespace {

using asio::use_awaitable;

constexpr std::size_t kMaxDrainBytes = 16 << 20;

namespace websocket = beast::websocket;

struct Conn {
  explicit Conn(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::optional<websocket::stream<beast::tcp_stream>> ws;  // once upgraded: the stream moved in
  bool busy = false;  // a request is being read, handled or answered; touched on the strand only
  tcp::socket& socket() { return ws ? beast::get_lowest_layer(*ws).socket() : stream.socket(); }
};

// A WebSocket connection's sending side: messages queue here (bounded) and one coroutine on the
// connection's strand writes them; Send and Close may be called from any thread. It holds no
// I/O object (the connection only weakly, the wake-up timer lives in the writing coroutine), so
// a holder that keeps it after the server is gone holds nothing that touches a dead io_context:
// Send then answers false.
class WsSession final : public WebSocket, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(const std::shared_ptr<Conn>& conn, std::size_t max_queued) : conn_(conn), max_queued_(max_queued) {}

  bool Send(std::string text) override {
    std::lock_guard lock(mu_);
    if (closing_) return false;
    if (queue_.size() >= max_queued_) {
      StartClose(websocket::close_code::try_again_later, "too slow: messages were not taken");
      return false;
    }
    queue_.push_back(std::move(text));
    Wake();
    return true;
  }

  void Close(int code, std::string reason) override {
    std::lock_guard lock(mu_);
    if (!closing_) StartClose(static_cast<websocket::close_code>(code), std::move(reason));
  }

  // Writes what is queued until the connection closes. On the connection's strand. `self` keeps
  // the session alive for as long as the coroutine's frame (its locals go first).
  static asio::awaitable<void> WriteLoop(std::shared_ptr<WsSession> self, std::shared_ptr<Conn> conn) {
    co_await self->Write(*conn);
  }

 private:
  asio::awaitable<void> Write(Conn& conn) {
    auto& ws = *conn.ws;
    asio::steady_timer wake(ws.get_executor());
    wake.expires_at(std::chrono::steady_clock::time_point::max());
    {
      std::lock_guard lock(mu_);
      timer_ = &wake;
    }
    struct Unset {  // on every way out of the loop
      WsSession* self;
      ~Unset() {
        std::lock_guard lock(self->mu_);
        self->timer_ = nullptr;
      }
    } unset{this};
    for (;;) {
      std::optional<std::string> next;
      bool close = false;
      {
        std::lock_guard lock(mu_);
        if (gone_) co_return;
        if (!queue_.empty()) {
          next = std::move(queue_.front());
          queue_.pop_front();
        } else if (closing_) {
          close = true;
        } else {
          waiting_ = true;
        }
      }
      beast::error_code ec;
      if (next) {
        ws.text(true);
        co_await ws.async_write(asio::buffer(*next), asio::redirect_error(use_awaitable, ec));
      } else if (close) {
        co_await ws.async_close(reason_, asio::redirect_error(use_awaitable, ec));
        co_return;
      } else {
        co_await wake.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      if (ec && ec != asio::error::operation_aborted) co_return;
    }
  }


 public:
  // The reader ended, or the server stops: nothing more is written or queued.
  void Gone() {
    std::lock_guard lock(mu_);
    gone_ = closing_ = true;
    queue_.clear();
    Wake();
  }

 private:
  void StartClose(websocket::close_code code, std::string reason) {  // with mu_ held
    closing_ = true;
    queue_.clear();
    reason_ = websocket::close_reason(code, reason);
    Wake();
  }
  void Wake() {  // with mu_ held
    if (!waiting_ || timer_ == nullptr) return;
    auto conn = conn_.lock();
    if (!conn) return;
    waiting_ = false;
    asio::post(conn->ws->get_executor(), [self = shared_from_this()] {
      std::lock_guard lock(self->mu_);
      if (self->timer_ != nullptr) self->timer_->cancel();
    });
  }

  std::weak_ptr<Conn> conn_;
  const std::size_t max_queued_;
  std::mutex mu_;
  std::deque<std::string> queue_;
  asio::steady_timer* timer_ = nullptr;  // the writing coroutine's, while it runs
  bool waiting_ = false, closing_ = false, gone_ = false;
  websocket::close_reason reason_;
};

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 0; i < 16; ++i) id[i] = kHex[(v >> (i * 4)) & 0xf];
  return id;
}

// A client's own request id is kept when it is short and plain, so it can be traced end to end.
std::string RequestIdFrom(std::optional<std::string_view> given) {
  if (given && !given->empty() && given->size() <= 64 &&
      std::all_of(given->begin(), given->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      })) {
    return std::string(*given);
  }
  return NewRequestId();
}

}  // namespace

struct HttpServer::Impl {
  Options options;
  Handler handler;
  ErrorResponder on_error;
  asio::io_context ioc;
  asio::thread_pool workers;
  asio::strand<asio::io_context::executor_type> accept_strand;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  bool shut_down = false;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::map<std::uint64_t, std::shared_ptr<Conn>> conns;
  std::uint64_t next_conn = 0;

  Impl(Options o, Handler h, ErrorResponder e)
      : options(std::move(o)),
        handler(std::move(h)),
        on_error(std::move(e)),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        accept_strand(asio::make_strand(ioc)) {}

  // Runs the handler on the worker pool and resumes the coroutine on its own strand.
  asio::awaitable<Response> RunHandler(Request& req) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
        [this, &req](auto completion) {
          asio::post(workers, [this, &req, completion = std::move(completion)]() mutable {
            Response res;
            try {
              res = handler(req);
            } catch (const std::exception& e) {
              spdlog::error("request {} {} {}: handler threw: {}", req.request_id, req.method,
                            req.path, e.what());
              res = on_error(core::Internal("internal error"), req);
            }
            auto ex = asio::get_associated_executor(completion);
            asio::post(ex, [completion = std::move(completion), res = std::move(res)]() mutable {
              completion(std::move(res));
            });
          });
        },
        use_awaitable);
  }

  // Decides an upgrade on the worker pool, as RunHandler.
  asio::awaitable<std::optional<WebSocketHandler>> RunUpgrade(Request& req, Response& refusal) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::optional<WebSocketHandler>)>(
        [this, &req, &refusal](auto completion) {
          asio::post(workers, [this, &req, &refusal, completion = std::move(completion)]() mutable {
            std::optional<WebSocketHandler> handler;
            try {
              handler = options.upgrade(req, refusal);
            } catch (const std::exception& e) {
              spdlog::error("request {} {} {}: upgrade threw: {}", req.request_id, req.method, req.path, e.what());
              refusal = on_error(core::Internal("internal error"), req);
            }
            auto ex = asio::get_associated_executor(completion);
            asio::post(ex, [completion = std::move(completion), handler = std::move(handler)]() mutable {
              completion(std::move(handler));
            });
          });
        },
        use_awaitable);
  }

  // The connection as a WebSocket until either side closes it or the server stops. The
  // handler's calls run on the worker pool, one at a time and in order (a strand of their own).
  asio::awaitable<void> ServeWebSocket(std::shared_ptr<Conn> c, http::request<http::string_body> msg,
                                       WebSocketHandler handler_value, const std::string& request_id) {
    auto handler = std::make_shared<WebSocketHandler>(std::move(handler_value));
    c->ws.emplace(std::move(c->stream));
    c->busy = false;  // a stream resumes after a reconnect: the server may close it when stopping
    auto& ws = *c->ws;
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.set_option(websocket::stream_base::decorator([request_id](websocket::response_type& r) {
      r.set(http::field::server, "onegrid");
      r.set("X-Request-Id", request_id);
    }));
    ws.read_message_max(options.ws_message_limit);
    beast::error_code ec;
    co_await ws.async_accept(msg, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    auto session = std::make_shared<WsSession>(c, options.ws_max_queued);
    asio::co_spawn(ws.get_executor(), WsSession::WriteLoop(session, c), asio::detached);
    auto calls = asio::make_strand(workers);
    auto call = [calls, handler](std::function<void(WebSocketHandler&)> fn) {
      asio::post(calls, [handler, fn = std::move(fn)] {
        try {
          fn(*handler);
        } catch (const std::exception& e) {
          spdlog::error("websocket handler threw: {}", e.what());
        }
      });
    };
    call([session](WebSocketHandler& h) {
      if (h.opened) h.opened(session);
    });
    beast::flat_buffer buffer;
    for (;;) {
      co_await ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (!ws.got_text()) continue;
      call([session, text = std::move(text)](WebSocketHandler& h) mutable {
        if (h.received) h.received(session, std::move(text));
      });
    }
    session->Gone();
    call([](WebSocketHandler& h) {
      if (h.closed) h.closed();
    });
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor->async_accept(asio::make_strand(ioc), use_awaitable);
      auto conn = std::make_shared<Conn>(std::move(socket));
      std::uint64_t id;
      {
        std::lock_guard lock(mu);
        id = next_conn++;
        conns.emplace(id, conn);
      }
      asio::co_spawn(conn->stream.get_executor(), Serve(conn, id), asio::detached);
    }
  }

  asio::awaitable<void> Serve(std::shared_ptr<Conn> c, std::uint64_t id) {
    beast::flat_buffer buffer;
    std::string remote;
    beast::error_code ec;
    auto endpoint = c->stream.socket().remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string();
    try {
      co_await ServeRequests(c, buffer, remote);
    } catch (const std::exception& e) {
      spdlog::debug("connection from {} ended: {}", remote, e.what());
    }
    c->socket().shutdown(tcp::socket::shutdown_send, ec);
    c->socket().close(ec);
    {
      std::lock_guard lock(mu);
      conns.erase(id);
    }
    cv.notify_all();
  }

  asio::awaitable<void> ServeRequests(std::shared_ptr<Conn> conn, beast::flat_buffer& buffer,
                                      const std::string& remote) {
    Conn& c = *conn;
    bool keep_alive = true;
    while (keep_alive && !stopping) {
      if (buffer.size() == 0) {
        // Waiting for the next request: the idle timeout applies.
        c.stream.expires_after(options.idle_timeout);
        std::size_t n = co_await c.stream.async_read_some(buffer.prepare(4096), use_awaitable);
        buffer.commit(n);
      }
      c.busy = true;
      c.stream.expires_after(options.read_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // The header first, so that a route allowed larger bodies (uploads) can say so; Beast
      // would judge Content-Length against its limit while parsing the header, so that limit
      // is lifted there and the route's limit enforced here and for the body.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      beast::error_code ec;
      co_await http::async_read_header(c.stream, buffer, parser,
                                       asio::redirect_error(use_awaitable, ec));
      std::size_t limit = options.body_limit;
      if (!ec) {
        const auto& h = parser.get();
        if (options.body_limit_for) {
          limit = std::max(limit, options.body_limit_for(std::string(h.method_string()),
                                                         std::string(h.target())));
        }
        parser.body_limit(limit);
        if (parser.content_length() && *parser.content_length() > limit) ec = http::error::body_limit;
      }
      if (!ec && !parser.is_done()) {
        co_await http::async_read(c.stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      }

      Request req;
      req.remote_address = remote;
      Response res;
      if (ec == http::error::body_limit) {
        req.request_id = NewRequestId();
        res = on_error({core::ErrorCode::kPayloadTooLarge,
                        "request body larger than " + std::to_string(limit) +
                            " bytes",
                        {},
                        {}},
                       req);
        keep_alive = false;
      } else if (ec == http::error::header_limit) {
        req.request_id = NewRequestId();
        res = on_error({core::ErrorCode::kPayloadTooLarge,
                        "request header larger than " + std::to_string(options.header_limit) +
                            " bytes",
                        {},
                        {}},
                       req);
        keep_alive = false;
      } else if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
                 ec == asio::error::eof || ec == asio::error::operation_aborted ||
                 ec == asio::error::connection_reset) {
        co_return;
      } else if (ec) {
        req.request_id = NewRequestId();
        res = on_error(core::InvalidArgument("malformed HTTP request: " + ec.message()), req);
        keep_alive = false;
      } else {
        auto& msg = parser.get();
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        for (const auto& f : msg) {
          req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        }
        req.request_id = RequestIdFrom(req.Header("X-Request-Id"));
        req.body = std::move(msg.body());
        keep_alive = msg.keep_alive();
        if (auto target = ParseTarget(req.target, req.path, req.query); !target) {
          res = on_error(target.error(), req);
        } else if (options.upgrade && websocket::is_upgrade(msg)) {
          auto handler = co_await RunUpgrade(req, res);
          if (handler) {
            co_await ServeWebSocket(conn, parser.release(), std::move(*handler), req.request_id);
            co_return;
          }
          keep_alive = false;
        } else {
          res = co_await RunHandler(req);
        }
      }
      if (stopping) keep_alive = false;

      http::response<http::string_body> out{static_cast<http::status>(res.status), 11};
      out.set(http::field::server, "onegrid");
      out.set(http::field::content_type, res.content_type);
      out.set("X-Request-Id", req.request_id);
      for (const auto& [k, v] : res.headers) out.set(k, v);
      out.body() = std::move(res.body);
      out.keep_alive(keep_alive);
      out.prepare_payload();
      c.stream.expires_after(options.read_timeout);
      co_await http::async_write(c.stream, out, use_awaitable);
      c.busy = false;
      if (!req.method.empty() || keep_alive) continue;
      // A rejected request may still be arriving (a client that sends a large body before it
      // reads). Closing at once would reset the connection and lose the answer, so stop
      // sending and drain what comes, bounded in bytes and time, as nginx's lingering close.
      beast::error_code ignored;
      c.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      c.stream.expires_after(std::chrono::seconds(2));
      std::size_t drained = 0;
      while (drained < kMaxDrainBytes) {
        buffer.consume(buffer.size());
        std::size_t n = co_await c.stream.async_read_some(buffer.prepare(64 << 10), use_awaitable);
        buffer.commit(n);
        drained += n;
      }
      co_return;
    }
  }
};

HttpServer::HttpServer(Options options, Handler handler, ErrorResponder on_error)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(on_error))) {}

HttpServer::~HttpServer() { Shutdown(std::chrono::milliseconds(0)); }

core::Result<unsigned short> HttpServer::Start() {
  auto& s = *impl_;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (ec) return core::InvalidArgument("not an IP address: " + s.options.host, "server.listen");
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.emplace(s.accept_strand);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Unavailable("cannot listen on " + s.options.host + ":" +
                             std::to_string(s.options.port) + ": " + ec.message());
  }
  unsigned short port = s.acceptor->local_endpoint().port();
  asio::co_spawn(s.accept_strand, s.Accept(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const boost::system::system_error& err) {
      if (err.code() != asio::error::operation_aborted) {
        spdlog::error("accept loop stopped: {}", err.what());
      }
    } catch (const std::exception& err) {
      spdlog::error("accept loop stopped: {}", err.what());
    }
  });
  s.work.emplace(s.ioc.get_executor());
  for (int i = 0; i < std::max(1, s.options.io_threads); ++i) {
    s.threads.emplace_back([&s] { s.ioc.run(); });
  }
  return port;
}

void HttpServer::Shutdown(std::chrono::milliseconds grace) {
  auto& s = *impl_;
  if (s.shut_down) return;
  s.shut_down = true;
  s.stopping = true;
  if (s.acceptor) {
    std::promise<void> closed;
    asio::post(s.accept_strand, [&] {
      boost::system::error_code ec;
      s.acceptor->close(ec);
      closed.set_value();
    });
    if (!s.threads.empty()) closed.get_future().wait();
  }
  auto close_idle = [&](bool all) {
    std::lock_guard lock(s.mu);
    for (auto& [id, conn] : s.conns) {
      asio::post(conn->stream.get_executor(), [conn, all] {
        if (all || !conn->busy) {
          boost::system::error_code ignored;
          conn->socket().cancel(ignored);
        }
      });
    }
  };
  close_idle(false);
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, grace, [&] { return s.conns.empty(); });
  }
  close_idle(true);
  s.work.reset();
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, std::chrono::seconds(2), [&] { return s.conns.empty(); });
  }
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.workers.join();
}

int HttpServer::open_connections() const {
  std::lock_guard lock(impl_->mu);
  return static_cast<int>(impl_->conns.size());
}

int WaitForStopSignal() {
  asio::io_context ctx;
  asio::signal_set signals(ctx, SIGINT, SIGTERM);
  int got = 0;
  signals.async_wait([&](const boost::system::error_code&, int sig) { got = sig; });
  ctx.run();
  return got;
}

}  // namespace onegrid::net
