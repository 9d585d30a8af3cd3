// Internal to http_server.cpp (the one file that includes Beast's WebSocket): a connection as
// the server keeps it, and a WebSocket connection's sending side.
#pragma once

#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/websocket.hpp"

namespace onegrid::net::internal {

namespace websocket = beast::websocket;
using asio::use_awaitable;

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
  WsSession(const std::shared_ptr<Conn>& conn, std::size_t max_queued)
      : conn_(conn), max_queued_(max_queued) {}

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
  static asio::awaitable<void> WriteLoop(std::shared_ptr<WsSession> self,
                                         std::shared_ptr<Conn> conn) {
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

}  // namespace onegrid::net::internal
