// The real server, in-process on port 0 with a fake clock, driven over HTTP.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpResult;

using ServerTest = testing::ServerFixture;
using testing::kPassword;

TEST_F(ServerTest, HealthzAnswersWhileTheDatabaseDoes) {
  auto r = client_->Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
  server_->store().Close();
  r = client_->Get("/healthz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.json()["status"], "unavailable");
}

TEST_F(ServerTest, SignInThenMe) {
  auto r = client_->PostJson("/api/v1/session", {{"username", "grid_worker"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["token"].get<std::string>().size(), 43u);
  EXPECT_EQ(j["expires_at"], "2026-09-21T23:13:20+08:00");  // 1790000000 s + 1 h, in +08:00
  EXPECT_EQ(r.header("Location"), "/api/v1/session");
  auto me = client_->Get("/api/v1/me", j["token"]);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["username"], "grid_worker");
  EXPECT_EQ(me.json()["roles"], json::parse(R"([{"role":"grid_worker","scope":"410104"}])"));
  EXPECT_FALSE(me.json().contains("password_hash"));
}

TEST_F(ServerTest, EveryApiRouteButSignInNeedsAToken) {
  for (const auto& route : server_->api().router().routes()) {
    if (route.pattern.rfind("/api/v1/", 0) != 0) continue;
    if ((route.method == "POST" && route.pattern == "/api/v1/session") ||
        (route.method == "GET" && route.pattern == "/api/v1/console")) {
      EXPECT_EQ(route.access, api::Access::kPublic);
      continue;
    }
    std::string path = route.pattern;
    for (auto b = path.find('{'); b != std::string::npos; b = path.find('{')) {
      path.replace(b, path.find('}', b) - b + 1, "1");
    }
    auto r = client_->Send(route.method, path, "{}", {{"Content-Type", "application/json"}});
    testing::ExpectError(r, 401, "unauthenticated", "");
    EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
  }
}

TEST_F(ServerTest, BadTokensAre401) {
  std::string token = Login("leader");
  testing::ExpectError(client_->Send("GET", "/api/v1/me", "", {{"Authorization", "Basic abc"}}), 401,
              "unauthenticated", "");
  std::string altered = token;
  altered[0] = altered[0] == 'x' ? 'y' : 'x';  // another first character, whatever the token's was
  testing::ExpectError(client_->Get("/api/v1/me", altered), 401, "unauthenticated", "");
  testing::ExpectError(client_->Send("GET", "/api/v1/me", "", {{"Authorization", "Bearer "}}), 401,
              "unauthenticated", "");
}

TEST_F(ServerTest, TokensExpire) {
  std::string token = Login("leader");
  EXPECT_EQ(client_->Get("/api/v1/me", token).status, 200);
  clock_.Advance(3600s);
  auto r = client_->Get("/api/v1/me", token);
  testing::ExpectError(r, 401, "unauthenticated", "");
  EXPECT_NE(r.body.find("expired"), std::string::npos);
}

TEST_F(ServerTest, SignOutRevokesTheToken) {
  std::string token = Login("leader");
  auto r = client_->Send("DELETE", "/api/v1/session", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 204);
  testing::ExpectError(client_->Get("/api/v1/me", token), 401, "unauthenticated", "");
}

TEST_F(ServerTest, BadSignInBodiesGetPreciseErrorsAndWriteNothing) {
  auto sessions = CountRows("sessions");
  net::Headers json_type{{"Content-Type", "application/json"}};
  testing::ExpectError(client_->Send("POST", "/api/v1/session", R"({"username":"admin",)", json_type), 400,
              "invalid_argument", "");
  testing::ExpectError(client_->Send("POST", "/api/v1/session", R"(["admin"])", json_type), 400,
              "invalid_argument", "");
  testing::ExpectError(client_->Send("POST", "/api/v1/session",
                            R"({"username":"admin","password":"password-123"})",
                            {{"Content-Type", "text/plain"}}),
              400, "invalid_argument", "");
  testing::ExpectError(client_->PostJson("/api/v1/session", {{"username", 7}, {"password", kPassword}}), 400,
              "invalid_argument", "username");
  testing::ExpectError(client_->PostJson("/api/v1/session", {{"username", "admin"}}), 400,
              "invalid_argument", "password");
  auto unknown = client_->PostJson("/api/v1/session",
                                   {{"username", "admin"}, {"password", kPassword}, {"otp", "1"}});
  testing::ExpectError(unknown, 400, "invalid_argument", "otp");
  testing::ExpectError(client_->PostJson("/api/v1/session", {{"username", "admin"}, {"password", "nope"}}),
              401, "unauthenticated", "");
  json big = {{"username", "admin"}, {"password", std::string(1 << 20, 'p')}};
  testing::ExpectError(client_->PostJson("/api/v1/session", big), 413, "payload_too_large", "");
  EXPECT_EQ(CountRows("sessions"), sessions);
}

TEST_F(ServerTest, UnknownRoutesAndMethods) {
  std::string token = Login("admin");
  testing::ExpectError(client_->Get("/api/v1/nothing-here", token), 404, "not_found", "");
  testing::ExpectError(client_->Get("/nothing", token), 404, "not_found", "");
  auto r = client_->Send("PUT", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
  testing::ExpectError(r, 404, "not_found", "");
  EXPECT_EQ(r.header("Allow"), "GET");
}

TEST_F(ServerTest, OpenApiDocumentMatchesTheRouter) {
  std::string token = Login("leader");
  auto r = client_->Get("/api/v1/openapi.json", token);
  ASSERT_EQ(r.status, 200);
  auto doc = r.json();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented, served;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + path);
      bool is_public = op.contains("security") && op["security"].empty();
      const auto* route = server_->api().router().Find(m, path).route;
      if (route == nullptr) continue;
      EXPECT_EQ(is_public, route->access == api::Access::kPublic) << m << " " << path;
    }
  }
  for (const auto& route : server_->api().router().routes()) {
    served.insert(route.method + " " + route.pattern);
  }
  EXPECT_EQ(documented, served);
}

