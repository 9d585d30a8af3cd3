// An account's lifecycle over HTTP (issue #21.2): disabled and enabled (its sessions and streams
// end at once), its grants changed as a new account's are checked, its password reset (to be
// replaced before anything else) or changed by its owner (the current one required), the
// password policy, the last sign-in, the disabled listed apart. Every refusal exact and writing
// nothing.
#include <gtest/gtest.h>

#include <set>

#include "core/time_format.hpp"
#include "support/server_fixture.hpp"
#include "support/ws_client.hpp"

namespace onegrid {
namespace {

using accounts::Role;
using nlohmann::json;
using testing::ExpectError;
using testing::WsClient;

class AccountLifecycleApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();  // 北下街 410104001000 (with 第一社区 and 一号网格), 西大街 410104002000
    AddAccount("admin_north", {{Role::kAdmin, "410104001000"}});
    AddAccount("gw_grid", {{Role::kGridWorker, "410104001001001"}});
    AddAccount("gw_south", {{Role::kGridWorker, "410104002000"}});
    for (const char* who : {"admin", "admin_north", "gw_grid"}) Token(who);  // signed in before rows are counted
  }
  void AddAccount(const std::string& name, std::vector<accounts::RoleGrant> roles) {
    auto r = server_->users().Add(
        {.username = name, .display_name = name, .phone = "", .unit_code = "", .roles = std::move(roles)},
        testing::kPassword);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  std::int64_t Id(const std::string& name) { return server_->store().users().FindByUsername(name)->id; }
  std::string Path(const std::string& name) { return "/api/v1/users/" + std::to_string(Id(name)); }
  json Account(const std::string& name) { return client_->Get(Path(name), Token("admin")).json(); }
  // An action on the account at its current version, unless `body` names one.
  testing::HttpResult Act(const std::string& by, const std::string& name, const std::string& action,
                          json body = json::object()) {
    if (!body.contains("expected_version")) body["expected_version"] = Account(name)["version"];
    return client_->PostJson(Path(name) + "/actions/" + action, body, Token(by));
  }
  testing::HttpResult SignIn(const std::string& name, const std::string& password) {
    return client_->PostJson("/api/v1/session", {{"username", name}, {"password", password}});
  }
  int Me(const std::string& token) { return client_->Get("/api/v1/me", token).status; }
  std::set<std::string> Listed(const std::string& query) {
    std::set<std::string> out;
    auto r = client_->Get("/api/v1/users?limit=500" + query, Token("admin"));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& u : j["items"]) out.insert(u["username"].get<std::string>());
    return out;
  }
  std::unique_ptr<WsClient> Stream(const std::string& token) {
    auto opened = WsClient::Connect(port_, "/api/v1/stream", {{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(opened.client) << opened.status << " " << opened.body;
    return std::move(opened.client);
  }
};

TEST_F(AccountLifecycleApiTest, ADisabledAccountIsShutOutAtOnceAndListedApart) {
  std::string token = Login("gw_grid");
  auto stream = Stream(token);
  ASSERT_TRUE(stream);
  auto ready = stream->Read();
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(json::parse(*ready)["type"], "ready");
  EXPECT_EQ(Me(token), 200);  // and now cached by the server

  auto r = Act("admin_north", "gw_grid", "disable");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["disabled"]);
  EXPECT_EQ(r.json()["version"], 2);
  // The session ends at the next request, the stream within its next turn.
  EXPECT_EQ(Me(token), 401);
  EXPECT_FALSE(stream->Read().has_value());
  EXPECT_EQ(stream->close_code(), 1008);
  ExpectError(SignIn("gw_grid", testing::kPassword), 401, "unauthenticated", "");
  // Never deleted: listed apart.
  EXPECT_FALSE(Listed("").contains("gw_grid"));
  EXPECT_TRUE(Listed("&state=disabled").contains("gw_grid"));
  EXPECT_FALSE(Listed("&state=disabled").contains("gw_south"));
  EXPECT_TRUE(Listed("&state=active").contains("gw_south"));
  EXPECT_EQ(client_->Get(Path("gw_grid"), Token("admin")).status, 200);

  r = Act("admin_north", "gw_grid", "enable");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json()["disabled"]);
  EXPECT_EQ(SignIn("gw_grid", testing::kPassword).status, 201);
  EXPECT_EQ(Me(token), 401);  // the old session stays ended
  EXPECT_TRUE(Listed("").contains("gw_grid"));
}

TEST_F(AccountLifecycleApiTest, OnlyAnotherAdministratorInScopeAtTheVersionMayDisable) {
  auto rows = RowCounts();
  auto version = Account("gw_south")["version"];
  // Outside the street administrator's area: as if not there.
  ExpectError(Act("admin_north", "gw_south", "disable"), 404, "not_found", "");
  // Not an administrator.
  ExpectError(Act("gw_grid", "gw_south", "disable"), 403, "permission_denied", "");
  // Oneself: another administrator must.
  ExpectError(Act("admin", "admin", "disable"), 409, "failed_precondition", "");
  ExpectError(Act("admin_north", "admin_north", "enable"), 409, "failed_precondition", "");
  // A stale version.
  ExpectError(Act("admin", "gw_south", "disable", {{"expected_version", 9}}), 409, "aborted", "expected_version");
  // Bad bodies and ids.
  ExpectError(Act("admin", "gw_south", "disable", {{"expected_version", 0}}), 400, "invalid_argument",
              "expected_version");
  ExpectError(Act("admin", "gw_south", "disable", {{"expected_version", "1"}}), 400, "invalid_argument",
              "expected_version");
  ExpectError(client_->PostJson(Path("gw_south") + "/actions/disable", json::object(), Token("admin")), 400,
              "invalid_argument", "expected_version");
  ExpectError(Act("admin", "gw_south", "disable", {{"expected_version", 1}, {"why", "left"}}), 400,
              "invalid_argument", "why");
  ExpectError(client_->PostJson("/api/v1/users/x1/actions/disable", {{"expected_version", 1}}, Token("admin")), 400,
              "invalid_argument", "id");
  ExpectError(client_->PostJson("/api/v1/users/99999/actions/disable", {{"expected_version", 1}}, Token("admin")),
              404, "not_found", "");
  ExpectError(client_->Get("/api/v1/users?state=gone", Token("admin")), 400, "invalid_argument", "state");
  EXPECT_EQ(RowCounts(), rows);
  EXPECT_EQ(Account("gw_south")["version"], version);
  EXPECT_FALSE(Account("gw_south")["disabled"]);
  EXPECT_EQ(SignIn("gw_south", testing::kPassword).status, 201);
}

TEST_F(AccountLifecycleApiTest, GrantsChangeAsANewAccountsAreCheckedAndTakeEffectAtOnce) {
  std::string token = Login("gw_grid");
  auto rows = RowCounts();
  auto grants = [](const std::string& role, const std::string& scope) {
    return json{{"roles", {{{"role", role}, {"scope", scope}}}}};
  };
  // Wider than the street administrator's own grant, or not there, or not fitting the role.
  ExpectError(Act("admin_north", "gw_grid", "change_grants", grants("leader", "410104")), 403, "permission_denied",
              "roles[0].scope");
  ExpectError(Act("admin_north", "gw_grid", "change_grants", grants("grid_worker", "410104002000")), 403,
              "permission_denied", "roles[0].scope");
  ExpectError(Act("admin", "gw_grid", "change_grants", grants("unit_staff", "999")), 400, "invalid_argument",
              "roles[0].scope");
  ExpectError(Act("admin", "gw_grid", "change_grants", grants("leader", "41014")), 400, "invalid_argument",
              "roles[0].scope");
  ExpectError(Act("admin", "gw_grid", "change_grants", grants("mayor", "410104")), 400, "invalid_argument",
              "roles[0].role");
  ExpectError(Act("admin", "gw_grid", "change_grants", {{"roles", json::array()}}), 400, "invalid_argument",
              "roles");
  ExpectError(Act("admin", "gw_grid", "change_grants", json::object()), 400, "invalid_argument", "roles");
  json with_unit = grants("grid_worker", "410104001000");
  with_unit["unit_code"] = "NOPE";
  ExpectError(Act("admin", "gw_grid", "change_grants", with_unit), 400, "invalid_argument", "unit_code");
  ExpectError(Act("admin", "admin", "change_grants", grants("leader", "410104")), 409, "failed_precondition", "");
  EXPECT_EQ(RowCounts(), rows);
  EXPECT_EQ(client_->Get("/api/v1/me", token).json()["roles"][0]["scope"], "410104001001001");

  // Inside: the whole street now, seen by the user's open session at its next request.
  auto r = Act("admin_north", "gw_grid", "change_grants", grants("grid_worker", "410104001000"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["roles"], json::parse(R"([{"role": "grid_worker", "scope": "410104001000"}])"));
  auto me = client_->Get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["roles"][0]["scope"], "410104001000");
}

TEST_F(AccountLifecycleApiTest, AResetPasswordMustBeReplacedBeforeAnythingElse) {
  std::string old_token = Login("gw_grid");
  auto rows = RowCounts();
  // The policy: length, the user name, the common list; named and nothing written.
  for (const std::string weak : {"short1", "gw_grid", "GwGrid2026", "password123", "qwertyuiop"}) {
    ExpectError(Act("admin", "gw_grid", "reset_password", {{"password", weak}}), 400, "invalid_argument",
                "password");
  }
  ExpectError(Act("admin", "gw_grid", "reset_password", json::object()), 400, "invalid_argument", "password");
  ExpectError(Act("admin_north", "gw_south", "reset_password", {{"password", "一时的密码-7391"}}), 404, "not_found",
              "");
  EXPECT_EQ(RowCounts(), rows);
  EXPECT_EQ(Me(old_token), 200);

  auto r = Act("admin_north", "gw_grid", "reset_password", {{"password", "一时的密码-7391"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["must_change_password"]);
  EXPECT_FALSE(r.json().contains("password_hash"));
  EXPECT_EQ(Me(old_token), 401);  // every session ended
  ExpectError(SignIn("gw_grid", testing::kPassword), 401, "unauthenticated", "");
  auto in = SignIn("gw_grid", "一时的密码-7391");
  ASSERT_EQ(in.status, 201) << in.body;
  std::string token = in.json()["token"];
  // Only the user's own page, the password change and signing out, until a new one is chosen.
  auto me = client_->Get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200);
  EXPECT_TRUE(me.json()["must_change_password"]);
  ExpectError(client_->Get("/api/v1/cases", token), 403, "permission_denied", "");
  ExpectError(client_->Get("/api/v1/dictionary", token), 403, "permission_denied", "");
  auto stream = Stream(token);
  ASSERT_TRUE(stream);
  EXPECT_FALSE(stream->Read().has_value());
  EXPECT_EQ(stream->close_code(), 1008);
  ExpectError(client_->PostJson("/api/v1/me/password",
                                {{"current_password", "一时的密码-7391"}, {"new_password", "一时的密码-7391"}}, token),
              400, "invalid_argument", "new_password");
  auto changed = client_->PostJson("/api/v1/me/password",
                                   {{"current_password", "一时的密码-7391"}, {"new_password", "北下街网格员-2026"}}, token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_FALSE(changed.json()["must_change_password"]);
  EXPECT_EQ(client_->Get("/api/v1/cases", token).status, 200);  // the same session goes on
  EXPECT_EQ(SignIn("gw_grid", "北下街网格员-2026").status, 201);
}

TEST_F(AccountLifecycleApiTest, OnesOwnPasswordNeedsTheCurrentOneAndEndsTheOtherSessions) {
  std::string here = Login("gw_grid");
  std::string phone = Login("gw_grid");
  auto rows = RowCounts();
  auto change = [&](const std::string& current, const std::string& next) {
    return client_->PostJson("/api/v1/me/password", {{"current_password", current}, {"new_password", next}}, here);
  };
  ExpectError(change("wrong-password-1", "北下街网格员-2026"), 400, "invalid_argument", "current_password");
  ExpectError(change(testing::kPassword, "1234567"), 400, "invalid_argument", "new_password");
  ExpectError(change(testing::kPassword, "iloveyou"), 400, "invalid_argument", "new_password");
  ExpectError(change(testing::kPassword, "gw-grid-2026"), 400, "invalid_argument", "new_password");
  ExpectError(change(testing::kPassword, testing::kPassword), 400, "invalid_argument", "new_password");
  ExpectError(client_->PostJson("/api/v1/me/password", {{"new_password", "北下街网格员-2026"}}, here), 400,
              "invalid_argument", "current_password");
  ExpectError(client_->PostJson("/api/v1/me/password",
                                {{"current_password", testing::kPassword}, {"new_password", 7}}, here),
              400, "invalid_argument", "new_password");
  ExpectError(client_->PostJson("/api/v1/me/password",
                                {{"current_password", testing::kPassword}, {"new_password", "北下街网格员-2026"}}),
              401, "unauthenticated", "");
  EXPECT_EQ(RowCounts(), rows);
  EXPECT_EQ(Me(phone), 200);

  auto r = change(testing::kPassword, "北下街网格员-2026");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Me(here), 200);   // where it was changed
  EXPECT_EQ(Me(phone), 401);  // everywhere else signed out
  ExpectError(SignIn("gw_grid", testing::kPassword), 401, "unauthenticated", "");
  EXPECT_EQ(SignIn("gw_grid", "北下街网格员-2026").status, 201);
}

TEST_F(AccountLifecycleApiTest, TheLastSignInIsShown) {
  auto before = Account("gw_south");
  EXPECT_TRUE(before["last_sign_in_at"].is_null()) << before.dump();
  EXPECT_FALSE(before["must_change_password"]);
  clock_.Advance(std::chrono::minutes(20));
  Login("gw_south");
  auto after = Account("gw_south");
  EXPECT_EQ(after["last_sign_in_at"], core::FormatInstant(clock_.Now()));
  EXPECT_EQ(after["version"], before["version"]);  // a sign-in is not a change of the account
}

}  // namespace
}  // namespace onegrid
