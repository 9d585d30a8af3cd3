#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <thread>

#include "support/http_client.hpp"
#include "support/ws_client.hpp"

namespace onegrid::net {
namespace {

using namespace std::chrono_literals;

Response ErrorAsText(const core::Error& e, const Request&) {
  Response r;
  r.status = e.code == core::ErrorCode::kPayloadTooLarge ? 413 : 400;
  r.body = std::string(core::ErrorCodeName(e.code)) + ": " + e.message;
  return r;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServer::Handler handler, HttpServer::Options options = {}) {
    server_ = std::make_unique<HttpServer>(options, std::move(handler), ErrorAsText);
    auto port = server_->Start();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
  }
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
};

TEST_F(HttpServerTest, AnswersAndKeepsTheConnectionAlive) {
  Start([](Request& r) {
    Response res;
    res.body = r.method + " " + r.path + " " + r.Query("x").value_or("-");
    return res;
  });
  testing::HttpClient client(port_);
  auto a = client.Get("/hello?x=1");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "GET /hello 1");
  EXPECT_EQ(a.header("X-Request-Id").size(), 16u);
  auto b = client.Get("/again");
  EXPECT_EQ(b.body, "GET /again -");
  EXPECT_EQ(server_->open_connections(), 1);  // the same connection served both
}

TEST_F(HttpServerTest, KeepsAPlainClientRequestId) {
  Start([](Request&) { return Response{}; });
  testing::HttpClient client(port_);
  EXPECT_EQ(client.Send("GET", "/", "", {{"X-Request-Id", "abc-123"}}).header("X-Request-Id"),
            "abc-123");
  EXPECT_NE(client.Send("GET", "/", "", {{"X-Request-Id", "has space"}}).header("X-Request-Id"),
            "has space");
}

TEST_F(HttpServerTest, EnforcesBodyAndHeaderLimits) {
  std::atomic<int> handled{0};
  Start(
      [&](Request&) {
        ++handled;
        return Response{};
      },
      {.body_limit = 1024, .header_limit = 2048});
  testing::HttpClient client(port_);
  auto big = client.Send("POST", "/x", std::string(1025, 'a'), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.body.rfind("payload_too_large: request body larger than 1024 bytes", 0), 0u)
      << big.body;
  auto fat = client.Send("GET", "/x", "", {{"X-Fill", std::string(3000, 'h')}});
  EXPECT_EQ(fat.status, 413);
  EXPECT_NE(fat.body.find("header"), std::string::npos);
  EXPECT_EQ(client.Send("POST", "/x", std::string(1024, 'a')).status, 200);
  EXPECT_EQ(handled.load(), 1);  // the oversize requests never reached the handler
}

TEST_F(HttpServerTest, SomeRoutesMayTakeLargerBodies) {
  Start([](Request& r) {
    Response res;
    res.body = std::to_string(r.body.size());
    return res;
  },
        {.body_limit = 1024,
         .body_limit_for = [](const std::string& method, const std::string& target) -> std::size_t {
           return method == "POST" && target.starts_with("/upload") ? 4096 : 0;
         }});
  testing::HttpClient client(port_);
  EXPECT_EQ(client.Send("POST", "/upload", std::string(4000, 'a')).body, "4000");
  EXPECT_EQ(client.Send("POST", "/upload", std::string(4097, 'a')).status, 413);
  testing::HttpClient other(port_);
  EXPECT_EQ(other.Send("POST", "/other", std::string(2000, 'a')).status, 413);
}

TEST_F(HttpServerTest, MalformedRequestsGet400) {
  Start([](Request&) { return Response{}; });
  testing::HttpClient client(port_);
  auto r = client.Raw("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: zz\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind("invalid_argument: malformed HTTP request", 0), 0u) << r.body;
  testing::HttpClient other(port_);
  EXPECT_EQ(other.Get("/bad%zz").status, 400);
}

// Issue #20: whatever a handler throws, even what is no std::exception, costs that one request:
// the answer names the request id the log has it under, and the next request is served.
TEST_F(HttpServerTest, AThrowingHandlerFailsItsRequestAndTheNextIsServed) {
  Start([](Request& r) -> Response {
    if (r.path == "/std") throw std::runtime_error("boom");
    if (r.path == "/int") throw 42;
    Response res;
    res.body = "served";
    return res;
  });
  testing::HttpClient client(port_);
  for (const char* path : {"/std", "/int"}) {
    auto r = client.Send("GET", path, "", {{"X-Request-Id", "trace-me-1"}});
    EXPECT_EQ(r.status, 400);  // ErrorAsText maps every non-413 code to 400 in this test
    EXPECT_EQ(r.body, "internal: internal error; the server logged it under request trace-me-1");
    EXPECT_EQ(r.header("X-Request-Id"), "trace-me-1");
  }
  auto next = client.Get("/ok");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "served");
}