TEST_F(ServerTest, OnlyAdministratorsManageUsers) {
  json new_user = {{"username", "zhang"},
                   {"display_name", "张三"},
                   {"password", "zhang-pass-1"},
                   {"roles", {{{"role", "grid_worker"}, {"scope", "410104001000"}}}}};
  auto users = CountRows("users");
  for (const auto& r : accounts::AllRoles()) {
    if (r.role == accounts::Role::kAdmin) continue;
    std::string token = Login(std::string(r.name));
    testing::ExpectError(client_->Get("/api/v1/users", token), 403, "permission_denied", "");
    testing::ExpectError(client_->Get("/api/v1/users/1", token), 403, "permission_denied", "");
    testing::ExpectError(client_->PostJson("/api/v1/users", new_user, token), 403, "permission_denied", "");
  }
  EXPECT_EQ(CountRows("users"), users);
  std::string admin = Login("admin");
  auto created = client_->PostJson("/api/v1/users", new_user, admin);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Location"), "/api/v1/users/" + std::to_string(created.json()["id"].get<int>()));
  auto one = client_->Get(created.header("Location"), admin);
  EXPECT_EQ(one.json()["display_name"], "张三");
  auto page = client_->Get("/api/v1/users?limit=3", admin);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()["items"].size(), 3u);
  auto next = page.json()["next_cursor"].get<std::string>();
  auto rest = client_->Get("/api/v1/users?limit=500&cursor=" + next, admin);
  EXPECT_EQ(rest.json()["items"].size(), users + 1 - 3);
  EXPECT_TRUE(rest.json()["next_cursor"].is_null());
  // The new user can sign in.
  EXPECT_EQ(client_->PostJson("/api/v1/session", {{"username", "zhang"}, {"password", "zhang-pass-1"}}).status,
            201);
}

