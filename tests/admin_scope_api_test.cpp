// Scoped administration over HTTP (issue #21.1): an administrator manages accounts, grants and
// units only inside the area of their own grant and grants nothing wider; every grant is checked
// against what exists and the role's kind; only the district's administrator changes what holds
// for the whole district. Every refusal exact and writing nothing.
#include <gtest/gtest.h>

#include <set>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using accounts::Role;
using nlohmann::json;
using testing::ExpectError;

class AdminScopeApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();  // 北下街 410104001000 (with 第一社区 and 一号网格), 西大街 410104002000
    AddOffice("BXJ", "410104001000", "");
    AddOffice("XDJ", "410104002000", "");
    AddOffice("BXJ-HW", "", "BXJ");  // a contractor under the north street's office
    AddUnit("CGJ");                  // a district department
    AddAccount("admin_north", {{Role::kAdmin, "410104001000"}});
    AddAccount("admin_comm", {{Role::kAdmin, "410104001001"}});
    AddAccount("gw_grid", {{Role::kGridWorker, "410104001001001"}});
    AddAccount("gw_south", {{Role::kGridWorker, "410104002000"}});
    AddAccount("u_north", {{Role::kUnitStaff, "BXJ"}}, "BXJ");
    AddAccount("u_south", {{Role::kUnitStaff, "XDJ"}}, "XDJ");
    AddAccount("u_cgj", {{Role::kUnitStaff, "CGJ"}}, "CGJ");
  }
  void AddOffice(const std::string& code, const std::string& area, const std::string& parent) {
    accounts::Unit u;
    u.code = code;
    u.name = "单位" + code;
    u.kind = area.empty() ? accounts::UnitKind::kContractor : accounts::UnitKind::kStreetOffice;
    u.area_code = area;
    u.parent_code = parent;
    auto r = server_->units().Create(u);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  void AddAccount(const std::string& name, std::vector<accounts::RoleGrant> roles, const std::string& unit = "") {
    auto r = server_->users().Add(
        {.username = name, .display_name = name, .phone = "", .unit_code = unit, .roles = std::move(roles)},
        testing::kPassword);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }
  std::int64_t Id(const std::string& name) { return server_->store().users().FindByUsername(name)->id; }
  static json NewUser(const std::string& role, const std::string& scope, const std::string& unit = "") {
    json j = {{"username", "zhang"},
              {"display_name", "张三"},
              {"password", "zhang-pass-1"},
              {"roles", {{{"role", role}, {"scope", scope}}}}};
    if (!unit.empty()) j["unit_code"] = unit;
    return j;
  }
  testing::HttpResult Create(const std::string& by, const json& user) {
    return client_->PostJson("/api/v1/users", user, Token(by));
  }
  // The user names an administrator's listing shows, every page followed.
  std::set<std::string> Listed(const std::string& by, int limit) {
    std::set<std::string> out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      auto r = client_->Get("/api/v1/users?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor),
                            Token(by));
      EXPECT_EQ(r.status, 200) << r.body;
      auto j = r.json();
      EXPECT_LE(j["items"].size(), static_cast<std::size_t>(limit));
      for (const auto& u : j["items"]) out.insert(u["username"].get<std::string>());
      if (j["next_cursor"].is_null()) break;
      cursor = j["next_cursor"].get<std::string>();
    }
    return out;
  }
};

TEST_F(AdminScopeApiTest, AStreetAdministratorGrantsOnlyInsideTheStreet) {
  auto users = CountRows("users");
  // Inside: a grid, the street itself for a leader, a unit serving the street and one under it.
  for (const auto& [role, scope, unit] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"grid_worker", "410104001001001", ""},
           {"leader", "410104001000", ""},
           {"admin", "410104001001", ""},
           {"unit_staff", "BXJ", "BXJ"},
           {"unit_leader", "BXJ-HW", "BXJ-HW"}}) {
    auto j = NewUser(role, scope, unit);
    j["username"] = "n_" + role;
    auto r = Create("admin_north", j);
    EXPECT_EQ(r.status, 201) << role << "@" << scope << ": " << r.body;
  }
  EXPECT_EQ(CountRows("users"), users + 5);
  users = CountRows("users");
  // Wider than the street, or in another street or unit: 403 naming the grant.
  ExpectError(Create("admin_north", NewUser("admin", "410104")), 403, "permission_denied", "roles[0].scope");
  ExpectError(Create("admin_north", NewUser("leader", "410104")), 403, "permission_denied", "roles[0].scope");
  ExpectError(Create("admin_north", NewUser("dispatcher", "410104002000")), 403, "permission_denied", "roles[0].scope");
  ExpectError(Create("admin_north", NewUser("unit_staff", "XDJ")), 403, "permission_denied", "roles[0].scope");
  ExpectError(Create("admin_north", NewUser("unit_staff", "CGJ")), 403, "permission_denied", "roles[0].scope");
  ExpectError(Create("admin_north", NewUser("grid_worker", "410104001001001", "XDJ")), 403, "permission_denied",
              "unit_code");
  // A community's administrator cannot reach up to the street.
  ExpectError(Create("admin_comm", NewUser("leader", "410104001000")), 403, "permission_denied", "roles[0].scope");
  EXPECT_EQ(Create("admin_comm", NewUser("grid_worker", "410104001001001")).status, 201);
  users += 1;
  // One good grant does not carry a bad one: the second is named.
  json two = NewUser("grid_worker", "410104001001001");
  two["username"] = "li";
  two["roles"].push_back({{"role", "leader"}, {"scope", "410104"}});
  ExpectError(Create("admin_north", two), 403, "permission_denied", "roles[1].scope");
  // Not an administrator at all.
  ExpectError(Create("gw_grid", NewUser("grid_worker", "410104001001001")), 403, "permission_denied", "");
  EXPECT_EQ(CountRows("users"), users);
}

