// The limit for a small JSON round trip: a Beast HTTP/1.1 server with C++20 coroutines whose
// handler does nothing but answer {} — no routing, no auth, no worker pool, no logging.
// Usage: onegrid_bench_noop [threads]; prints "listening PORT" on 127.0.0.1, runs until killed.
#include <iostream>
#include <thread>
#include <vector>

#include "net/asio.hpp"

namespace og = onegrid::net;
using og::asio::use_awaitable;

og::asio::awaitable<void> Serve(og::tcp::socket socket) {
  og::beast::tcp_stream stream(std::move(socket));
  og::beast::flat_buffer buffer;
  try {
    for (;;) {
      og::http::request<og::http::string_body> req;
      co_await og::http::async_read(stream, buffer, req, use_awaitable);
      og::http::response<og::http::string_body> res{og::http::status::ok, req.version()};
      res.set(og::http::field::content_type, "application/json");
      res.body() = "{}";
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      co_await og::http::async_write(stream, res, use_awaitable);
      if (!req.keep_alive()) break;
    }
  } catch (const std::exception&) {
  }
}

og::asio::awaitable<void> Accept(og::tcp::acceptor& acceptor, og::asio::io_context& ioc) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(og::asio::make_strand(ioc), use_awaitable);
    auto ex = socket.get_executor();
    og::asio::co_spawn(ex, Serve(std::move(socket)), og::asio::detached);
  }
}

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  og::asio::io_context ioc;
  og::tcp::acceptor acceptor(ioc, {og::asio::ip::make_address("127.0.0.1"), 0});
  std::cout << "listening " << acceptor.local_endpoint().port() << std::endl;
  og::asio::co_spawn(ioc, Accept(acceptor, ioc), og::asio::detached);
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  for (auto& t : pool) t.join();
}
