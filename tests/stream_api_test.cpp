// GET /api/v1/stream: the case feed pushed over a WebSocket — signed in by header or first
// message, each client's own scope, in order, resumed after a reconnect; refusals named.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"
#include "support/ws_client.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::WsClient;

class StreamApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUser("gw_north", accounts::Role::kGridWorker, "410104001000");
    AddUser("gw_south", accounts::Role::kGridWorker, "410104002000");
  }
  std::unique_ptr<WsClient> Open(const std::string& target, const std::string& header_user = "") {
    net::Headers h;
    if (!header_user.empty()) h.emplace_back("Authorization", "Bearer " + Token(header_user));
    auto opened = WsClient::Connect(port_, target, h);
    EXPECT_TRUE(opened.client) << opened.status << " " << opened.body;
    return std::move(opened.client);
  }
  static json Next(WsClient& c) {
    auto m = c.Read();
    EXPECT_TRUE(m.has_value()) << "no message; close code " << c.close_code();
    return m ? json::parse(*m) : json();
  }
  // (feed number, case id, action) of an event message.
  static std::tuple<std::int64_t, std::int64_t, std::string> Event(const json& m) {
    EXPECT_EQ(m.value("type", ""), "event") << m.dump();
    return {m.value("id", std::int64_t{0}), m["case"].value("id", std::int64_t{0}), m["event"].value("action", "")};
  }
};

using Item = std::tuple<std::int64_t, std::int64_t, std::string>;

TEST_F(StreamApiTest, EachClientGetsItsScopesEventsLiveInOrder) {
  auto leader = Open("/api/v1/stream", "leader");  // signed in by header
  auto ready = Next(*leader);
  ASSERT_EQ(ready["type"], "ready") << ready.dump();
  std::int64_t h = ready["head"];
  EXPECT_EQ(ready["next"], h);
  auto south = Open("/api/v1/stream");  // a browser: signed in by its first message
  south->Send(json{{"token", Token("gw_south")}}.dump());
  auto south_ready = Next(*south);
  ASSERT_EQ(south_ready["type"], "ready") << south_ready.dump();
  EXPECT_EQ(south_ready["next"], h);

  std::int64_t n = Intake("09009", 113.7, 34.7);
  std::int64_t s = Intake("09009", 113.8, 34.7);
  ASSERT_EQ(Act("intake_operator", n, "accept").status, 200);
  std::int64_t s2 = Intake("09009", 113.8, 34.7);

  EXPECT_EQ(Event(Next(*leader)), (Item{h + 1, n, "report"}));
  EXPECT_EQ(Event(Next(*leader)), (Item{h + 2, s, "report"}));
  auto accepted = Next(*leader);
  EXPECT_EQ(Event(accepted), (Item{h + 3, n, "accept"}));
  EXPECT_EQ(accepted["case"]["state"], "accepted");
  EXPECT_EQ(Event(Next(*leader)), (Item{h + 4, s2, "report"}));
  // The street's client: its two cases, the north's events passed over.
  EXPECT_EQ(Event(Next(*south)), (Item{h + 2, s, "report"}));
  EXPECT_EQ(Event(Next(*south)), (Item{h + 4, s2, "report"}));
}

TEST_F(StreamApiTest, AReconnectResumesAfterTheLastNumberSeen) {
  auto first = Open("/api/v1/stream", "leader");
  std::int64_t h = Next(*first)["head"];
  std::int64_t a = Intake();
  EXPECT_EQ(Event(Next(*first)), (Item{h + 1, a, "report"}));
  first.reset();  // the connection drops
  std::int64_t b = Intake();
  ASSERT_EQ(Act("intake_operator", a, "accept").status, 200);
  auto again = Open("/api/v1/stream?after=" + std::to_string(h + 1), "leader");
  auto ready = Next(*again);
  EXPECT_EQ(ready["next"], h + 1);
  EXPECT_EQ(ready["head"], h + 3);
  EXPECT_EQ(Event(Next(*again)), (Item{h + 2, b, "report"}));
  EXPECT_EQ(Event(Next(*again)), (Item{h + 3, a, "accept"}));
}

TEST_F(StreamApiTest, RefusalsAreNamedAndABadSignInCloses) {
  auto bad_after = WsClient::Connect(port_, "/api/v1/stream?after=x", {{"Authorization", "Bearer " + Token("leader")}});
  EXPECT_FALSE(bad_after.client);
  EXPECT_EQ(bad_after.status, 400);
  EXPECT_EQ(json::parse(bad_after.body)["error"]["field"], "after");
  auto unknown = WsClient::Connect(port_, "/api/v1/stream?since=1");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["error"]["field"], "since");
  auto bad_token = WsClient::Connect(port_, "/api/v1/stream", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(bad_token.status, 401);
  auto elsewhere = WsClient::Connect(port_, "/api/v1/cases");
  EXPECT_EQ(elsewhere.status, 404);
  testing::ExpectError(client_->Get("/api/v1/stream", Token("leader")), 400, "invalid_argument", "Upgrade");

  auto garbage = Open("/api/v1/stream");
  garbage->Send("hello");
  EXPECT_FALSE(garbage->Read().has_value());
  EXPECT_EQ(garbage->close_code(), 1008);
  auto stranger = Open("/api/v1/stream");
  stranger->Send(json{{"token", "not-a-token"}}.dump());
  EXPECT_FALSE(stranger->Read().has_value());
  EXPECT_EQ(stranger->close_code(), 1008);
}

TEST_F(StreamApiTest, SigningOutEndsTheStream) {
  std::string token = Login("leader");
  auto c = WsClient::Connect(port_, "/api/v1/stream", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(c.client);
  EXPECT_EQ(Next(*c.client)["type"], "ready");
  auto out = client_->Send("DELETE", "/api/v1/session", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_FALSE(c.client->Read().has_value());
  EXPECT_EQ(c.client->close_code(), 1008);
}

TEST_F(StreamApiTest, StoppingTheServerClosesItsStreams) {
  auto c = Open("/api/v1/stream", "leader");
  EXPECT_EQ(Next(*c)["type"], "ready");
  server_.reset();  // stops: the streams first, then the HTTP server, then the database
  EXPECT_FALSE(c->Read().has_value());
  EXPECT_TRUE(c->close_code() == 0 || c->close_code() == 1001) << c->close_code();
}

}  // namespace
}  // namespace onegrid