TEST_F(AdminScopeApiTest, GrantsAreCheckedAgainstWhatExistsAndTheRolesKind) {
  auto users = CountRows("users");
  struct Bad {
    std::string role, scope, why;
  };
  for (const auto& b : std::vector<Bad>{
           {"unit_staff", "999", "a unit that does not exist"},
           {"leader", "41014", "a typo of the district"},
           {"grid_worker", "410104099000", "a street not on the map"},
           {"unit_staff", "410104001000", "a unit role on an area"},
           {"grid_worker", "BXJ", "an area role on a unit"},
           {"dispatcher", "410104001001", "a dispatcher on a community"},
           {"shift_lead", "410104001001001", "a shift lead on a grid"},
           {"admin", "410104001001001", "an administrator on a grid"},
           {"leader", "410104001001001", "a leader on a grid"}}) {
    ExpectError(Create("admin", NewUser(b.role, b.scope)), 400, "invalid_argument", "roles[0].scope");
  }
  ExpectError(Create("admin", NewUser("grid_worker", "410104001000", "NOPE")), 400, "invalid_argument", "unit_code");
  // Every bad grant is listed.
  json two = NewUser("unit_staff", "999");
  two["roles"].push_back({{"role", "leader"}, {"scope", "41014"}});
  auto r = Create("admin", two);
  ExpectError(r, 400, "invalid_argument", "roles[0].scope");
  ASSERT_EQ(r.json()["error"]["details"].size(), 2u) << r.body;
  EXPECT_EQ(r.json()["error"]["details"][1]["field"], "roles[1].scope");
  EXPECT_EQ(CountRows("users"), users);
  // Each fitting level is taken.
  for (const auto& [role, scope] : std::vector<std::pair<std::string, std::string>>{
           {"grid_worker", "410104001001001"}, {"grid_worker", "410104"}, {"dispatcher", "410104001000"},
           {"leader", "410104001001"}, {"unit_staff", "CGJ"}, {"intake_operator", "410104"}}) {
    auto j = NewUser(role, scope);
    j["username"] = "ok_" + std::to_string(CountRows("users"));
    EXPECT_EQ(Create("admin", j).status, 201) << role << "@" << scope;
  }
}

TEST_F(AdminScopeApiTest, AnAdministratorSeesAndUnlocksOnlyTheAccountsInside) {
  std::set<std::string> north = {"admin_north", "admin_comm", "gw_grid", "u_north"};
  EXPECT_EQ(Listed("admin_north", 1), north);
  EXPECT_EQ(Listed("admin_north", 500), north);
  EXPECT_EQ(Listed("admin_comm", 10), (std::set<std::string>{"admin_comm", "gw_grid"}));
  auto all = Listed("admin", 3);
  EXPECT_EQ(all.size(), static_cast<std::size_t>(CountRows("users")));
  EXPECT_TRUE(all.contains("gw_south"));
  // Outside: as if not there.
  for (const auto& other : {"gw_south", "u_south", "u_cgj", "admin", "leader"}) {
    std::string path = "/api/v1/users/" + std::to_string(Id(other));
    ExpectError(client_->Get(path, Token("admin_north")), 404, "not_found", "");
    ExpectError(client_->PostJson(path + "/actions/unlock", json::object(), Token("admin_north")), 404, "not_found", "");
  }
  EXPECT_EQ(client_->Get("/api/v1/users/" + std::to_string(Id("gw_grid")), Token("admin_north")).status, 200);
  EXPECT_EQ(client_->PostJson("/api/v1/users/" + std::to_string(Id("u_north")) + "/actions/unlock", json::object(),
                              Token("admin_north"))
                .status,
            200);
}

