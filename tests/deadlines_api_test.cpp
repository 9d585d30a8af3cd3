// Deadlines over HTTP (issue #5): the calendar API, SLA policies and their versions, the
// deadlines and lights in case views, timers that fire once (across a restart too), notices in
// the inbox, hang/resume and extension, reminders, and every refusal with nothing changed.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;
using namespace std::chrono_literals;

core::Instant T(const std::string& local) { return *core::ParseInstant(local + ":00+08:00", "t"); }

class DeadlinesApiTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    c.timer_interval = 0s;  // the test ticks by hand: no ticking thread races it
    c.session_ttl = 30 * 24h;  // the fake clock runs for days
  }
  void SetUp() override {
    clock_.Set(T("2026-11-23T09:00"));  // a Monday
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("410104");
  }
  int Tick() {
    auto r = server_->timers().Tick();
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r.value_or(-1);
  }
  std::vector<std::string> Actions(std::int64_t id) {
    std::vector<std::string> out;
    json c = Get(id);  // kept alive: the loop walks into it
    for (const auto& e : c["history"]) out.push_back(e["action"]);
    return out;
  }
  testing::HttpResult Delete(const std::string& target, const std::string& token) {
    return client_->Send("DELETE", target, {}, {{"Authorization", "Bearer " + token}});
  }
  testing::HttpResult PostText(const std::string& target, const std::string& body, const std::string& token) {
    return client_->Send("POST", target, body,
                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  }
  json Inbox(const std::string& user) { return client_->Get("/api/v1/inbox", Token(user)).json(); }
};

TEST_F(DeadlinesApiTest, ANewCaseShowsItsDeadlinesAndLights) {
  auto id = Intake();
  auto d = Get(id)["deadlines"];
  EXPECT_EQ(d["policy"]["version"], 1);
  EXPECT_EQ(d["step"]["step"], "accept");
  EXPECT_EQ(d["step"]["due_at"], "2026-11-23T09:30:00+08:00");   // 30 working minutes
  EXPECT_EQ(d["step"]["yellow_at"], "2026-11-23T09:24:00+08:00");
  EXPECT_EQ(d["step"]["escalate_at"], "2026-11-23T15:30:00+08:00");  // + 4 working hours
  EXPECT_EQ(d["step"]["light"], "green");
  EXPECT_EQ(d["whole"]["due_at"], "2026-11-30T09:00:00+08:00");  // 5 working days
  clock_.Set(T("2026-11-23T09:27"));
  d = Get(id)["deadlines"];
  EXPECT_EQ(d["step"]["light"], "yellow");
  EXPECT_EQ(d["step"]["used_percent"], 90.0);
  clock_.Set(T("2026-11-23T09:45"));
  EXPECT_EQ(Get(id)["deadlines"]["step"]["light"], "red");
}

