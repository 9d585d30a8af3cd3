// Work shared between units over HTTP (issue #6): assisting units' sub-tasks (协办) that the
// lead's feedback waits for, and whistle calls (吹哨报到) with check-ins, reports, a missed
// check-in escalated once by the timers, and the street's closing; every refusal exact and
// writing nothing.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;
using namespace std::chrono_literals;

class CoordinationApiTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    c.timer_interval = 0s;  // the test ticks by hand: no ticking thread races it
    c.session_ttl = 30 * 24h;
  }
  void SetUp() override {
    clock_.Set(*core::ParseInstant("2026-11-23T10:00:00+08:00", "now"));  // a Monday
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("410104");  // the lead: the fixture's unit_staff works for it
    AddUnit("ZJJ");
    AddUnit("SWJ");
    AddUser("zjj", accounts::Role::kUnitStaff, "ZJJ");
    AddUser("zjj_lead", accounts::Role::kUnitLeader, "ZJJ");
    AddUser("swj", accounts::Role::kUnitStaff, "SWJ");
  }
  std::int64_t Dispatched(json extra = json::object()) {
    auto id = Intake("08002");
    EXPECT_EQ(Act("intake_operator", id, "accept").status, 200);
    EXPECT_EQ(Act("shift_lead", id, "register").status, 200);
    extra["unit_code"] = "410104";
    auto r = Act("dispatcher", id, "dispatch", extra);
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
  json As(const std::string& user, std::int64_t id) {
    return client_->Get("/api/v1/cases/" + std::to_string(id), Token(user)).json();
  }
};

