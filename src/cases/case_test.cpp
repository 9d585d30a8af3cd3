#include "cases/case.hpp"

#include <gtest/gtest.h>

#include "cases/chain.hpp"

namespace onegrid::cases {
namespace {

core::Instant At(int minutes) {
  return core::Instant(core::Duration(1'790'000'000'000'000)) + std::chrono::minutes(minutes);
}

class CaseLog {
 public:
  CaseLog() {
    Case seed;
    seed.number = "410104-20260921-000001";
    seed.kind = Kind::kEvent;
    seed.category_code = "09009";
    seed.description = "机动车乱停放";
    seed.district_code = "410104";
    seed.street_code = "410104001000";
    Event e;
    e.action = std::string(kReportAction);
    e.payload = ReportPayload(seed);
    Add(std::move(e));
  }
  // Appends an event for `action` from the current state, chained and applied.
  void Act(const std::string& action, nlohmann::json payload = nlohmann::json::object()) {
    Event e;
    e.action = action;
    e.from = c.state;
    e.to = (*FindRule(c.kind, c.state, action))->to;
    e.payload = std::move(payload);
    Add(std::move(e));
  }
  void Add(Event e) {
    e.case_id = 7;
    e.seq = static_cast<std::int64_t>(events.size()) + 1;
    e.at = At(static_cast<int>(events.size()));
    e.actor_id = 1;
    e.prev_hash = events.empty() ? "" : events.back().hash;
    e.hash = ComputeHash(e);
    ASSERT_TRUE(Apply(c, e).has_value());
    events.push_back(std::move(e));
  }
  Case c;
  std::vector<Event> events;
};

TEST(Case, TheLoopCountsReworkAndRedispatch) {
  CaseLog log;
  log.Act("accept");
  log.Act("register");
  log.Act("dispatch", {{"unit", "U_CITY"}});
  log.Act("sign");
  log.Act("request_return");
  log.Act("approve_return");
  EXPECT_EQ(log.c.current_unit, "");
  log.Act("dispatch", {{"unit", "U_STREET"}});  // another unit: a re-dispatch
  log.Act("sign");
  log.Act("feedback");
  log.Act("check_fail");  // rework, same unit
  log.Act("feedback");
  log.Act("check_fail");  // rework again
  log.Act("feedback");
  log.Act("check_pass");
  log.Act("close");
  EXPECT_EQ(log.c.state, State::kClosed);
  EXPECT_EQ(log.c.rework_count, 2);
  EXPECT_EQ(log.c.redispatch_count, 1);
  EXPECT_EQ(log.c.dispatch_count, 2);
  EXPECT_EQ(log.c.units, (std::vector<std::string>{"U_CITY", "U_STREET"}));
  EXPECT_EQ(log.c.current_unit, "U_STREET");
  EXPECT_EQ(log.c.version, 16);
  EXPECT_EQ(log.c.number, "410104-20260921-000001");
}

TEST(Case, DispatchingAgainToTheSameUnitIsNoRedispatch) {
  CaseLog log;
  log.Act("accept");
  log.Act("register");
  log.Act("dispatch", {{"unit", "U1"}});
  log.Act("request_return");
  log.Act("approve_return");
  log.Act("dispatch", {{"unit", "U1"}});
  EXPECT_EQ(log.c.redispatch_count, 0);
  EXPECT_EQ(log.c.units.size(), 1u);
}

TEST(Case, ApplyRefusesEventsThatDoNotFit) {
  CaseLog log;
  Event skip = log.events.back();
  skip.seq = 3;
  EXPECT_FALSE(Apply(log.c, skip).has_value());
  Event wrong;
  wrong.case_id = 7;
  wrong.seq = 2;
  wrong.action = "close";
  wrong.from = State::kReported;
  wrong.to = State::kClosed;
  auto r = Apply(log.c, wrong);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
}

TEST(Case, ReplayEqualsTheLiveCase) {
  CaseLog log;
  log.Act("accept");
  log.Act("register");
  log.Act("dispatch", {{"unit", "U1"}});
  auto replayed = Replay(log.events);
  ASSERT_TRUE(replayed.has_value());
  EXPECT_EQ(*replayed, log.c);
}

TEST(Chain, AnIntactLogHasNoFindings) {
  CaseLog log;
  log.Act("accept");
  EXPECT_TRUE(VerifyChain(7, log.c, log.events).empty());
}

TEST(Chain, FindsAlteredInsertedAndMissingEvents) {
  CaseLog log;
  log.Act("accept");
  log.Act("register");
  log.Act("dispatch", {{"unit", "U1"}});

  auto altered = log.events;
  altered[1].note = "edited afterwards";
  auto f = VerifyChain(7, log.c, altered);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].seq, 2);
  EXPECT_NE(f[0].problem.find("altered"), std::string::npos);

  auto missing = log.events;
  missing.erase(missing.begin() + 1);
  f = VerifyChain(7, log.c, missing);
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].problem.find("missing: events 2 to 2"), std::string::npos);

