// Issue #20, the server's edges as a client meets them: metric labels from closed sets, /metrics
// only to whom metrics.access allows, and a photo upload read only once its token is accepted.
#include <gtest/gtest.h>

#include <sstream>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

// The series of one metric in the /metrics text.
int Series(const std::string& text, const std::string& metric) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += line.rfind(metric + "{", 0) == 0;
  return n;
}

using LimitsApiTest = testing::ServerFixture;

TEST_F(LimitsApiTest, MadeUpMethodsAddNoMetricSeries) {
  client_->Send("M0", "/healthz");  // the OTHER series exist once
  auto before = Series(client_->Get("/metrics").body, "onegrid_http_requests_total");
  for (int i = 1; i <= 200; ++i) {
    auto r = client_->Send("M" + std::to_string(i), "/healthz");
    ASSERT_EQ(r.status, 404);
  }
  auto text = client_->Get("/metrics").body;
  // Only the GET /metrics series may be new (its first 200), however many methods were made up.
  EXPECT_LE(Series(text, "onegrid_http_requests_total"), before + 1) << text;
  EXPECT_NE(text.find("method=\"OTHER\""), std::string::npos);
  EXPECT_EQ(text.find("method=\"M17\""), std::string::npos);
}

// A body of ten thousand unknown fields is refused with a short answer naming the first fifty.
TEST_F(LimitsApiTest, ARefusalOfAHugeBodyIsShort) {
  json body = {{"kind", "event"}};
  for (int i = 0; i < 10000; ++i) body["unknown_" + std::to_string(i)] = i;
  auto r = client_->PostJson("/api/v1/cases", body, Token("intake_operator"));
  ASSERT_EQ(r.status, 400);
  EXPECT_LT(r.body.size(), 8000u);
  EXPECT_EQ(r.json()["error"]["details"].size(), 51u);
  std::string long_name(5000, 'x');
  auto p = client_->Get("/api/v1/cases?" + long_name + "=1", Token("intake_operator"));
  ExpectError(p, 400, "invalid_argument", std::string(200, 'x') + "…");
}

TEST_F(LimitsApiTest, MetricsAreServedToThisMachineOnlyByDefault) {
  EXPECT_EQ(client_->Get("/metrics").status, 200);  // the tests' client is on 127.0.0.1
  net::Request from_afar;
  from_afar.method = "GET";
  from_afar.path = from_afar.target = "/metrics";
  from_afar.remote_address = "10.20.30.40";
  from_afar.request_id = "afar";
  auto r = server_->api().Handle(from_afar);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "permission_denied");
  from_afar.remote_address = "::1";
  EXPECT_EQ(server_->api().Handle(from_afar).status, 200);
}

class MetricsTokenTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    c.metrics_access = "token";
    c.metrics_token = "scrape-secret-0123456789";
  }
};

TEST_F(MetricsTokenTest, MetricsNeedTheirToken) {
  ExpectError(client_->Get("/metrics"), 401, "unauthenticated", "");
  ExpectError(client_->Get("/metrics", "scrape-secret-wrong-456789"), 401, "unauthenticated", "");
  ExpectError(client_->Get("/metrics", Token("admin")), 401, "unauthenticated",
              "");  // a user's token is not it
  auto r = client_->Get("/metrics", "scrape-secret-0123456789");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("onegrid_http_requests_total"), std::string::npos);
}

TEST_F(LimitsApiTest, AnUploadIsReadOnlyOnceItsTokenIsAccepted) {
  // Eight megabytes announced without a token: 401 from the header, nothing read.
  std::string head =
      "POST /api/v1/cases/1/attachments HTTP/1.1\r\nHost: a\r\n"
      "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 8000000\r\n"
      "Expect: 100-continue\r\n\r\n";
  auto r = client_->Raw(head);
  ExpectError(r, 401, "unauthenticated", "");
  EXPECT_EQ(r.header("Connection"), "close");
  testing::HttpClient other(port_);
  auto bad = other.Raw(
      "POST /api/v1/cases/1/attachments HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
      "not-a-token\r\n"
      "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 8000000\r\n"
      "Expect: 100-continue\r\n\r\n");
  ExpectError(bad, 401, "unauthenticated", "");
  EXPECT_EQ(client_->Get("/healthz").status, 200);
}

}  // namespace
}  // namespace onegrid

namespace onegrid {
namespace {

// Behind nginx on this machine (issue #21.6): the client it forwards for is the one the throttle
// counts, the logs name and /metrics judges; a client's own X-Forwarded-For is believed only
// from a trusted proxy.
class TrustedProxyTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    c.trusted_proxies = "127.0.0.1, ::1";
    c.login_max_failures_per_address = 3;
    c.login_max_failures_per_user = 100;
  }
  testing::HttpResult SignInFrom(const std::string& client, const std::string& user, const std::string& password) {
    return client_->Send("POST", "/api/v1/session", json{{"username", user}, {"password", password}}.dump(),
                         {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}});
  }
};

TEST_F(TrustedProxyTest, TheForwardedClientIsTheOneThrottledAndJudged) {
  // Three wrong guesses from one client behind the proxy, at three accounts.
  for (const char* user : {"leader", "dispatcher", "shift_lead"}) {
    EXPECT_EQ(SignInFrom("203.0.113.7", user, "wrong-guess-1").status, 401);
  }
  ExpectError(SignInFrom("203.0.113.7", "admin", testing::kPassword), 429, "resource_exhausted", "");
  // The same client cannot hide behind a forged address of its own: the proxy appends the real one.
  ExpectError(SignInFrom("198.51.100.99, 203.0.113.7", "admin", testing::kPassword), 429, "resource_exhausted", "");
  // Everyone else behind the same proxy signs in.
  EXPECT_EQ(SignInFrom("198.51.100.2", "admin", testing::kPassword).status, 201);
  EXPECT_EQ(SignInFrom("2001:db8::5", "leader", testing::kPassword).status, 201);
  // /metrics are for this machine: not for a client the proxy forwards from elsewhere.
  ExpectError(client_->Send("GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.7"}}), 403, "permission_denied", "");
  EXPECT_EQ(client_->Get("/metrics").status, 200);  // the proxy host itself
}

// Without trusted proxies the header is the client's word, and ignored.
TEST_F(LimitsApiTest, AnUntrustedForwardedForIsIgnored) {
  EXPECT_EQ(client_->Send("GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.7"}}).status, 200);
}

TEST(TrustedProxySetting, ABadEntryIsRefusedByName) {
  core::Config c;
  c.trusted_proxies = "127.0.0.1, nginx.local";
  auto r = core::Validate(c);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "server.trusted_proxies");
  EXPECT_NE(r.error().message.find("nginx.local"), std::string::npos);
}

}  // namespace
}  // namespace onegrid
