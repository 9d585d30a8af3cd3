// The rollups equal a full recomputation after long random event streams, written from several
// threads at once with refused writes among them (whose deltas must not count), on both backends.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <thread>

#include "random_cases.hpp"
#include "cases/workflow.hpp"
#include "store_sql/rollup_sql.hpp"
#include "store_sql/rollups.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::Event;
using cases::State;

class RollupTest : public RandomCasesTest {};

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
  // The trend's and the hot grids' tables too.
  // (The clock is before the window: its grids are empty, so a drift there is a row too many.)
  for (const char* drift : {"UPDATE case_daily_area SET closed = closed + 1",
                            "INSERT INTO case_grid_recent (grid_code, street_code, community_code, reported) "
                            "VALUES ('410104009009009', '410104009000', '410104009009', 3)"}) {
    ASSERT_TRUE(store_->Write<void>([&](Connection& c) { return c.Exec(drift); }).has_value());
    EXPECT_GT(*store_->rollups().Recompute(true), 0) << drift;
    EXPECT_EQ(*store_->rollups().Recompute(false), 0) << drift;
  }
}

// What HotGrids and Trend must answer, from the grid days.
std::vector<store::GridCount> HotFromDays(const std::vector<store::DailyRow>& days, std::size_t limit) {
  std::map<std::string, store::GridCount> by_grid;
  for (const auto& d : days) {
    auto& g = by_grid[d.grid_code];
    g = {d.grid_code, d.street_code, d.community_code, g.reported + d.reported};
  }
  std::vector<store::GridCount> out;
  for (auto& [k, g] : by_grid) {
    if (g.reported > 0) out.push_back(g);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.reported > b.reported; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<store::DailyRow> TrendFromDays(const std::vector<store::DailyRow>& days) {
  std::map<std::pair<std::string, std::string>, store::DailyRow> sums;
  for (const auto& d : days) {
    auto& s = sums[{d.day, d.street_code}];
    s.day = d.day;
    s.street_code = d.street_code;
    s.reported += d.reported;
    s.closed += d.closed;
    s.overdue += d.overdue;
  }
  std::vector<store::DailyRow> out;
  for (auto& [k, s] : sums) out.push_back(s);
  return out;
}

TEST_P(RollupTest, HotGridsAndTheTrendAreExactAsTheWindowMovesOn) {
  // From 2026-09-21 for 100 days, a case or two a day in random grids, some closed; the window
  // starts ahead of the clock (the migration set it from today's date) and moves on once the
  // clock passes it.
  std::mt19937 rng(21);
  auto check = [&](const std::string& when) {
    std::string today = LocalDay(clock_.Now());
    for (int back : {0, 5, 29, 30, 45, 200}) {
      std::string from = DaysBefore(today, back);
      auto days = store_->rollups().Daily(from, {});
      ASSERT_TRUE(days.has_value());
      auto hot = store_->rollups().HotGrids(from, {}, 3);
      ASSERT_TRUE(hot.has_value()) << hot.error().message;
      EXPECT_EQ(*hot, HotFromDays(*days, 3)) << when << ", from " << from;
      auto all = store_->rollups().HotGrids(from, {}, 100);
      EXPECT_EQ(*all, HotFromDays(*days, 100)) << when << ", from " << from;
      auto trend = store_->rollups().Trend(from, {});
      ASSERT_TRUE(trend.has_value()) << trend.error().message;
      EXPECT_EQ(*trend, TrendFromDays(*days)) << when << ", from " << from;
    }
  };
  for (int day = 0; day < 100; ++day) {
    for (int i = 0, n = 1 + static_cast<int>(rng() % 2); i < n; ++i) {
      auto made = store_->cases().Create(Request(rng));
      ASSERT_TRUE(made.has_value()) << made.error().message;
      if (rng() % 3 == 0) {
        ASSERT_TRUE(store_->cases().Act(made->value.id, [&](const Case& c) -> core::Result<Event> {
          Event e;
          e.action = "reject";
          e.from = c.state;
          e.to = State::kRejected;
          e.at = clock_.Now();
          e.actor_id = 5;
          return e;
        }).has_value());
      }
    }
    if (day % 20 == 0 || day == 99) check("day " + std::to_string(day));
    clock_.Advance(std::chrono::hours(24));
  }
  EXPECT_EQ(*store_->rollups().Recompute(false), 0);
  // The window has moved on to 29 days before the newest report, and keeps no other days.
  std::string newest = LocalDay(clock_.Now() - std::chrono::hours(24));
  auto since = store_->Read<std::string>([](Connection& c) { return WindowSince(c); });
  ASSERT_TRUE(since.has_value());
  EXPECT_EQ(*since, DaysBefore(newest, 29));
  auto kept = store_->Read<std::int64_t>([](Connection& c) -> core::Result<std::int64_t> {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT CAST(COALESCE(SUM(reported), 0) AS BIGINT) FROM case_grid_recent"));
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? st.Int(0) : 0;
  });
  std::int64_t in_window = 0;
  auto window_days = store_->rollups().Daily(*since, {});
  for (const auto& d : *window_days) in_window += d.reported;
  EXPECT_EQ(*kept, in_window);
}

TEST_P(RollupTest, FiltersKeepToTheirAreas) {
  std::mt19937 rng(5);
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(store_->cases().Create(Request(rng)).has_value());
  std::string from = LocalDay(clock_.Now());
  store::AreaFilter street{.streets = {"410104001000"}, .communities = {}, .grids = {}};
  auto street_trend = store_->rollups().Trend(from, street);
  for (const auto& r : *street_trend) EXPECT_EQ(r.street_code, "410104001000");
  EXPECT_FALSE(street_trend->empty());
  store::AreaFilter community{.streets = {}, .communities = {"410104002001"}, .grids = {}};
  auto community_hot = store_->rollups().HotGrids(from, community, 10);
  EXPECT_FALSE(community_hot->empty());
  for (const auto& g : *community_hot) EXPECT_EQ(g.community_code, "410104002001");
  store::AreaFilter grid{.streets = {}, .communities = {}, .grids = {"410104003004002"}};
  auto hot = store_->rollups().HotGrids(from, grid, 10);
  ASSERT_EQ(hot->size(), 1u);
  EXPECT_EQ(hot->front().grid_code, "410104003004002");
  EXPECT_TRUE(store_->rollups().Trend(from, grid)->empty()) << "a trend is per street: a grid alone sees none";
  std::int64_t all = 0;
  auto every = store_->rollups().HotGrids(from, {}, 10);
  for (const auto& g : *every) all += g.reported;
  EXPECT_EQ(all, 40);
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