  auto truncated = log.events;
  truncated.pop_back();
  f = VerifyChain(7, log.c, truncated);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].problem.find("missing"), std::string::npos);

  // An event slipped in with a consistent hash of its own still breaks the chain.
  auto inserted = log.events;
  Event extra = inserted[1];
  extra.note = "slipped in";
  extra.hash = ComputeHash(extra);
  inserted.insert(inserted.begin() + 2, extra);
  f = VerifyChain(7, log.c, inserted);
  ASSERT_FALSE(f.empty());
  bool saw_inserted = false;
  for (const auto& x : f) saw_inserted |= x.problem.find("inserted") != std::string::npos;
  EXPECT_TRUE(saw_inserted);
}

// The text hashed before the payload was spliced in: one tree holding every field. Every
// stored chain was made with it, so the faster form must give the same bytes.
std::string OneTreeText(const Event& e) {
  nlohmann::json j = {{"case_id", e.case_id}, {"seq", e.seq}, {"action", e.action},
                      {"from", e.from ? nlohmann::json(StateName(*e.from)) : nlohmann::json(nullptr)},
                      {"to", StateName(e.to)}, {"actor_id", e.actor_id}, {"actor_name", e.actor_name},
                      {"role", e.role}, {"unit", e.unit}, {"at", e.at.time_since_epoch().count()},
                      {"note", e.note}, {"attachments", e.attachments}, {"payload", e.payload}};
  return j.dump();
}

TEST(Case, TheHashedTextIsTheOneTreeDumpByteForByte) {
  Event e;
  e.case_id = 12;
  e.seq = 3;
  e.action = "dispatch";
  e.from = State::kRegistered;
  e.to = State::kDispatched;
  e.actor_id = 4;
  e.actor_name = "陈派遣 \"quoted\",\"role\":x";  // quotes and the splice marker inside values
  e.role = "dispatcher";
  e.unit = "CGJ";
  e.at = At(5);
  e.note = "note with ,\"role\": inside and \n a newline";
  e.attachments = {"ab", "cd"};
  for (auto payload : {nlohmann::json::object(), nlohmann::json{{"unit", "CGJ"}, {"role", "x"}, {"z", {1, 2}}},
                       nlohmann::json{{"note", ",\"role\":"}, {"clock", {{"step", "sign"}}}}}) {
    e.payload = payload;
    EXPECT_EQ(CanonicalText(e), OneTreeText(e));
    EXPECT_EQ(CanonicalText(e, e.payload.dump()), OneTreeText(e));
    EXPECT_EQ(ComputeHash(e, e.payload.dump()), ComputeHash(e));
  }
}

TEST(Case, NumbersCountByTheDistrictsDay) {
  // 16:30 UTC is 00:30 the next day in Zhengzhou.
  core::Instant late = core::Instant(std::chrono::sys_days(std::chrono::year(2026) / 4 / 12)) +
                       std::chrono::hours(16) + std::chrono::minutes(30);
  EXPECT_EQ(CaseNumber("410104", late, 123), "410104-20260413-000123");
}

// The canonical text as it was first written: the event's fields in one tree, dumped, and the
// payload's dump spliced in before "role". Every hash in a stored log was made from this text.
std::string TreeCanonicalText(const Event& e, std::string_view payload_text) {
  nlohmann::json j = {{"case_id", e.case_id},
                      {"seq", e.seq},
                      {"action", e.action},
                      {"from", e.from ? nlohmann::json(StateName(*e.from)) : nlohmann::json(nullptr)},
                      {"to", StateName(e.to)},
                      {"actor_id", e.actor_id},
                      {"actor_name", e.actor_name},
                      {"role", e.role},
                      {"unit", e.unit},
                      {"at", e.at.time_since_epoch().count()},
                      {"note", e.note},
                      {"attachments", e.attachments}};
  std::string text = j.dump();
  text.insert(text.find(",\"role\":"), std::string(",\"payload\":").append(payload_text));
  return text;
}

TEST(Case, CanonicalTextIsTheTreesDump) {
  const std::vector<std::string> texts = {"", "plain", "tab\t \"quoted\" \\ back", "\x01\x1f\x7f",
                                          "受理员 甲 ✓", ",\"role\":\"x\"", std::string(500, 'n') + "终"};
  int n = 0;
  for (const auto& text : texts) {
    for (const auto& other : texts) {
      ++n;
      Event e;
      e.case_id = n % 2 ? n : -n * 1'000'000'007LL;
      e.seq = n;
      e.action = n % 3 ? "dispatch" : std::string(kReportAction);
      if (n % 3) e.from = State::kRegistered;
      e.to = n % 3 ? State::kDispatched : State::kReported;
      e.actor_id = n * 11;
      e.actor_name = text;
      e.role = other;
      e.unit = text.substr(0, 3);
      e.at = At(n * 13 - 700);
      e.note = other + text;
      if (n % 4 == 0) e.attachments = {std::string(64, 'f'), other};
      e.payload = {{"unit", other}, {"n", n}, {"x", 0.1 * n}};
      const std::string payload = e.payload.dump();
      EXPECT_EQ(CanonicalText(e, payload), TreeCanonicalText(e, payload)) << n;
      EXPECT_EQ(CanonicalText(e), TreeCanonicalText(e, payload)) << n;
      EXPECT_EQ(CanonicalText(e, ""), TreeCanonicalText(e, "")) << n;
    }
  }
}

}  // namespace
}  // namespace onegrid::cases
