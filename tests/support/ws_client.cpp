#include "support/ws_client.hpp"

#include <boost/beast/websocket.hpp>

#include "net/asio.hpp"

namespace onegrid::testing {

namespace websocket = net::beast::websocket;

struct WsClient::Impl {
  net::asio::io_context ioc;
  std::optional<websocket::stream<net::beast::tcp_stream>> ws;
  net::beast::flat_buffer buffer;
  int close_code = 0;
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() = default;

WsClient::Opened WsClient::Connect(unsigned short port, const std::string& target, const net::Headers& headers,
                                   int receive_buffer) {
  std::unique_ptr<WsClient> c(new WsClient());
  auto& ws = c->impl_->ws.emplace(c->impl_->ioc);
  auto& tcp = net::beast::get_lowest_layer(ws);
  tcp.socket().open(net::tcp::v4());
  if (receive_buffer > 0) tcp.socket().set_option(net::asio::socket_base::receive_buffer_size(receive_buffer));
  tcp.connect(net::tcp::endpoint(net::asio::ip::make_address("127.0.0.1"), port));
  ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& r) {
    for (const auto& [k, v] : headers) r.set(k, v);
  }));
  websocket::response_type res;
  net::beast::error_code ec;
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  Opened out;
  if (ec) {
    // Refused: ask again over plain HTTP with the same upgrade headers to read the answer whole.
    net::beast::tcp_stream http(c->impl_->ioc);
    http.connect(net::tcp::endpoint(net::asio::ip::make_address("127.0.0.1"), port));
    net::http::request<net::http::empty_body> req{net::http::verb::get, target, 11};
    req.set(net::http::field::host, "127.0.0.1");
    req.set(net::http::field::upgrade, "websocket");
    req.set(net::http::field::connection, "Upgrade");
    req.set(net::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    req.set(net::http::field::sec_websocket_version, "13");
    for (const auto& [k, v] : headers) req.set(k, v);
    net::http::write(http, req);
    net::beast::flat_buffer buffer;
    net::http::response<net::http::string_body> answer;
    net::http::read(http, buffer, answer);
    out.status = static_cast<int>(answer.result_int());
    out.body = answer.body();
    return out;
  }
  out.client = std::move(c);
  return out;
}

void WsClient::Send(const std::string& text) {
  impl_->ws->text(true);
  impl_->ws->write(net::asio::buffer(text));
}

std::optional<std::string> WsClient::Read(std::chrono::milliseconds wait) {
  auto& s = *impl_;
  net::beast::error_code result = net::asio::error::would_block;
  s.ioc.restart();
  s.ws->async_read(s.buffer, [&](net::beast::error_code ec, std::size_t) { result = ec; });
  s.ioc.run_for(wait);
  if (result == net::asio::error::would_block) {  // nothing came in time
    net::beast::get_lowest_layer(*s.ws).socket().close();
    s.ioc.restart();
    s.ioc.run();
    return std::nullopt;
  }
  if (result) {
    if (result == websocket::error::closed) s.close_code = static_cast<int>(s.ws->reason().code);
    return std::nullopt;
  }
  std::string text = net::beast::buffers_to_string(s.buffer.data());
  s.buffer.consume(s.buffer.size());
  return text;
}

int WsClient::close_code() const { return impl_->close_code; }

}  // namespace onegrid::testing
