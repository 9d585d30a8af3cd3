// Units over HTTP (issue #6, units): departments, street offices and contractors managed by
// administrators, each reference checked, every refusal exact and writing nothing, members.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;

class UnitsApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
    admin_ = Login("admin");
  }
  std::int64_t UserId(const std::string& name) { return server_->store().users().FindByUsername(name)->id; }
  json Department() { return {{"code", "CGJ"}, {"name", "管城区城市管理局"}, {"kind", "department"}, {"contact", "0371-66000000"}}; }
  std::string admin_;
};

TEST_F(UnitsApiTest, AdministratorsBuildTheTreeOfUnits) {
  auto r = client_->PostJson("/api/v1/units", Department(), admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("Location"), "/api/v1/units/CGJ");
  EXPECT_EQ(r.json()["kind"], "department");
  EXPECT_TRUE(r.json()["active"].get<bool>());
  r = client_->PostJson("/api/v1/units", {{"code", "HW-01"}, {"name", "环卫作业公司"}, {"kind", "contractor"},
                                          {"parent_code", "CGJ"}}, admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  r = client_->PostJson("/api/v1/units", {{"code", "JD001"}, {"name", "北下街街道办事处"}, {"kind", "street_office"},
                                          {"area_code", "410104001000"}, {"leader_id", UserId("unit_leader")}}, admin_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["leader_id"], UserId("unit_leader"));
  auto list = client_->Get("/api/v1/units?limit=2", Login("grid_worker")).json();
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][0]["code"], "CGJ");
  EXPECT_EQ(list["next_cursor"], "HW-01");
  list = client_->Get("/api/v1/units?cursor=HW-01", admin_).json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["code"], "JD001");
  auto hw = client_->Get("/api/v1/units/HW-01", admin_).json();
  EXPECT_EQ(hw["parent_code"], "CGJ");
  // Update: a cycle of parents is refused; a rename is not.
  ExpectError(Put("/api/v1/units/CGJ", {{"name", "城管局"}, {"kind", "department"}, {"parent_code", "HW-01"}}, admin_),
              400, "invalid_argument", "parent_code");
  r = Put("/api/v1/units/CGJ", {{"name", "城管局"}, {"kind", "department"}, {"active", false}}, admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["name"], "城管局");
  EXPECT_FALSE(r.json()["active"].get<bool>());
  ExpectError(Put("/api/v1/units/NOPE", {{"name", "x"}, {"kind", "department"}}, admin_), 404, "not_found", "");
  ExpectError(client_->Get("/api/v1/units/NOPE", admin_), 404, "not_found", "");
}

TEST_F(UnitsApiTest, EveryBadUnitIsRefusedExactlyAndWritesNothing) {
  ASSERT_EQ(client_->PostJson("/api/v1/units", Department(), admin_).status, 201);
  struct Case {
    json body;
    int status;
    std::string code, field;
  } cases[] = {
      {{{"code", "x"}, {"name", "太短"}, {"kind", "department"}}, 400, "invalid_argument", "code"},
      {{{"code", "A B"}, {"name", "空格"}, {"kind", "department"}}, 400, "invalid_argument", "code"},
      {{{"code", "ZJJ"}, {"kind", "department"}}, 400, "invalid_argument", "name"},
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "bureau"}}, 400, "invalid_argument", "kind"},
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}, {"color", "red"}}, 400, "invalid_argument", "color"},
      {{{"code", "JD9"}, {"name", "街道"}, {"kind", "street_office"}}, 400, "invalid_argument", "area_code"},
      {{{"code", "JD9"}, {"name", "街道"}, {"kind", "street_office"}, {"area_code", "410104001001"}}, 400,
       "invalid_argument", "area_code"},  // a community, not a street
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}, {"area_code", "410104001000"}}, 400,
       "invalid_argument", "area_code"},
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}, {"parent_code", "NOPE"}}, 400,
       "invalid_argument", "parent_code"},
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}, {"leader_id", 9999}}, 400, "invalid_argument",
       "leader_id"},
      {{{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}, {"leader_id", "boss"}}, 400, "invalid_argument",
       "leader_id"},
      {{{"code", "CGJ"}, {"name", "重复"}, {"kind", "department"}}, 409, "already_exists", "code"},
  };
  for (const auto& c : cases) {
    ExpectError(client_->PostJson("/api/v1/units", c.body, admin_), c.status, c.code, c.field);
    EXPECT_EQ(CountRows("units"), 1) << c.body.dump();
  }
  for (const char* role : {"leader", "dispatcher", "unit_staff"}) {
    ExpectError(client_->PostJson("/api/v1/units", {{"code", "ZJJ"}, {"name", "住建局"}, {"kind", "department"}},
                                  Login(role)),
                403, "permission_denied", "");
  }
  EXPECT_EQ(CountRows("units"), 1);
}

TEST_F(UnitsApiTest, MembersAreSetAsAWholeList) {
  ASSERT_EQ(client_->PostJson("/api/v1/units", Department(), admin_).status, 201);
  auto staff = UserId("unit_staff"), lead = UserId("unit_leader");
  auto r = Put("/api/v1/units/CGJ/members", {{"user_ids", {staff, lead}}}, admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["members"].size(), 2u);
  EXPECT_EQ(client_->Get("/api/v1/users/" + std::to_string(staff), admin_).json()["unit_code"], "CGJ");
  ExpectError(Put("/api/v1/units/CGJ/members", {{"user_ids", {staff, 9999}}}, admin_), 404, "not_found",
              "user_ids[1]");
  ExpectError(Put("/api/v1/units/CGJ/members", {{"user_ids", {staff, staff}}}, admin_), 400, "invalid_argument",
              "user_ids[1]");
  ExpectError(Put("/api/v1/units/CGJ/members", {{"user_ids", {"x"}}}, admin_), 400, "invalid_argument",
              "user_ids[0]");
  ExpectError(Put("/api/v1/units/CGJ/members", {{"user_ids", {staff}}}, Login("leader")), 403, "permission_denied", "");
  EXPECT_EQ(client_->Get("/api/v1/units/CGJ", admin_).json()["members"].size(), 2u);  // nothing changed
  r = Put("/api/v1/units/CGJ/members", {{"user_ids", {staff}}}, admin_);
  ASSERT_EQ(r.status, 200);
  auto unit = client_->Get("/api/v1/units/CGJ", admin_).json();
  ASSERT_EQ(unit["members"].size(), 1u);
  EXPECT_EQ(unit["members"][0]["username"], "unit_staff");
  EXPECT_EQ(client_->Get("/api/v1/users/" + std::to_string(lead), admin_).json()["unit_code"], "");
  ExpectError(Put("/api/v1/units/NOPE/members", {{"user_ids", json::array()}}, admin_), 404, "not_found", "");
}

}  // namespace
}  // namespace onegrid