TEST_F(CoordinationApiTest, TheLeadsFeedbackWaitsForItsAssistingUnits) {
  auto id = Dispatched({{"assist_units", {"ZJJ", "SWJ"}}});
  auto c = Get(id);
  ASSERT_EQ(c["assists"].size(), 2u);
  EXPECT_EQ(c["assists"][0]["unit"], "ZJJ");
  EXPECT_EQ(c["assists"][0]["state"], "open");
  // The assisting unit sees the case, in its list too, and may only report on its sub-task.
  auto seen = As("zjj", id);
  EXPECT_EQ(seen["actions"], json::array({"assist_report"}));
  auto list = client_->Get("/api/v1/cases", Token("zjj")).json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], id);
  ExpectError(Act("zjj", id, "sign"), 403, "permission_denied", "");
  ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  ExpectError(Act("unit_staff", id, "feedback"), 409, "failed_precondition", "assist_waived");
  ExpectError(Act("unit_staff", id, "assist_report"), 403, "permission_denied", "");  // the lead is no assistant
  auto r = Act("zjj", id, "assist_report", {{"note", "已完成围挡检查"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["assists"][0]["state"], "done");
  EXPECT_EQ(r.json()["assists"][0]["note"], "已完成围挡检查");
  ExpectError(Act("zjj", id, "assist_report"), 403, "permission_denied", "");  // once
  ExpectError(Act("unit_staff", id, "feedback"), 409, "failed_precondition", "assist_waived");  // SWJ still open
  r = Act("unit_staff", id, "feedback", {{"assist_waived", "水务局未到场，已由本单位处置"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "handled");
  EXPECT_EQ(r.json()["assists"][1]["state"], "waived");
  EXPECT_EQ(r.json()["assists"][1]["note"], "水务局未到场，已由本单位处置");
  EXPECT_EQ(r.json()["assists"][0]["state"], "done");  // a report stays a report

  // Without assisting units the feedback needs no waiver; a re-dispatch replaces the sub-tasks.
  auto other = Dispatched({{"assist_units", {"ZJJ"}}});
  ASSERT_EQ(Act("unit_staff", other, "request_return", {{"note", "非本单位"}}).status, 200);
  ASSERT_EQ(Act("shift_lead", other, "approve_return").status, 200);
  ASSERT_EQ(Act("dispatcher", other, "dispatch", {{"unit_code", "SWJ"}}).status, 200);
  EXPECT_TRUE(Get(other)["assists"].empty());
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(other), Token("zjj")).status, 404);
  ASSERT_EQ(Act("swj", other, "sign").status, 200);
  ASSERT_EQ(Act("swj", other, "feedback").status, 200);
}

TEST_F(CoordinationApiTest, BadAssistRequestsAreRefusedExactlyAndWriteNothing) {
  auto id = Intake("08002");
  ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", id, "register").status, 200);
  int version = Get(id)["version"];
  auto dispatch = [&](json assists) {
    return Act("dispatcher", id, "dispatch", {{"unit_code", "410104"}, {"assist_units", assists}});
  };
  ExpectError(dispatch({"410104"}), 400, "invalid_argument", "assist_units[0]");  // the lead itself
  ExpectError(dispatch({"ZJJ", "NOPE"}), 400, "invalid_argument", "assist_units[1]");
  ExpectError(dispatch({"ZJJ", "ZJJ"}), 400, "invalid_argument", "assist_units[1]");
  ExpectError(dispatch({"ZJJ", 7}), 400, "invalid_argument", "assist_units[1]");
  ExpectError(dispatch("ZJJ"), 400, "invalid_argument", "assist_units");
  ExpectError(Act("shift_lead", id, "cancel", {{"assist_units", {"ZJJ"}}}), 400, "invalid_argument", "assist_units");
  ExpectError(Act("shift_lead", id, "cancel", {{"assist_waived", "x"}}), 400, "invalid_argument", "assist_waived");
  EXPECT_EQ(Get(id)["version"], version);
}

TEST_F(CoordinationApiTest, AWhistleCallWithAMissedCheckInEscalatesOnceAndTheStreetClosesIt) {
  auto id = Dispatched();
  ExpectError(Act("unit_staff", id, "whistle", {{"units", {"ZJJ"}}}), 409, "failed_precondition", "");  // not signed
  ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  EXPECT_EQ(As("unit_staff", id)["actions"], json::array({"request_return", "request_extension", "request_hang",
                                                           "feedback", "whistle"}));
  EXPECT_EQ(As("leader", id)["actions"], json::array({"whistle", "remind"}));
  auto r = Act("unit_staff", id, "whistle", {{"units", {"ZJJ", "SWJ"}}, {"checkin_limit", "2wh"}, {"note", "渣土堆放需住建、水务协同"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto call = r.json()["calls"][0];
  EXPECT_EQ(call["call"], 1);
  EXPECT_EQ(call["checkin_due"], "2026-11-23T12:00:00+08:00");
  EXPECT_EQ(call["units"].size(), 2u);
  EXPECT_EQ(As("zjj", id)["actions"], json::array({"check_in"}));
  auto inbox = client_->Get("/api/v1/inbox", Token("zjj")).json();
  ASSERT_EQ(inbox["items"].size(), 1u);
  EXPECT_EQ(inbox["items"][0]["kind"], "whistle");
  // ZJJ checks in in time and reports; a report needs words and comes after the check-in.
  ExpectError(Act("zjj", id, "whistle_report", {{"call", 1}, {"note", "已处理"}}), 409, "failed_precondition", "");
  ASSERT_EQ(Act("zjj", id, "check_in", {{"call", 1}}).status, 200);
  ExpectError(Act("zjj", id, "check_in", {{"call", 1}}), 409, "failed_precondition", "");
  ExpectError(Act("zjj", id, "whistle_report", {{"call", 1}}), 400, "invalid_argument", "note");
  ASSERT_EQ(Act("zjj", id, "whistle_report", {{"call", 1}, {"note", "已责令施工方清运渣土"}}).status, 200);
  // SWJ misses its check-in: one checkin_overdue, to the department and the district's leaders.
  clock_.Set(*core::ParseInstant("2026-11-23T11:59:00+08:00", "now"));
  EXPECT_EQ(server_->timers().Tick().value_or(-1), 0);
  clock_.Set(*core::ParseInstant("2026-11-23T12:01:00+08:00", "now"));
  EXPECT_EQ(server_->timers().Tick().value_or(-1), 1);
  EXPECT_EQ(server_->timers().Tick().value_or(-1), 0);  // once
  auto c = Get(id);
  const auto& missed = c["history"].back();
  EXPECT_EQ(missed["action"], "checkin_overdue");
  EXPECT_EQ(missed["payload"]["unit"], "SWJ");
  EXPECT_TRUE(c["calls"][0]["units"][1]["missed_check_in"].get<bool>());
  EXPECT_FALSE(c["calls"][0]["units"][0]["missed_check_in"].get<bool>());
  EXPECT_EQ(client_->Get("/api/v1/inbox", Token("leader")).json()["items"][0]["kind"], "checkin_overdue");
  EXPECT_EQ(client_->Get("/api/v1/inbox", Token("swj")).json()["items"][0]["kind"], "checkin_overdue");
  // The street closes the call: with a department still silent it must say why.
  ExpectError(Act("unit_staff", id, "close_whistle", {{"call", 1}}), 400, "invalid_argument", "note");
  ASSERT_EQ(Act("swj", id, "check_in", {{"call", 1}}).status, 200);  // late, and marked so
  ASSERT_EQ(Act("swj", id, "whistle_report", {{"call", 1}, {"note", "已疏通排水"}}).status, 200);
  ASSERT_EQ(Act("unit_staff", id, "close_whistle", {{"call", 1}}).status, 200);
  ExpectError(Act("unit_staff", id, "close_whistle", {{"call", 1}}), 409, "failed_precondition", "call");
  c = Get(id);
  EXPECT_EQ(c["calls"][0]["closed_at"], "2026-11-23T12:01:00+08:00");
  EXPECT_TRUE(c["calls"][0]["units"][1]["missed_check_in"].get<bool>());
  std::vector<std::string> actions;
  for (const auto& e : c["history"]) actions.push_back(e["action"]);
  ASSERT_GE(actions.size(), 8u);
  EXPECT_EQ(std::vector<std::string>(actions.end() - 8, actions.end()),
            (std::vector<std::string>{"sign", "whistle", "check_in", "whistle_report", "checkin_overdue", "check_in",
                                      "whistle_report", "close_whistle"}));
  EXPECT_EQ(Act("unit_staff", id, "feedback").status, 200);  // the case goes on
}

TEST_F(CoordinationApiTest, BadWhistleRequestsAreRefusedExactlyAndWriteNothing) {
  auto id = Dispatched();
  ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  int version = Get(id)["version"];
  ExpectError(Act("unit_staff", id, "whistle"), 400, "invalid_argument", "units");
  ExpectError(Act("unit_staff", id, "whistle", {{"units", {"NOPE"}}}), 400, "invalid_argument", "units[0]");
  ExpectError(Act("unit_staff", id, "whistle", {{"units", {"ZJJ"}}, {"checkin_limit", "soon"}}), 400,
              "invalid_argument", "checkin_limit");
  ExpectError(Act("unit_staff", id, "whistle", {{"units", {"ZJJ"}}, {"call", 1}}), 400, "invalid_argument", "call");
  ExpectError(Act("grid_worker", id, "whistle", {{"units", {"ZJJ"}}}), 403, "permission_denied", "");
  ExpectError(Act("unit_staff", id, "sign", {{"units", {"ZJJ"}}}), 400, "invalid_argument", "units");
  ExpectError(Act("zjj", id, "check_in", {{"call", 1}}), 404, "not_found", "");  // not called: not there
  ExpectError(Act("unit_staff", id, "close_whistle", {{"call", 1}}), 404, "not_found", "call");
  ExpectError(Act("unit_staff", id, "close_whistle"), 400, "invalid_argument", "call");
  ExpectError(Act("unit_staff", id, "close_whistle", {{"call", 0}}), 400, "invalid_argument", "call");
  ExpectError(Act("unit_staff", id, "checkin_overdue"), 404, "not_found", "action");  // the timers' own
  EXPECT_EQ(Get(id)["version"], version);
  ASSERT_EQ(Act("unit_staff", id, "whistle", {{"units", {"ZJJ"}}}).status, 200);
  ExpectError(Act("swj", id, "check_in", {{"call", 1}}), 404, "not_found", "");
  ExpectError(Act("zjj", id, "check_in", {{"call", 2}}), 404, "not_found", "call");
}

TEST_F(CoordinationApiTest, AListMergesLedAssistedAndAreaCasesInOrderAcrossPages) {
  // One user with a unit grant (ZJJ) and an area grant (the west street).
  ASSERT_TRUE(server_->users()
                  .Add({.username = "mixed", .display_name = "mixed", .phone = "", .unit_code = "",
                        .roles = {{accounts::Role::kUnitStaff, "ZJJ"}, {accounts::Role::kGridWorker, "410104002000"}}},
                       testing::kPassword)
                  .has_value());
  auto assisted = Dispatched({{"assist_units", {"ZJJ"}}});  // north street, ZJJ assists
  clock_.Advance(1min);
  auto led = Intake("08002");  // north street, dispatched to ZJJ
  ASSERT_EQ(Act("intake_operator", led, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", led, "register").status, 200);
  ASSERT_EQ(Act("dispatcher", led, "dispatch", {{"unit_code", "ZJJ"}}).status, 200);
  clock_.Advance(1min);
  auto west = Intake("08002", 113.8, 34.7);  // west street, in the area grant
  clock_.Advance(1min);
  Intake("08002");  // north street, nothing to do with the user
  std::vector<std::int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto r = client_->Get("/api/v1/cases?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), Token("mixed")).json();
    for (const auto& c : r["items"]) seen.push_back(c["id"]);
    if (r["next_cursor"].is_null()) break;
    cursor = r["next_cursor"];
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{west, led, assisted}));  // newest first, each once
}

}  // namespace
}  // namespace onegrid