TEST_F(AdminScopeApiTest, UnitsAreManagedInsideTheStreet) {
  auto units = CountRows("units");
  auto post = [&](const json& u) { return client_->PostJson("/api/v1/units", u, Token("admin_north")); };
  EXPECT_EQ(post({{"code", "BXJ2"}, {"name", "北下街第二办"}, {"kind", "street_office"}, {"area_code", "410104001000"}})
                .status,
            201);
  EXPECT_EQ(post({{"code", "BXJ-LH"}, {"name", "绿化公司"}, {"kind", "contractor"}, {"parent_code", "BXJ"}}).status, 201);
  units += 2;
  ExpectError(post({{"code", "X1"}, {"name", "西大街二办"}, {"kind", "street_office"}, {"area_code", "410104002000"}}),
              403, "permission_denied", "area_code");
  ExpectError(post({{"code", "X2"}, {"name", "区住建局"}, {"kind", "department"}}), 403, "permission_denied", "area_code");
  ExpectError(post({{"code", "X3"}, {"name", "作业公司"}, {"kind", "contractor"}, {"parent_code", "XDJ"}}), 403,
              "permission_denied", "parent_code");
  // A bad reference is still a 400 first.
  ExpectError(post({{"code", "X4"}, {"name", "作业公司"}, {"kind", "contractor"}, {"parent_code", "NOPE"}}), 400,
              "invalid_argument", "parent_code");
  EXPECT_EQ(CountRows("units"), units);
  // Another street's unit cannot be changed, and a unit inside cannot be moved out.
  ExpectError(Put("/api/v1/units/XDJ", {{"name", "改名"}, {"kind", "street_office"}, {"area_code", "410104002000"}},
                  Token("admin_north")),
              403, "permission_denied", "");
  ExpectError(Put("/api/v1/units/BXJ", {{"name", "北下街"}, {"kind", "street_office"}, {"area_code", "410104002000"}},
                  Token("admin_north")),
              403, "permission_denied", "area_code");
  EXPECT_EQ(Put("/api/v1/units/BXJ", {{"name", "北下街街道办事处"}, {"kind", "street_office"}, {"area_code", "410104001000"}},
                Token("admin_north"))
                .status,
            200);
  // Members: only accounts inside join or leave.
  auto members = [&](const std::string& code, std::vector<std::int64_t> ids) {
    return Put("/api/v1/units/" + code + "/members", {{"user_ids", ids}}, Token("admin_north"));
  };
  EXPECT_EQ(members("BXJ", {Id("u_north"), Id("gw_grid")}).status, 200);
  ExpectError(members("BXJ", {Id("u_north"), Id("gw_south")}), 403, "permission_denied", "user_ids[1]");
  ExpectError(members("XDJ", {Id("u_south")}), 403, "permission_denied", "");
  auto cgj_member = server_->users().Add(
      {.username = "cgj_in_bxj", .display_name = "局里的人", .phone = "", .unit_code = "", .roles = {{Role::kUnitStaff, "CGJ"}}},
      testing::kPassword);
  ASSERT_TRUE(cgj_member.has_value());
  ASSERT_TRUE(server_->units().SetMembers("BXJ", {Id("u_north"), cgj_member->id}).has_value());
  ExpectError(members("BXJ", {Id("u_north")}), 403, "permission_denied", "user_ids");  // would take off cgj_in_bxj
  auto now = client_->Get("/api/v1/units/BXJ", Token("admin")).json()["members"];
  EXPECT_EQ(now.size(), 2u);
}

TEST_F(AdminScopeApiTest, OnlyTheDistrictsAdministratorChangesWhatHoldsForTheWholeDistrict) {
  std::string street = Token("admin_north");
  auto before = RowCounts();
  ExpectError(client_->PostJson("/api/v1/areas/import?level=street", json::object(), street), 403, "permission_denied", "");
  ExpectError(client_->PostJson("/api/v1/calendar/years", json::object(), street), 403, "permission_denied", "");
  ExpectError(Put("/api/v1/sla-policies", json::object(), street), 403, "permission_denied", "");
  ExpectError(Put("/api/v1/sla-policies/policies/x", json::object(), street), 403, "permission_denied", "");
  ExpectError(client_->Send("DELETE", "/api/v1/sla-policies/policies/x", "", {{"Authorization", "Bearer " + street}}),
              403, "permission_denied", "");
  ExpectError(Put("/api/v1/routing/rules", json::object(), street), 403, "permission_denied", "");
  ExpectError(Put("/api/v1/evaluation/schemes", json::object(), street), 403, "permission_denied", "");
  EXPECT_EQ(RowCounts(), before);
  // The district's administrator gets past the check (to the body's own refusal).
  EXPECT_EQ(Put("/api/v1/routing/rules", json::object(), Token("admin")).status, 400);
}

}  // namespace
}  // namespace onegrid
