// The rollups equal a full recomputation after long random event streams, written from several
// threads at once with refused writes among them (whose deltas must not count), on both backends.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "backend_test.hpp"
#include "cases/workflow.hpp"
#include "store_sql/rollups.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::Event;
using cases::State;

class RollupTest : public BackendTest {
 protected:
  store::NewCase Request(std::mt19937& rng) {
    static const char* kGrids[] = {"410104001001001", "410104001002003", "410104002001001", "410104003004002"};
    static const char* kCategories[] = {"06010", "09009", "04002", "08001"};
    std::string grid = kGrids[rng() % 4];
    store::NewCase r;
    r.district_code = "410104";
    r.fields.category_code = kCategories[rng() % 4];
    r.fields.description = "测试";
    r.fields.district_code = "410104";
    r.fields.street_code = grid.substr(0, 9) + "000";
    r.fields.community_code = grid.substr(0, 12);
    r.fields.grid_code = grid;
    r.report.actor_id = 3;
    r.report.role = "grid_worker";
    r.report.at = clock_.Now();
    return r;
  }

  // A random next event for the case: a timer when one is due on its clock, else a workflow
  // action allowed in its state (a new step gets a clock with yellow and due times), or a refusal.
  core::Result<Event> Next(const Case& c, std::mt19937& rng) {
    if (rng() % 7 == 0) return core::FailedPrecondition("refused on purpose");
    Event e;
    e.from = c.state;
    e.at = clock_.Now();
    e.actor_id = 5;
    if (auto timer = cases::NextTimer(c.clock); timer && rng() % 2 == 0) {
      e.action = std::string(timer->action);
      e.to = c.state;
      return e;
    }
    auto allowed = cases::AllowedActions(c.kind, c.state);
    std::erase_if(allowed, [](std::string_view a) { return a == "request_verify" || a == "confirm" || a == "refute"; });
    if (allowed.empty()) return core::FailedPrecondition("finished");
    std::string action(allowed[rng() % allowed.size()]);
    OG_ASSIGN_OR_RETURN(const cases::ActionRule* rule, cases::FindRule(c.kind, c.state, action));
    e.action = action;
    e.to = rule->to;
    if (action == "dispatch") e.payload["unit"] = rng() % 2 ? "CGJ" : "YLJ";
    cases::Step step = cases::StepOf(e.to);
    if (step != cases::Step::kNone && step != c.clock.step) {
      cases::StepClock clock;
      clock.step = step;
      clock.started_at = e.at;
      clock.yellow_at = e.at + std::chrono::minutes(1);
      clock.due_at = e.at + std::chrono::minutes(2);
      clock.escalate_at = e.at + std::chrono::minutes(3);
      e.payload["clock"] = cases::ClockJson(clock);
    }
    return e;
  }
};

TEST_P(RollupTest, TheRollupsEqualAFullRecomputationAfterLongRandomStreams) {
  std::vector<std::int64_t> ids;
  std::mt19937 seed_rng(7);
  for (int i = 0; i < 60; ++i) {
    auto made = store_->cases().Create(Request(seed_rng));
    ASSERT_TRUE(made.has_value()) << made.error().message;
    ids.push_back(made->value.id);
    if (i % 10 == 0) clock_.Advance(std::chrono::hours(7));  // across local days
  }
  // Four threads act on random cases at once: batches mix successes and refusals.
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(100 + t);
      for (int i = 0; i < 250; ++i) {
        std::int64_t id = ids[rng() % ids.size()];
        auto r = store_->cases().Act(id, [&](const Case& c) { return Next(c, rng); });
        if (r) ++done;
        if (i % 50 == 0) clock_.Advance(std::chrono::minutes(90));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GT(done.load(), 150);
  auto differ = store_->rollups().Recompute(false);
  ASSERT_TRUE(differ.has_value()) << differ.error().message;
  EXPECT_EQ(*differ, 0);
  // The figures are there: every case counted once in the tally, every report in the days.
  auto tally = store_->rollups().Tally({});
  std::int64_t total = 0;
  for (const auto& r : *tally) total += r.n;
  EXPECT_EQ(total, 60);
  auto days = store_->rollups().Daily("2000-01-01", {});
  std::int64_t reported = 0, closed = 0;
  for (const auto& d : *days) reported += d.reported, closed += d.closed;
  EXPECT_EQ(reported, 60);
  std::int64_t closed_now = 0;
  for (std::int64_t id : ids) closed_now += store_->cases().Get(id)->state == State::kClosed;
  EXPECT_EQ(closed, closed_now) << "closed is terminal: each closure once";
  // Filtered by street.
  auto one = store_->rollups().Tally({"410104002000"});
  for (const auto& r : *one) EXPECT_EQ(r.street_code, "410104002000");
}

TEST_P(RollupTest, ARecomputationFindsAndMendsDrift) {
  std::mt19937 rng(3);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->cases().Create(Request(rng)).has_value());
  ASSERT_TRUE(store_->Write<void>([](Connection& c) { return c.Exec("UPDATE case_tally SET n = n + 5"); }).has_value());
  auto found = store_->rollups().Recompute(false);
  ASSERT_TRUE(found.has_value());
  EXPECT_GT(*found, 0);
  EXPECT_EQ(*store_->rollups().Recompute(false), *found) << "comparing changes nothing";
  EXPECT_EQ(*store_->rollups().Recompute(true), *found);
  EXPECT_EQ(*store_->rollups().Recompute(false), 0);
}

TEST_P(RollupTest, LocalDaysAreDistrictDays) {
  // 2026-09-21T16:00Z is 00:00 on the 22nd in Zhengzhou.
  auto t = core::Instant(std::chrono::sys_days(std::chrono::year(2026) / 9 / 21)) + std::chrono::hours(16);
  EXPECT_EQ(LocalDay(t), "2026-09-22");
  EXPECT_EQ(LocalDay(t - core::Duration(1)), "2026-09-21");
}

ONEGRID_ON_BOTH_BACKENDS(RollupTest);

}  // namespace
}  // namespace onegrid::store_sql
