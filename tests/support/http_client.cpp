#include "support/http_client.hpp"

#include "net/asio.hpp"

namespace onegrid::testing {

struct HttpClient::Impl {
  unsigned short port;
  net::asio::io_context ioc;
  std::optional<net::beast::tcp_stream> stream;
  net::beast::flat_buffer buffer;

  void Connect() {
    stream.emplace(ioc);
    stream->connect(net::tcp::endpoint(net::asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }

  HttpResult Read() {
    net::http::response_parser<net::http::string_body> parser;
    parser.body_limit(64 << 20);
    net::http::read(*stream, buffer, parser);
    auto& msg = parser.get();
    HttpResult r;
    r.status = static_cast<int>(msg.result_int());
    for (const auto& f : msg) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    r.body = msg.body();
    if (!msg.keep_alive()) stream.reset();
    return r;
  }
};

HttpClient::HttpClient(unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
}
HttpClient::~HttpClient() = default;

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body, const net::Headers& headers) {
  if (!impl_->stream) impl_->Connect();
  net::http::request<net::http::string_body> req{net::http::string_to_verb(method), target, 11};
  req.set(net::http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  if (req.method() == net::http::verb::unknown) req.method_string(method);
  net::http::write(*impl_->stream, req);
  return impl_->Read();
}

HttpResult HttpClient::Get(const std::string& target, const std::string& token) {
  net::Headers h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return Send("GET", target, {}, h);
}

HttpResult HttpClient::PostJson(const std::string& target, const nlohmann::json& body,
                                const std::string& token) {
  net::Headers h{{"Content-Type", "application/json"}};
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return Send("POST", target, body.dump(), h);
}

HttpResult HttpClient::Raw(const std::string& bytes) {
  if (!impl_->stream) impl_->Connect();
  net::asio::write(impl_->stream->socket(), net::asio::buffer(bytes));
  return impl_->Read();
}

}  // namespace onegrid::testing
