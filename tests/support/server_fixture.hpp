// The real server in-process on port 0, with a fake clock, a temporary database and one user
// per role (password kPassword), driven over HTTP by the end-to-end tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "app/server.hpp"
#include "geo/geojson.hpp"
#include "support/features.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace onegrid::testing {

using namespace std::chrono_literals;
using nlohmann::json;

inline constexpr const char* kPassword = "password-123";

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.db = db_.db();
    config_.media = db_.media_dir();
    config_.listen = "127.0.0.1:0";
    config_.password_hash = core::PasswordHashStrength::kMinimum;
    config_.workers = 4;
    config_.login_max_failures_per_user = 5;
    config_.login_max_failures_per_address = 50;
    config_.session_ttl = 3600s;
    Configure(config_);
    StartServer();
    for (const auto& r : accounts::AllRoles()) {
      auto added = server_->users().Add({.username = std::string(r.name),
                                         .display_name = std::string(r.label_zh),
                                         .phone = "",
                                         .unit_code = "",
                                         .roles = {{r.role, "410104"}}},
                                        kPassword);
      ASSERT_TRUE(added.has_value()) << added.error().message;
    }
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
  }
  // Subclasses adjust the configuration here, before the server starts.
  virtual void Configure(core::Config&) {}
  void StartServer() {
    auto s = app::Server::Open(config_, clock_);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    server_ = std::move(*s);
    auto port = server_->Start();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    client_ = std::make_unique<HttpClient>(port_);
  }
  std::string Login(const std::string& user) {
    auto r = client_->PostJson("/api/v1/session", {{"username", user}, {"password", kPassword}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("token", "");
  }
  // A small district: two streets side by side, one community and one grid in the first.
  void AddUser(const std::string& name, accounts::Role role, const std::string& scope) {
    ASSERT_TRUE(server_->users()
                    .Add({.username = name, .display_name = name, .phone = "", .unit_code = "",
                          .roles = {{role, scope}}},
                         kPassword)
                    .has_value());
  }
  // A signed-in token per user, kept for the test (tokens_.clear() after a restart).
  std::string Token(const std::string& user) {
    auto it = tokens_.find(user);
    if (it != tokens_.end()) return it->second;
    return tokens_[user] = Login(user);
  }
  // A hotline report by the intake operator (in the first street of ImportTwoStreets by default).
  std::int64_t Intake(const std::string& category = "09009", double lon = 113.7, double lat = 34.7) {
    json body = {{"kind", "event"}, {"category_code", category}, {"description", "路口机动车乱停放"},
                 {"location", {{"lon", lon}, {"lat", lat}}}, {"address", "北下街"}, {"source", "hotline"}};
    auto r = client_->PostJson("/api/v1/cases", body, Token("intake_operator"));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", std::int64_t{0});
  }
  json Get(std::int64_t id) { return client_->Get("/api/v1/cases/" + std::to_string(id), Token("admin")).json(); }
  // An action at the case's current version.
  HttpResult Act(const std::string& user, std::int64_t id, const std::string& action, json extra = json::object()) {
    extra["expected_version"] = Get(id)["version"];
    return client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, extra, Token(user));
  }
  HttpResult Put(const std::string& target, const json& body, const std::string& token) {
    return client_->Send("PUT", target, body.dump(),
                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  }
  void ImportTwoStreets() {
    auto import = [&](areas::AreaLevel level, std::vector<std::string> features) {
      auto parsed = geo::ReadFeatureCollection(Collection(features), "code");
      ASSERT_TRUE(parsed.has_value());
      ASSERT_TRUE(server_->areas().Import({.level = level, .features = *parsed}).has_value());
    };
    import(areas::AreaLevel::kDistrict, {Square("410104", "管城回族区", 113.6, 34.6, 113.9, 34.8)});
    import(areas::AreaLevel::kStreet, {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
                                       Square("410104002000", "西大街街道", 113.75, 34.6, 113.9, 34.8)});
    import(areas::AreaLevel::kCommunity, {Square("410104001001", "第一社区", 113.6, 34.6, 113.75, 34.8)});
    import(areas::AreaLevel::kGrid, {Square("410104001001001", "一号网格", 113.6, 34.6, 113.75, 34.8)});
  }
  // A department that cases can be dispatched to.
  void AddUnit(const std::string& code) {
    accounts::Unit u;
    u.code = code;
    u.name = "处置单位" + code;
    auto r = server_->units().Create(u);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  std::int64_t CountRows(const std::string& table) { return db_.Count(table); }
  std::map<std::string, std::int64_t> RowCounts() { return db_.RowCounts(); }
  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  core::Config config_;
  testing::TempDir dir_;
  testing::TestDb db_{dir_};
  std::unique_ptr<app::Server> server_;
  unsigned short port_ = 0;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
};

// Asserts the one error model: status, code, field, a message, JSON, a request id.
inline void ExpectError(const HttpResult& r, int status, const std::string& code,
                        const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  auto j = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_EQ(j["error"]["code"], code) << r.body;
  EXPECT_EQ(j["error"]["field"], field) << r.body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_FALSE(r.header("X-Request-Id").empty());
}


}  // namespace onegrid::testing