// The list's light filter agrees with each case's own light as time passes; a case with no
// running step has none; a bad light is named.
TEST_F(DeadlinesApiTest, TheListFiltersByTheLightItsCasesShow) {
  auto id = Intake();
  auto listed = [&](const std::string& light) {
    auto r = client_->Get("/api/v1/cases?light=" + light, Token("admin"));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::int64_t> ids;
    json page = r.json();  // kept alive: the loop walks into it
    for (const auto& c : page["items"]) ids.push_back(c["id"]);
    return ids;
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(listed("green"), Ids{id});
  EXPECT_EQ(listed("yellow"), Ids{});
  EXPECT_EQ(listed("red"), Ids{});
  for (auto [at, light] : {std::pair{"2026-11-23T09:23", "green"}, {"2026-11-23T09:24", "yellow"},
                           {"2026-11-23T09:30", "yellow"}, {"2026-11-23T09:31", "red"}}) {
    clock_.Set(T(at));
    EXPECT_EQ(Get(id)["deadlines"]["step"]["light"], light) << at;
    for (const char* l : {"green", "yellow", "red"}) {
      EXPECT_EQ(listed(l), std::string(l) == light ? Ids{id} : Ids{}) << at << " " << l;
    }
  }
  ASSERT_EQ(Act("intake_operator", id, "reject").status, 200);  // finished: no light at all
  for (const char* l : {"green", "yellow", "red"}) EXPECT_EQ(listed(l), Ids{}) << l;
  auto bad = client_->Get("/api/v1/cases?light=amber", Token("admin"));
  ExpectError(bad, 400, "invalid_argument", "light");
  EXPECT_EQ(bad.json()["error"]["message"], "must be green, yellow or red");
}

// Yellow, overdue and escalation fire once each, also when the server restarts in between.
TEST_F(DeadlinesApiTest, TimersFireOnceEachAcrossARestart) {
  auto id = Intake();
  EXPECT_EQ(Tick(), 0);
  clock_.Set(T("2026-11-23T09:25"));
  EXPECT_EQ(Tick(), 1);
  EXPECT_EQ(Tick(), 0);
  auto inbox = Inbox("intake_operator");
  ASSERT_EQ(inbox["items"].size(), 1u);
  EXPECT_EQ(inbox["items"][0]["kind"], "yellow");
  EXPECT_EQ(inbox["items"][0]["case"]["number"], Get(id)["number"]);
  EXPECT_EQ(inbox["unread"], 1);
  EXPECT_EQ(Inbox("leader")["items"].size(), 0u);

  client_.reset();
  server_.reset();  // between yellow and red
  StartServer();
  tokens_.clear();
  EXPECT_EQ(Tick(), 0);  // nothing repeated
  clock_.Set(T("2026-11-23T11:00"));  // the server was down at 09:30: not missed
  EXPECT_EQ(Tick(), 1);
  EXPECT_EQ(Tick(), 0);
  clock_.Set(T("2026-11-23T15:31"));
  EXPECT_EQ(Tick(), 1);
  EXPECT_EQ(Tick(), 0);
  EXPECT_EQ(Actions(id), (std::vector<std::string>{"report", "yellow", "overdue", "escalate"}));
  auto history = Get(id)["history"];
  EXPECT_EQ(history[2]["actor"]["role"], "system");
  EXPECT_EQ(history[2]["payload"]["due"], "2026-11-23T09:30:00+08:00");
  EXPECT_EQ(Inbox("leader")["items"][0]["kind"], "escalate");
  EXPECT_EQ(Inbox("shift_lead")["items"].size(), 2u);  // yellow (may accept), overdue (督办)

  // Overdue in the list until the step is done; the next step starts its own clock.
  auto overdue = client_->Get("/api/v1/cases?overdue=true", Token("admin")).json();
  ASSERT_EQ(overdue["items"].size(), 1u);
  ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
  EXPECT_EQ(client_->Get("/api/v1/cases?overdue=true", Token("admin")).json()["items"].size(), 0u);
  EXPECT_EQ(Get(id)["deadlines"]["step"]["step"], "dispatch");
  ExpectError(client_->Get("/api/v1/cases?overdue=yes", Token("admin")), 400, "invalid_argument", "overdue");

  // Reading notices.
  auto ids = Inbox("intake_operator")["items"];
  auto r = client_->PostJson("/api/v1/inbox/read", {{"ids", {ids[0]["id"]}}}, Token("intake_operator"));
  EXPECT_EQ(r.json()["marked"], 1);
  EXPECT_EQ(Inbox("intake_operator")["unread"], static_cast<int>(ids.size()) - 1);
  ExpectError(client_->PostJson("/api/v1/inbox/read", {{"ids", json::array()}}, Token("leader")), 400,
              "invalid_argument", "ids");
  // Someone else's notice is not marked.
  r = client_->PostJson("/api/v1/inbox/read", {{"ids", {ids[1]["id"]}}}, Token("leader"));
  EXPECT_EQ(r.json()["marked"], 0);
}

TEST_F(DeadlinesApiTest, HangGivesBackTheTimeLeftAndAnExtensionMovesTheDeadline) {
  auto id = Intake();
  ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
  ASSERT_EQ(Act("shift_lead", id, "register").status, 200);
  ASSERT_EQ(Act("dispatcher", id, "dispatch", {{"unit_code", "410104"}}).status, 200);
  ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  auto step = Get(id)["deadlines"]["step"];
  EXPECT_EQ(step["step"], "handle");
  EXPECT_EQ(step["due_at"], "2026-11-25T09:00:00+08:00");  // 2 working days

  auto version = Get(id)["version"];
  ExpectError(Act("unit_staff", id, "request_extension"), 400, "invalid_argument", "deadline");
  ExpectError(Act("unit_staff", id, "request_extension", {{"deadline", "2026-11-24T09:00:00+08:00"}}), 400,
              "invalid_argument", "deadline");  // earlier than the deadline in force
  ExpectError(Act("unit_staff", id, "sign", {{"deadline", "2026-11-27T18:00:00+08:00"}}), 400,
              "invalid_argument", "deadline");  // a field of another action, whatever the state
  ExpectError(Act("unit_staff", id, "sign"), 409, "failed_precondition", "");
  EXPECT_EQ(Get(id)["version"], version);  // nothing written
  ASSERT_EQ(Act("unit_staff", id, "request_extension", {{"deadline", "2026-11-27T18:00:00+08:00"}}).status, 200);
  ASSERT_EQ(Act("shift_lead", id, "approve_extension", {{"deadline", "2026-11-27T18:00:00+08:00"}}).status, 200);
  EXPECT_EQ(Get(id)["deadlines"]["step"]["due_at"], "2026-11-27T18:00:00+08:00");

  clock_.Set(T("2026-11-23T10:00"));
  ASSERT_EQ(Act("unit_staff", id, "request_hang").status, 200);
  ASSERT_EQ(Act("shift_lead", id, "approve_hang").status, 200);
  step = Get(id)["deadlines"]["step"];
  EXPECT_TRUE(step["paused"].get<bool>());
  EXPECT_EQ(step["left_seconds"], 38 * 3600);
  clock_.Set(T("2026-11-30T09:00"));  // a week later: the clock stood still
  EXPECT_EQ(Get(id)["deadlines"]["step"]["left_seconds"], 38 * 3600);
  EXPECT_EQ(Tick(), 0);  // no timers while hung
  ASSERT_EQ(Act("shift_lead", id, "resume").status, 200);
  step = Get(id)["deadlines"]["step"];
  EXPECT_FALSE(step["paused"].get<bool>());
  EXPECT_EQ(step["due_at"], "2026-12-04T17:00:00+08:00");
  auto between = client_->Get("/api/v1/calendar/working-time?from=2026-11-30T09:00:00%2B08:00&to=2026-12-04T17:00:00%2B08:00",
                              Token("unit_staff")).json();
  EXPECT_EQ(between["working_hours"], 38);
}

TEST_F(DeadlinesApiTest, TheCalendarAnswersInWorkingTime) {
  auto tok = Token("grid_worker");
  auto r = client_->Get("/api/v1/calendar/working-time?from=2026-02-13T09:00:00%2B08:00&to=2026-02-25T09:00:00%2B08:00", tok);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["working_hours"], 24);  // Spring Festival, with Saturday 02-14 worked
  r = client_->Get("/api/v1/calendar/add?from=2026-02-13T11:00:00%2B08:00&hours=24", tok);
  EXPECT_EQ(r.json()["at"], "2026-02-25T11:00:00+08:00");
  r = client_->Get("/api/v1/calendar/add?from=2026-02-13T11:00:00%2B08:00&days=3", tok);
  EXPECT_EQ(r.json()["at"], "2026-02-25T11:00:00+08:00");
  auto cal = client_->Get("/api/v1/calendar", tok).json();
  EXPECT_EQ(cal["hours"], "08:00-12:00,14:00-18:00");
  EXPECT_EQ(cal["known_years"].back(), 2026);

  ExpectError(client_->Get("/api/v1/calendar/add?hours=2", tok), 400, "invalid_argument", "from");
  ExpectError(client_->Get("/api/v1/calendar/add?from=2026-02-13T11:00:00%2B08:00&hours=2&days=1", tok), 400,
              "invalid_argument", "days");
  ExpectError(client_->Get("/api/v1/calendar/add?from=2026-02-13T11:00:00%2B08:00&hours=-2", tok), 400,
              "invalid_argument", "hours");
  ExpectError(client_->Get("/api/v1/calendar/add?from=yesterday&hours=2", tok), 400, "invalid_argument", "from");
  ExpectError(client_->Get("/api/v1/calendar/working-time?from=2026-02-13T11:00:00%2B08:00&to=2026-02-12T11:00:00%2B08:00", tok),
              400, "invalid_argument", "to");
  ExpectError(client_->Get("/api/v1/calendar?x=1", tok), 400, "invalid_argument", "x");

  // 2027 is not loaded: New Year's Day counts as a weekday, and the answer says so.
  r = client_->Get("/api/v1/calendar/add?from=2026-12-31T16:00:00%2B08:00&hours=4", tok);
  EXPECT_EQ(r.json()["at"], "2027-01-01T10:00:00+08:00");
  EXPECT_TRUE(r.json()["calendar_unknown"].get<bool>());
  std::string year = R"({"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})";
  std::string bad = R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-02-30", "isOffDay": true}]})";
  ExpectError(PostText("/api/v1/calendar/years", year, Token("leader")), 403,
              "permission_denied", "");
  // Found by the attack test: the import took a body sent as anything.
  ExpectError(client_->Send("POST", "/api/v1/calendar/years", year,
                            {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + Token("admin")}}),
              400, "invalid_argument", "");
  ExpectError(PostText("/api/v1/calendar/years", bad, Token("admin")), 400,
              "invalid_argument", "days[0].date");
  EXPECT_EQ(CountRows("calendar_files"), 0);
  auto imported = PostText("/api/v1/calendar/years", year, Token("admin"));
  ASSERT_EQ(imported.status, 201) << imported.body;
  r = client_->Get("/api/v1/calendar/add?from=2026-12-31T16:00:00%2B08:00&hours=4", tok);
  EXPECT_EQ(r.json()["at"], "2027-01-04T10:00:00+08:00");
  EXPECT_FALSE(r.json()["calendar_unknown"].get<bool>());
  // It survives a restart.
  client_.reset();
  server_.reset();
  StartServer();
  r = client_->Get("/api/v1/calendar/add?from=2026-12-31T16:00:00%2B08:00&hours=4", Login("grid_worker"));
  EXPECT_EQ(r.json()["at"], "2027-01-04T10:00:00+08:00");
}