TEST_F(HttpServerTest, ShutdownFinishesInFlightRequestsAndClosesIdleOnes) {
  std::latch entered(1), release(1);
  Start([&](Request& r) {
    Response res;
    if (r.path == "/slow") {
      entered.count_down();
      release.wait();
      res.body = "finished";
    }
    return res;
  });
  testing::HttpClient idle(port_);
  ASSERT_EQ(idle.Get("/fast").status, 200);  // leaves an idle keep-alive connection
  auto slow = std::async(std::launch::async, [&] {
    testing::HttpClient client(port_);
    return client.Get("/slow");
  });
  entered.wait();
  auto stopped = std::async(std::launch::async, [&] { server_->Shutdown(10s); });
  // Shutdown waits for the in-flight request.
  EXPECT_EQ(stopped.wait_for(200ms), std::future_status::timeout);
  release.count_down();
  auto res = slow.get();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "finished");
  EXPECT_EQ(res.header("Connection"), "close");
  stopped.get();
  EXPECT_EQ(server_->open_connections(), 0);
  EXPECT_ANY_THROW(testing::HttpClient(port_).Get("/fast"));  // no longer accepting
}

TEST_F(HttpServerTest, IdleConnectionsTimeOut) {
  Start([](Request&) { return Response{}; }, {.idle_timeout = 100ms});
  testing::HttpClient client(port_);
  ASSERT_EQ(client.Get("/").status, 200);
  for (int i = 0; i < 1000 && server_->open_connections() > 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server_->open_connections(), 0);
}

// A WebSocket whose handler echoes each message and, asked "flood", sends until the server
// refuses a message: the client reads nothing, so the queue fills and it is dropped.
struct Flood {
  std::atomic<int> sent{0};
  std::atomic<bool> refused{false}, closed{false};
  std::promise<void> done;
};

HttpServer::Options Upgrading(std::shared_ptr<Flood> flood) {
  HttpServer::Options o;
  o.ws_max_queued = 4;
  o.upgrade = [flood](Request& r, Response& refusal) -> std::optional<WebSocketHandler> {
    if (r.path != "/ws") {
      refusal.status = 404;
      refusal.body = "no";
      return std::nullopt;
    }
    WebSocketHandler h;
    h.received = [flood](const std::shared_ptr<WebSocket>& ws, std::string text) {
      if (text != "flood") {
        ws->Send("echo " + text);
        return;
      }
      std::string big(64 << 10, 'x');
      for (int i = 0; i < 4000 && !flood->refused; ++i) {  // at most 256 MB offered
        if (ws->Send(big)) {
          ++flood->sent;
        } else {
          flood->refused = true;
        }
      }
      flood->done.set_value();
    };
    h.closed = [flood] { flood->closed = true; };
    return h;
  };
  return o;
}

TEST_F(HttpServerTest, UpgradesToAWebSocketAndRefusesOtherwise) {
  auto flood = std::make_shared<Flood>();
  Start([](Request&) { return Response{}; }, Upgrading(flood));
  auto no = testing::WsClient::Connect(port_, "/elsewhere");
  EXPECT_FALSE(no.client);
  EXPECT_EQ(no.status, 404);
  auto c = testing::WsClient::Connect(port_, "/ws");
  ASSERT_TRUE(c.client);
  c.client->Send("one");
  c.client->Send("two");
  EXPECT_EQ(c.client->Read(), "echo one");
  EXPECT_EQ(c.client->Read(), "echo two");
  // Plain HTTP still works beside it.
  testing::HttpClient http(port_);
  EXPECT_EQ(http.Get("/").status, 200);
}

TEST_F(HttpServerTest, ASlowWebSocketClientIsDroppedNotBuffered) {
  auto flood = std::make_shared<Flood>();
  Start([](Request&) { return Response{}; }, Upgrading(flood));
  auto c = testing::WsClient::Connect(port_, "/ws", {}, /*receive_buffer=*/4096);
  ASSERT_TRUE(c.client);
  c.client->Send("flood");
  flood->done.get_future().wait();
  EXPECT_TRUE(flood->refused) << "the server queued " << flood->sent << " messages of 64 KiB for a client that read none";
  EXPECT_LT(flood->sent.load(), 4000);
}

TEST_F(HttpServerTest, StoppingClosesOpenWebSockets) {
  auto flood = std::make_shared<Flood>();
  Start([](Request&) { return Response{}; }, Upgrading(flood));
  auto c = testing::WsClient::Connect(port_, "/ws");
  ASSERT_TRUE(c.client);
  c.client->Send("ping");
  EXPECT_EQ(c.client->Read(), "echo ping");
  server_->Shutdown(std::chrono::milliseconds(5000));
  EXPECT_EQ(server_->open_connections(), 0);
  EXPECT_TRUE(flood->closed);
  EXPECT_FALSE(c.client->Read().has_value());
}

}  // namespace
}  // namespace onegrid::net
