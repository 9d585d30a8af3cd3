#include "net/http_server.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/firewall.hpp"
#include "core/ip_network.hpp"
#include "net/asio.hpp"
#include "net/ws_session.hpp"

namespace onegrid::net {
namespace {

using asio::use_awaitable;

constexpr std::size_t kMaxDrainBytes = 16 << 20;

namespace websocket = beast::websocket;
using internal::Conn;
using internal::WsSession;

// What a client hears of a failure inside the server: the request id to quote, nothing more.
core::Error InternalError(const Request& req) {
  return core::Internal("internal error; the server logged it under request " + req.request_id);
}

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

  core::Gauge* open_gauge = nullptr;
  core::Counter* refused_counter = nullptr;
  core::Counter* timed_out_counter = nullptr;
  std::chrono::steady_clock::time_point last_refusal_logged{};  // accept strand only

  Impl(Options o, Handler h, ErrorResponder e)
      : options(std::move(o)),
        handler(std::move(h)),
        on_error(std::move(e)),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        accept_strand(asio::make_strand(ioc)) {
    if (options.metrics != nullptr) {
      open_gauge = options.metrics->GetGauge("onegrid_http_connections", "HTTP connections open");
      refused_counter = options.metrics->GetCounter(
          "onegrid_http_connections_refused_total", "connections refused at once: server.max_connections were open");
      timed_out_counter = options.metrics->GetCounter(
          "onegrid_http_requests_timed_out_total", "requests whose header or body did not arrive in time");
    }
  }

  // Runs fn on the worker pool (it blocks: database, password hashing) and resumes the calling
  // coroutine on its own strand with the result. fn must not throw.
  template <typename T>
  asio::awaitable<T> OnWorkers(std::function<T()> fn) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(T)>(
        [this, fn = std::move(fn)](auto completion) mutable {
          asio::post(workers, [fn = std::move(fn), completion = std::move(completion)]() mutable {
            T out = fn();
            auto ex = asio::get_associated_executor(completion);
            asio::post(ex, [completion = std::move(completion), out = std::move(out)]() mutable {
              completion(std::move(out));
            });
          });
        },
        use_awaitable);
  }

  // A hook of the options, on the worker pool, inside the handlers' firewall: what it throws is
  // logged with the request id, and `failed` makes the answer (the error model's 500).
  template <typename T>
  T Guarded(const Request& req, const char* what, const std::function<T()>& fn, const std::function<T()>& failed) {
    try {
      return fn();
    } catch (...) {
      spdlog::error("request {} {} {}: {} threw {}", req.request_id, req.method, req.path, what,
                    core::DescribeCurrentException());
    }
    return failed();
  }

  asio::awaitable<Response> RunHandler(Request& req) {
    return OnWorkers<Response>([this, &req] {
      return Guarded<Response>(
          req, "handler", [&] { return handler(req); }, [&] { return on_error(InternalError(req), req); });
    });
  }

  // Before a large body is read (or a client waits for 100 Continue): the admit hook, which
  // answers now (401) or lets the body come.
  asio::awaitable<std::optional<Response>> RunAdmit(Request& head) {
    return OnWorkers<std::optional<Response>>([this, &head] {
      return Guarded<std::optional<Response>>(
          head, "admission", [&] { return options.admit(head); },
          [&] { return std::optional<Response>(on_error(InternalError(head), head)); });
    });
  }