// A deadline counted on a weekday of an unloaded year is flagged; loading the year retimes it.
TEST_F(DeadlinesApiTest, LoadingAYearRetimesTheDeadlinesThatWereCountedOnWeekdays) {
  clock_.Set(T("2026-12-31T17:50"));
  auto id = Intake();
  auto step = Get(id)["deadlines"]["step"];
  EXPECT_EQ(step["due_at"], "2027-01-01T08:20:00+08:00");  // New Year's Day counted as a Friday
  EXPECT_TRUE(step["calendar_unknown"].get<bool>());
  auto other = Intake();
  ASSERT_EQ(Act("intake_operator", other, "reject").status, 200);  // finished: left alone
  std::string year = R"({"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})";
  auto r = PostText("/api/v1/calendar/years", year, Token("admin"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["cases_retimed"], 1);
  auto c = Get(id);
  EXPECT_EQ(c["deadlines"]["step"]["due_at"], "2027-01-04T08:20:00+08:00");
  EXPECT_FALSE(c["deadlines"]["step"]["calendar_unknown"].get<bool>());
  EXPECT_FALSE(c["deadlines"]["whole"]["calendar_unknown"].get<bool>());
  EXPECT_EQ(c["history"].back()["action"], "retime");
  EXPECT_EQ(c["history"].back()["actor"]["role"], "system");
  // Importing it again changes nothing more.
  r = PostText("/api/v1/calendar/years", year, Token("admin"));
  EXPECT_EQ(r.json()["cases_retimed"], 0);
  EXPECT_EQ(Get(id)["version"], c["version"]);
}