TEST_F(ServerTest, BadNewUsersGetPreciseErrorsAndWriteNothing) {
  std::string admin = Login("admin");
  auto users = CountRows("users");
  json good = {{"username", "zhang"},
               {"display_name", "张三"},
               {"password", "zhang-pass-1"},
               {"roles", {{{"role", "grid_worker"}, {"scope", "410104001000"}}}}};
  auto with = [&](const std::function<void(json&)>& f) {
    json j = good;
    f(j);
    return j;
  };
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["username"] = "admin"; }), admin),
              409, "already_exists", "username");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["username"] = "Zhang San"; }), admin),
              400, "invalid_argument", "username");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["password"] = "short"; }), admin),
              400, "invalid_argument", "password");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["roles"][0]["role"] = "mayor"; }), admin),
              400, "invalid_argument", "roles[0].role");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["roles"] = json::array(); }), admin),
              400, "invalid_argument", "roles");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["roles"] = "grid_worker"; }), admin),
              400, "invalid_argument", "roles");
  testing::ExpectError(client_->PostJson("/api/v1/users", with([](json& j) { j["id"] = 5; }), admin), 400,
              "invalid_argument", "id");
  testing::ExpectError(client_->Get("/api/v1/users?limit=0", admin), 400, "invalid_argument", "limit");
  testing::ExpectError(client_->Get("/api/v1/users?limit=501", admin), 400, "invalid_argument", "limit");
  testing::ExpectError(client_->Get("/api/v1/users?cursor=abc", admin), 400, "invalid_argument", "cursor");
  testing::ExpectError(client_->Get("/api/v1/users?sort=name", admin), 400, "invalid_argument", "sort");
  testing::ExpectError(client_->Get("/api/v1/users/x1", admin), 400, "invalid_argument", "id");
  testing::ExpectError(client_->Get("/api/v1/users/99999", admin), 404, "not_found", "");
  EXPECT_EQ(CountRows("users"), users);
}

TEST_F(ServerTest, AcknowledgedWritesAreFoundAfterRestart) {
  std::string admin = Login("admin");
  std::vector<std::string> names;
  for (int i = 0; i < 10; ++i) {
    std::string name = "worker" + std::to_string(i);
    auto r = client_->PostJson("/api/v1/users",
                               {{"username", name},
                                {"display_name", name},
                                {"password", "worker-pass"},
                                {"roles", {{{"role", "grid_worker"}, {"scope", "410104"}}}}},
                               admin);
    ASSERT_EQ(r.status, 201);
    names.push_back(name);
  }
  client_.reset();
  server_.reset();
  StartServer();
  for (const auto& name : names) {
    EXPECT_EQ(client_->PostJson("/api/v1/session", {{"username", name}, {"password", "worker-pass"}}).status,
              201);
  }
  // The admin's token was also acknowledged, so it still works after the restart.
  EXPECT_EQ(client_->Get("/api/v1/me", admin).status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  std::string token = Login("leader");
  client_->Get("/api/v1/me", token);
  client_->Get("/api/v1/me");
  auto r = client_->Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find(R"(onegrid_http_requests_total{method="GET",route="/api/v1/me",status="200"} 1)"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"(onegrid_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1)"),
            std::string::npos);
  EXPECT_NE(r.body.find("onegrid_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",status=\"200\""),
            std::string::npos);
  EXPECT_NE(r.body.find("onegrid_writer_commit_seconds_count"), std::string::npos);
  EXPECT_NE(r.body.find("onegrid_writer_queue_depth"), std::string::npos);
  EXPECT_NE(r.body.find("onegrid_writer_batch_size_bucket"), std::string::npos);
}

TEST_F(ServerTest, DictionaryLabelsRoles) {
  std::string token = Login("leader");
  auto r = client_->Get("/api/v1/dictionary", token);
  ASSERT_EQ(r.status, 200);
  bool found = false;
  auto dictionary = r.json();
  for (const auto& role : dictionary["roles"]) {
    if (role["name"] == "shift_lead") {
      found = true;
      EXPECT_EQ(role["label_zh"], "值班长");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace onegrid
