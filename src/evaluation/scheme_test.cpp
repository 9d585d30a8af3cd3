#include "evaluation/scheme.hpp"

#include <gtest/gtest.h>

#include "evaluation/ranking.hpp"
#include "evaluation/test_log.hpp"

namespace onegrid::evaluation {
namespace {

using cases::Source;
using cases::State;
using cases::Step;
using nlohmann::json;
using testing::Log;
using testing::T;

// Three dispatches to CGJ in the week of 2026-10-12: case 1 handled on time, case 2 handled
// late with one failed check, case 3 unhandled past its deadline; and one to YLJ, on time.
std::vector<CaseFacts> Fixture() {
  auto dispatched = [](std::int64_t id, const std::string& unit, Source source = Source::kGridWorker) {
    Log log(id, source, 11, T(0));
    log.Whole(T(24))
        .Do("accept", State::kAccepted, T(0, 10), 12, "shift_lead", T(0, 30))
        .Do("register", State::kRegistered, T(0, 20), 12, "shift_lead")
        .Do("dispatch", State::kDispatched, T(0, 25), 13, "dispatcher", T(1), Step::kNone, unit)
        .Do("sign", State::kHandling, T(1), 14, "unit_staff", T(5));
    return log;
  };
  std::vector<CaseFacts> out;
  auto c1 = dispatched(1, "CGJ");
  c1.Do("feedback", State::kHandled, T(4), 14, "unit_staff", T(7))
      .Do("check_pass", State::kChecking, T(6), 15, "grid_worker")
      .Do("close", State::kClosed, T(6, 30), 12, "shift_lead");
  auto c2 = dispatched(2, "CGJ", Source::kHotline);
  c2.Do("feedback", State::kHandled, T(6), 14, "unit_staff", T(7))
      .Do("check_fail", State::kHandling, T(6, 30), 15, "grid_worker", T(9))
      .Do("feedback", State::kHandled, T(8), 14, "unit_staff", T(10));
  auto c3 = dispatched(3, "CGJ");
  auto c4 = dispatched(4, "YLJ");
  c4.Do("feedback", State::kHandled, T(2), 14, "unit_staff", T(7));
  for (auto* log : {&c1, &c2, &c3, &c4}) out.push_back(*Extract(log->events(), T(48)));
  return out;
}

const Indicator& Find(const std::vector<Indicator>& all, std::string_view code) {
  for (const auto& i : all) {
    if (i.code == code) return i;
  }
  throw std::runtime_error("no indicator");
}

TEST(Indicators, AUnitsRatesAreItsFactsOverExplicitDenominators) {
  auto facts = Fixture();
  Scope cgj;
  cgj.unit = "CGJ";
  auto all = Indicators(CountFacts(facts, T(0), T(48), cgj, true));
  // 应处置数 = 处置数 (1, 2) + 超时未处置数 (3) = 3.
  const auto& handle = Find(all, "handle_rate");
  EXPECT_EQ(handle.numerator, 2);
  EXPECT_EQ(handle.denominator, 3);
  EXPECT_NEAR(*handle.value, 2.0 / 3, 1e-12);
  EXPECT_EQ(Find(all, "on_time_handle_rate").numerator, 1);
  EXPECT_EQ(Find(all, "close_rate").numerator, 1);
  EXPECT_EQ(Find(all, "rework_rate").numerator, 1);
  EXPECT_EQ(Find(all, "rework_rate").denominator, 3);
  EXPECT_EQ(Find(all, "overdue_rate").numerator, 1);
  EXPECT_FALSE(Find(all, "extension_rate").value.has_value() && Find(all, "extension_rate").numerator != 0);
  // Traced: the facts behind the numerator of 按期处置率 are case 1's handling.
  ASSERT_EQ(Find(all, "on_time_handle_rate").numerator_facts.size(), 1u);
  EXPECT_EQ(Find(all, "on_time_handle_rate").numerator_facts[0].case_id, 1);
  EXPECT_EQ(Find(all, "overdue_rate").numerator_facts[0].case_id, 3);
  EXPECT_EQ(Find(all, "handle_rate").denominator_facts.size(), 3u);
  // Without traces the numbers are the same.
  auto bare = Indicators(CountFacts(facts, T(0), T(48), cgj, false));
  EXPECT_EQ(Find(bare, "handle_rate").denominator, 3);
  EXPECT_TRUE(Find(bare, "handle_rate").denominator_facts.empty());
}

TEST(Indicators, PeriodsAreHalfOpenAndTheOverdueStockCountsWheneverItFellDue) {
  auto facts = Fixture();
  Scope cgj;
  cgj.unit = "CGJ";
  // [4:00, 6:00): case 1's handling at 4:00 counts, case 2's at 6:00 does not; case 3 is
  // overdue at the instant the facts were taken whatever the period.
  auto t = CountFacts(facts, T(4), T(6), cgj, false);
  EXPECT_EQ(t.all[static_cast<int>(Measure::kHandled)].n, 1);
  EXPECT_EQ(t.all[static_cast<int>(Measure::kOverdueUnhandled)].n, 1);
}

TEST(Indicators, ScopesByPersonRoleAndArea) {
  auto facts = Fixture();
  Scope worker;
  worker.actor = 11;
  worker.watched_areas = {"410104001000"};
  auto w = Indicators(CountFacts(facts, T(0), T(48), worker, false));
  EXPECT_EQ(Find(w, "valid_report_rate").numerator, 4);
  EXPECT_EQ(Find(w, "valid_report_rate").denominator, 4);
  EXPECT_EQ(Find(w, "missed_report_rate").numerator, 1) << "case 2 came in by the hotline";
  EXPECT_EQ(Find(w, "missed_report_rate").denominator, 4);
  Scope elsewhere = worker;
  elsewhere.watched_areas = {"410104002000"};
  EXPECT_EQ(Find(Indicators(CountFacts(facts, T(0), T(48), elsewhere, false)), "missed_report_rate").denominator, 0);
  Scope checker;
  checker.actor = 15;
  EXPECT_EQ(Find(Indicators(CountFacts(facts, T(0), T(48), checker, false)), "on_time_check_rate").denominator, 2);
  Scope leads;
  leads.role = "shift_lead";
  auto l = Indicators(CountFacts(facts, T(0), T(48), leads, false));
  EXPECT_EQ(Find(l, "on_time_register_rate").denominator, 4);
  EXPECT_EQ(Find(l, "on_time_closing_rate").denominator, 1);
  EXPECT_EQ(Find(l, "accurate_dispatch_rate").denominator, 0) << "dispatches were the dispatcher's";
  Scope street;
  street.areas = {"410104002000"};
  EXPECT_EQ(Find(Indicators(CountFacts(facts, T(0), T(48), street, false)), "handle_rate").denominator, 0);
}

TEST(Schemes, TheSeededSetIsValidAndRoundTrips) {
  auto set = ParseSchemeSet(DefaultSchemeSet());
  ASSERT_TRUE(set.has_value()) << set.error().message << " " << set.error().field;
  EXPECT_EQ(set->schemes.size(), 6u);
  auto again = ParseSchemeSet(SchemeSetJson(*set));
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(SchemeSetJson(*again), SchemeSetJson(*set));
}

TEST(Schemes, ScoresAreWeightedRatesAndBandsWithGrades) {
  auto set = *ParseSchemeSet(DefaultSchemeSet());
  auto facts = Fixture();
  Scope cgj;
  cgj.unit = "CGJ";
  auto tally = CountFacts(facts, T(0), T(48), cgj, false);
  // unit: 立案数 3 → band ≤50 → 100 ×10 %; 结案率 1/3 ×30 %; 按期处置率 1/3 ×30 %; 1 − 返工率 2/3 ×30 %.
  auto s = ScoreOf(set, *set.Find("unit"), tally);
  ASSERT_TRUE(s.total.has_value());
  EXPECT_NEAR(*s.total, 10 + 30.0 / 3 + 30.0 / 3 + 30.0 * 2 / 3, 0.005);
  EXPECT_EQ(s.grade, "D") << *s.total;
  // district 100: 处置率 2/3·30 + 按期 1/3·20 + (1 − 1/3)·20 + (1 − 1/3)·20 + (1 − 0)·10.
  auto d = ScoreOf(set, *set.Find("district_100"), tally);
  EXPECT_NEAR(*d.total, 20 + 20.0 / 3 + 40.0 / 3 + 40.0 / 3 + 10, 0.005);
  EXPECT_EQ(d.grade, "C");
  EXPECT_EQ(GradeOf(set, 90), "A");
  EXPECT_EQ(GradeOf(set, 89.99), "B");
  EXPECT_EQ(GradeOf(set, 40), "D");
  EXPECT_EQ(GradeOf(set, 39.99), "E");
}

TEST(Schemes, TermsWithoutADenominatorAreLeftOutAndTheRestRescaled) {
  auto set = *ParseSchemeSet(DefaultSchemeSet());
  auto facts = Fixture();
  Scope ylj;
  ylj.unit = "YLJ";
  // YLJ: 1 handled on time, nothing closed: 结案率 0/1, 按期处置率 1/1, 返工率 0/1; all rated.
  auto s = ScoreOf(set, *set.Find("unit"), CountFacts(facts, T(0), T(48), ylj, false));
  EXPECT_NEAR(*s.total, 10 + 0 + 30 + 30, 0.005);
  // A unit with nothing to do has no score, although its count (0 ≤ 50) would score 100.
  Scope none;
  none.unit = "ZJJ";
  auto empty = ScoreOf(set, *set.Find("unit"), CountFacts(facts, T(0), T(48), none, false));
  EXPECT_FALSE(empty.total.has_value());
  EXPECT_EQ(empty.grade, "");
  // A dispatcher's count band is "at least": 4 dispatches < 50 → else 40.
  Scope dispatcher;
  dispatcher.actor = 13;
  dispatcher.role = "dispatcher";
  auto ds = ScoreOf(set, *set.Find("dispatcher"), CountFacts(facts, T(0), T(48), dispatcher, false));
  EXPECT_NEAR(*ds.total, 0.2 * 40 + 40 + 40, 0.005);
}

TEST(Schemes, EveryBadDocumentIsRefusedWithItsField) {
  struct Bad {
    const char* what;
    std::function<void(json&)> edit;
    const char* field;
  };
  std::vector<Bad> bad = {
      {"weights", [](json& j) { j["schemes"][0]["terms"][1]["weight"] = 31; }, "schemes[0].terms"},
      {"indicator", [](json& j) { j["schemes"][1]["terms"][0]["indicator"] = "speed"; }, "schemes[1].terms[0].indicator"},
      {"count", [](json& j) { j["schemes"][0]["terms"][0]["count"] = "speed"; }, "schemes[0].terms[0].count"},
      {"both", [](json& j) { j["schemes"][1]["terms"][0]["count"] = "assigned"; }, "schemes[1].terms[0].indicator"},
      {"bands order",
       [](json& j) { j["schemes"][0]["terms"][0]["bands"][1]["max"] = 40; }, "schemes[0].terms[0].bands[1].max"},
      {"bands mixed",
       [](json& j) {
         j["schemes"][0]["terms"][0]["bands"][1] = {{"min", 400}, {"score", 90}};
       },
       "schemes[0].terms[0].bands[1].min"},
      {"subject", [](json& j) { j["schemes"][0]["subject"] = "team"; }, "schemes[0].subject"},
      {"role", [](json& j) { j["schemes"][3]["role"] = "boss"; }, "schemes[3].role"},
      {"no role", [](json& j) { j["schemes"][3].erase("role"); }, "schemes[3].role"},
      {"unknown", [](json& j) { j["schemes"][2]["colour"] = "red"; }, "schemes[2].colour"},
      {"twice", [](json& j) { j["schemes"][1]["code"] = "unit"; }, "schemes[1].code"},
      {"grades order", [](json& j) { j["grades"][1]["min"] = 95; }, "grades[1].min"},
      {"lowest grade", [](json& j) { j["grades"][4]["min"] = 10; }, "grades[4].min"},
      {"commend", [](json& j) { j["schemes"][0]["commend"] = {{"score", 120}, {"size", 3}}; }, "schemes[0].commend.score"},
      {"invert count", [](json& j) { j["schemes"][0]["terms"][0]["invert"] = true; }, "schemes[0].terms[0].invert"},
      {"no schemes", [](json& j) { j["schemes"] = json::array(); }, "schemes"},
  };
  for (const auto& b : bad) {
    json j = DefaultSchemeSet();
    b.edit(j);
    auto set = ParseSchemeSet(j);
    ASSERT_FALSE(set.has_value()) << b.what;
    EXPECT_EQ(set.error().code, core::ErrorCode::kInvalidArgument) << b.what;
    EXPECT_EQ(set.error().field, b.field) << b.what << ": " << set.error().message;
  }
}

// Found by the fuzzer (fuzz/corpus/evaluation_scheme/negative_band): the message of a band bound
// out of its range printed 1e12 through an int, which is undefined.
TEST(Schemes, ABandBoundOutOfRangeNamesTheWholeRange) {
  json j = DefaultSchemeSet();
  j["schemes"][0]["terms"][0]["bands"][1]["max"] = -100;
  auto set = ParseSchemeSet(j);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().field, "schemes[0].terms[0].bands[1].max");
  EXPECT_EQ(set.error().message, "must be between 0 and 1000000000000");
}

Score Total(double total) {
  Score s;
  s.total = total;
  return s;
}

TEST(Rankings, TiesShareARankAndChangesCompareWithThePreviousPeriod) {
  Scheme scheme;
  scheme.commend = {90, 2};
  scheme.lagging = {60, 2};
  std::vector<Scored> subjects = {
      {"A", "甲", Total(95), Total(80)}, {"B", "乙", Total(88), Total(92)}, {"C", "丙", Total(88), {}},
      {"D", "丁", Total(50), Total(70)}, {"E", "戊", {}, Total(10)},        {"F", "己", Total(91), Total(60)},
  };
  auto r = Rank(scheme, subjects);
  ASSERT_EQ(r.rows.size(), 6u);
  std::vector<std::string> order;
  for (const auto& row : r.rows) order.push_back(row.code);
  EXPECT_EQ(order, (std::vector<std::string>{"A", "F", "B", "C", "D", "E"}));
  EXPECT_EQ(*r.rows[2].rank, 3);
  EXPECT_EQ(*r.rows[3].rank, 3) << "B and C tie";
  EXPECT_EQ(*r.rows[4].rank, 5);
  EXPECT_FALSE(r.rows[5].rank.has_value()) << "E has no score";
  // Previous ranks: B 92 → 1, A 80 → 2, D 70 → 3, F 60 → 4, E 10 → 5.
  EXPECT_EQ(*r.rows[0].previous_rank, 2);
  EXPECT_EQ(*r.rows[0].rank_change, 1);
  EXPECT_NEAR(*r.rows[0].change, 15, 1e-9);
  EXPECT_EQ(*r.rows[1].rank_change, 2);
  EXPECT_FALSE(r.rows[3].change.has_value()) << "C had no previous score";
  EXPECT_EQ(r.commended, (std::vector<std::string>{"A", "F"}));
  EXPECT_EQ(r.lagging, (std::vector<std::string>{"D"}));
}

}  // namespace
}  // namespace onegrid::evaluation