TEST_F(DeadlinesApiTest, PoliciesAreVersionedAndACaseKeepsItsVersion) {
  auto set = client_->Get("/api/v1/sla-policies", Token("leader")).json();
  EXPECT_EQ(set["version"], 1);
  auto before = Intake("06010");  // 暴露垃圾: 4 working hours to handle under version 1
  json policy = {{"category", "matter:06010"}, {"limits", {{"handle", "2wh"}}}};
  ExpectError(Put("/api/v1/sla-policies/policies/%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE", policy, Token("leader")), 403,
              "permission_denied", "");
  json bad = {{"category", "matter:06010"}, {"limits", {{"handle", "4 hours"}}}};
  ExpectError(Put("/api/v1/sla-policies/policies/%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE", bad, Token("admin")), 400,
              "invalid_argument", "limits.handle");
  ExpectError(Delete("/api/v1/sla-policies/policies/%E4%B8%80%E8%88%AC%E6%A1%88%E4%BB%B6", Token("admin")), 409,
              "failed_precondition", "");
  ExpectError(Delete("/api/v1/sla-policies/policies/%E6%97%A0%E6%AD%A4%E7%AD%96%E7%95%A5", Token("admin")), 404, "not_found", "");
  EXPECT_EQ(CountRows("rule_versions WHERE kind = 'sla'"), 1);
  auto r = Put("/api/v1/sla-policies/policies/%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE", policy, Token("admin"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["version"], 2);
  auto after = Intake("06010");
  EXPECT_EQ(Get(before)["deadlines"]["policy"]["version"], 1);
  EXPECT_EQ(Get(after)["deadlines"]["policy"]["version"], 2);
  // Each case's handling limit comes from its own version.
  for (auto id : {before, after}) {
    ASSERT_EQ(Act("intake_operator", id, "accept").status, 200);
    ASSERT_EQ(Act("shift_lead", id, "register").status, 200);
    ASSERT_EQ(Act("dispatcher", id, "dispatch", {{"unit_code", "410104"}}).status, 200);
    ASSERT_EQ(Act("unit_staff", id, "sign").status, 200);
  }
  EXPECT_EQ(Get(before)["deadlines"]["step"]["limit_hours"], 4);
  EXPECT_EQ(Get(after)["deadlines"]["step"]["limit_hours"], 2);
  EXPECT_EQ(client_->Get("/api/v1/sla-policies?version=1", Token("leader")).json()["version"], 1);
  ExpectError(client_->Get("/api/v1/sla-policies?version=9", Token("leader")), 404, "not_found", "version");
  auto versions = client_->Get("/api/v1/sla-policies/versions", Token("leader")).json()["items"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["note"], "changed policy 暴露垃圾");
}

// The refusals of the deadline routes not met above: each names its field and writes nothing.
TEST_F(DeadlinesApiTest, BadDeadlineRequestsAreRefusedExactly) {
  std::string year = R"({"year": 2027, "papers": [], "days": []})";
  ExpectError(PostText("/api/v1/calendar/years?kind=federal", year, Token("admin")), 400, "invalid_argument", "kind");
  ExpectError(PostText("/api/v1/calendar/years", "not json", Token("admin")), 400, "invalid_argument", "file");
  EXPECT_EQ(CountRows("calendar_files"), 0);
  ExpectError(client_->Get("/api/v1/calendar/add?from=2026-02-13T11:00:00%2B08:00&days=-1", Token("leader")), 400,
              "invalid_argument", "days");
  ExpectError(client_->Get("/api/v1/sla-policies?version=one", Token("leader")), 400, "invalid_argument", "version");
  auto set = client_->Get("/api/v1/sla-policies", Token("admin")).json();
  json spoiled = set;
  for (const char* k : {"version", "created_at", "created_by", "note"}) spoiled.erase(k);
  spoiled["escalate_after"] = "soon";
  ExpectError(Put("/api/v1/sla-policies", {{"note", "x"}, {"set", spoiled}}, Token("admin")), 400,
              "invalid_argument", "set.escalate_after");
  ExpectError(Put("/api/v1/sla-policies", {{"set", spoiled}}, Token("admin")), 400, "invalid_argument", "note");
  ExpectError(Put("/api/v1/sla-policies/policies/%E6%9A%B4%E9%9C%B2%E5%9E%83%E5%9C%BE",
                  {{"name", "别的名字"}, {"limits", {{"handle", "2wh"}}}}, Token("admin")),
              400, "invalid_argument", "name");
  EXPECT_EQ(CountRows("rule_versions WHERE kind = 'sla'"), 1);
  ExpectError(client_->Get("/api/v1/inbox?unread=maybe", Token("leader")), 400, "invalid_argument", "unread");
  ExpectError(client_->Get("/api/v1/inbox?cursor=x", Token("leader")), 400, "invalid_argument", "cursor");
  ExpectError(client_->PostJson("/api/v1/inbox/read", {{"ids", {"one"}}}, Token("leader")), 400, "invalid_argument",
              "ids[0]");
  auto id = Intake();
  auto version = Get(id)["version"];
  ExpectError(Act("intake_operator", id, "accept", {{"deadline", "2026-12-01T09:00:00+08:00"}}), 400,
              "invalid_argument", "deadline");
  ExpectError(Act("intake_operator", id, "accept", {{"deadline", "tomorrow"}}), 400, "invalid_argument", "deadline");
  ExpectError(Act("leader", id, "remind", {{"deadline", "2026-12-01T09:00:00+08:00"}}), 400, "invalid_argument",
              "deadline");
  EXPECT_EQ(Get(id)["version"], version);
  EXPECT_EQ(CountRows("inbox"), 0);
}

TEST_F(DeadlinesApiTest, LeadersRemindAndOthersMayNot) {
  auto id = Intake();
  auto c = client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json();
  EXPECT_NE(std::find(c["actions"].begin(), c["actions"].end(), "remind"), c["actions"].end());
  ExpectError(Act("grid_worker", id, "remind"), 403, "permission_denied", "");
  ExpectError(Act("leader", id, "remind", {{"unit_code", "U1"}}), 400, "invalid_argument", "unit_code");
  ASSERT_EQ(Act("leader", id, "remind", {{"note", "请尽快受理"}}).status, 200);
  auto inbox = Inbox("intake_operator");
  ASSERT_EQ(inbox["items"].size(), 1u);
  EXPECT_EQ(inbox["items"][0]["kind"], "remind");
  EXPECT_EQ(Actions(id).back(), "remind");
}

}  // namespace
}  // namespace onegrid