  asio::awaitable<std::optional<WebSocketHandler>> RunUpgrade(Request& req, Response& refusal) {
    return OnWorkers<std::optional<WebSocketHandler>>([this, &req, &refusal] {
      return Guarded<std::optional<WebSocketHandler>>(
          req, "upgrade", [&] { return options.upgrade(req, refusal); },
          [&] {
            refusal = on_error(InternalError(req), req);
            return std::optional<WebSocketHandler>();
          });
    });
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
        (void)core::RunGuarded("websocket handler", [&] { fn(*handler); });
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

  // How long a body of `bytes` may take to arrive, or a response of `bytes` to be taken:
  // body_timeout, and one second more for every body_min_rate bytes.
  std::chrono::milliseconds TransferTime(std::uint64_t bytes) const {
    auto rate = std::max<std::uint64_t>(1, options.body_min_rate);
    return options.body_timeout + std::chrono::milliseconds(bytes / rate * 1000);
  }

  void SetOpenGauge() {  // mu held
    if (open_gauge != nullptr) open_gauge->Set(static_cast<double>(conns.size()));
  }

  asio::awaitable<void> Accept() {
    asio::steady_timer pause(accept_strand);
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor->async_accept(asio::make_strand(ioc), asio::redirect_error(use_awaitable, ec));
      if (stopping || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of file descriptors (EMFILE, ENFILE) or buffers: the connections being served go
        // on, and new ones wait in the kernel's backlog until one of them closes.
        spdlog::error("cannot accept a connection: {}; trying again in 100 ms", ec.message());
        pause.expires_after(std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      std::size_t open;
      {
        std::lock_guard lock(mu);
        open = conns.size();
      }
      if (open >= static_cast<std::size_t>(std::max(1, options.max_connections))) {
        Refuse(socket);
        continue;
      }
      auto conn = std::make_shared<Conn>(std::move(socket));
      std::uint64_t id;
      {
        std::lock_guard lock(mu);
        id = next_conn++;
        conns.emplace(id, conn);
        SetOpenGauge();
      }
      asio::co_spawn(conn->stream.get_executor(), Serve(conn, id), asio::detached);
    }
  }

  // At the connection limit: a 503 written without waiting (a new connection's send buffer takes
  // it whole) and the socket closed, so that a flood costs one accept and one write each.
  void Refuse(tcp::socket& socket) {
    if (refused_counter != nullptr) refused_counter->Add();
    auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_logged > std::chrono::seconds(10)) {
      last_refusal_logged = now;
      spdlog::warn("refusing new connections: {} are open (server.max_connections)", options.max_connections);
    }
    Request none;
    none.request_id = NewRequestId();
    Response res = on_error(core::Unavailable("the server is at its limit of open connections; retry shortly"), none);
    std::string text = "HTTP/1.1 " + std::to_string(res.status) + " " +
                       std::string(http::obsolete_reason(static_cast<http::status>(res.status))) +
                       "\r\nContent-Type: " + res.content_type +
                       "\r\nContent-Length: " + std::to_string(res.body.size()) +
                       "\r\nRetry-After: 1\r\nX-Request-Id: " + none.request_id + "\r\nConnection: close\r\n\r\n" + res.body;
    beast::error_code ec;
    socket.non_blocking(true, ec);
    if (!ec) socket.write_some(asio::buffer(text), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  asio::awaitable<void> Serve(std::shared_ptr<Conn> c, std::uint64_t id) {
    beast::flat_buffer buffer;
    std::string remote;
    beast::error_code ec;
    auto endpoint = c->stream.socket().remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string();
    try {
      co_await ServeRequests(c, buffer, remote);
    } catch (...) {
      spdlog::debug("connection from {} ended: {}", remote, core::DescribeCurrentException());
    }
    c->socket().shutdown(tcp::socket::shutdown_send, ec);
    c->socket().close(ec);
    {
      std::lock_guard lock(mu);
      conns.erase(id);
      SetOpenGauge();
    }
    cv.notify_all();
  }

  // Behind a trusted reverse proxy: the client it forwards for, and whether it was asked over TLS.
  void Forwarded(Request& req) {
    auto peer = core::ParseIpAddress(req.remote_address);
    if (!peer || !core::InAny(options.trusted_proxies, *peer)) return;
    std::vector<std::string_view> chain;
    for (const auto& [name, value] : req.headers) {
      if (beast::iequals(name, "X-Forwarded-For")) chain.push_back(value);
    }
    req.remote_address = core::ForwardedClient(req.remote_address, chain, options.trusted_proxies);
    if (auto proto = req.Header("X-Forwarded-Proto")) {
      auto last = proto->substr(proto->rfind(',') == std::string_view::npos ? 0 : proto->rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      if (beast::iequals(beast::string_view(last.data(), last.size()), "https")) req.scheme = "https";
    }
  }

  // The request's line and header as a Request (no body yet); false when its target is malformed
  // (`error` says why).
  Request HeadOf(const http::request_parser<http::string_body>::value_type& msg, const std::string& remote,
                 std::optional<core::Error>& error) {
    Request req;
    req.remote_address = remote;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& f : msg) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req.request_id = RequestIdFrom(req.Header("X-Request-Id"));
    if (!options.trusted_proxies.empty()) Forwarded(req);
    if (auto target = ParseTarget(req.target, req.path, req.query); !target) error = target.error();
    return req;
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
      // From its first byte, the whole header must arrive within header_timeout: a client that
      // sends a byte a second is dropped, not waited for.
      c.stream.expires_after(options.header_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // The header first, so that a route allowed larger bodies (uploads) can say so; Beast
      // would judge Content-Length against its limit while parsing the header, so that limit
      // is lifted there and the route's limit enforced here and for the body.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      beast::error_code ec;
      co_await http::async_read_header(c.stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      std::size_t limit = options.body_limit;
      if (!ec) {
        const auto& h = parser.get();
        if (options.body_limit_for) {
          limit = std::max(limit, options.body_limit_for(std::string(h.method_string()), std::string(h.target())));
        }
        parser.body_limit(limit);
        if (parser.content_length() && *parser.content_length() > limit) ec = http::error::body_limit;
      }

      Request req;
      req.remote_address = remote;
      req.request_id = NewRequestId();  // until the header names its own
      Response res;
      std::optional<core::Error> bad_target;
      bool answered = false;     // res holds the answer already
      bool body_unread = false;  // answered before the body was read: drain what comes
      if (parser.is_header_done()) req = HeadOf(parser.get(), remote, bad_target);
      if (!ec) {
        // A body larger than the default limit (an upload), or one the client holds back until
        // told to go on (Expect: 100-continue), is read only once the request is admitted: an
        // unauthenticated client costs a header, never megabytes.
        const bool expects_continue = beast::iequals(parser.get()[http::field::expect], "100-continue");
        if (!bad_target && options.admit && !parser.is_done() && (limit > options.body_limit || expects_continue)) {
          if (auto refusal = co_await RunAdmit(req)) {
            res = std::move(*refusal);
            answered = body_unread = true;
          }
        }
        if (!answered && !bad_target && expects_continue && !parser.is_done()) {
          http::response<http::empty_body> go_on{http::status::continue_, 11};
          co_await http::async_write(c.stream, go_on, asio::redirect_error(use_awaitable, ec));
          if (ec) co_return;
        }
        if (!answered && !parser.is_done()) {
          c.stream.expires_after(TransferTime(parser.content_length().value_or(limit)));
          co_await http::async_read(c.stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        }
      }
      if (answered) {
        keep_alive = false;
      } else if (ec == http::error::body_limit) {
        res = on_error({core::ErrorCode::kPayloadTooLarge, "request body larger than " + std::to_string(limit) + " bytes", {}, {}},
                       req);
        keep_alive = false;
        body_unread = true;
      } else if (ec == http::error::header_limit) {
        res = on_error({core::ErrorCode::kPayloadTooLarge,
                        "request header larger than " + std::to_string(options.header_limit) + " bytes", {}, {}},
                       req);
        keep_alive = false;
        body_unread = true;
      } else if (ec == beast::error::timeout) {
        if (timed_out_counter != nullptr) timed_out_counter->Add();
        co_return;  // a client too slow to send its request gets no answer: it is not listening
      } else if (ec == http::error::end_of_stream || ec == asio::error::eof ||
                 ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
        co_return;
      } else if (ec) {
        res = on_error(core::InvalidArgument("malformed HTTP request: " + ec.message()), req);
        keep_alive = false;
        body_unread = true;
      } else {
        auto& msg = parser.get();
        req.body = std::move(msg.body());
        keep_alive = msg.keep_alive();
        if (bad_target) {
          res = on_error(*bad_target, req);
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
      if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
      out.set("X-Request-Id", req.request_id);
      for (const auto& [k, v] : res.headers) out.set(k, v);
      out.body() = std::move(res.body);
      out.keep_alive(keep_alive);
      out.prepare_payload();
      // A client that does not take its answer (a slow reader) is dropped after the same time a
      // body of that size may take to arrive.
      c.stream.expires_after(TransferTime(out.body().size()));
      co_await http::async_write(c.stream, out, use_awaitable);
      c.busy = false;
      if (!body_unread) continue;
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

namespace {

// Each connection holds a file descriptor: the soft limit (often 1024) is raised toward the
// hard one so that max_connections can be open, as nginx's worker_rlimit_nofile does.
void RaiseOpenFileLimit(int max_connections) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  const rlim_t want = static_cast<rlim_t>(max_connections) + 256;  // the database, logs, photos
  if (lim.rlim_cur >= want) return;
  const rlim_t before = lim.rlim_cur;
  lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? want : std::min(want, lim.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur < want) {
    spdlog::warn("open files: the limit is {} (hard limit {}); server.max_connections = {} needs {}", lim.rlim_cur,
                 lim.rlim_max, max_connections, want);
  } else {
    spdlog::debug("open files: limit raised from {} to {}", before, lim.rlim_cur);
  }
}

}  // namespace

core::Result<unsigned short> HttpServer::Start() {
  auto& s = *impl_;
  RaiseOpenFileLimit(s.options.max_connections);
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
    // A handler that throws out of the io_context ends only its own work (logged), not the thread.
    s.threads.emplace_back([&s] {
      pthread_setname_np(pthread_self(), "og-io");
      core::RunThreadGuarded("network I/O", [&s] { s.ioc.run(); });
    });
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
