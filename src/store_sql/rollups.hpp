// The writer's side of the rollups (store/rollup_repository.hpp): what each case change adds to
// or takes from case_tally and case_daily (and so case_daily_area and case_grid_recent, whose
// window it moves on to the batch's newest report, taking the days it leaves). A write records its deltas here as it goes; they join
// its batch's only if the write succeeds, and the batch's are applied once, summed per row and in
// key order, just before its COMMIT — one upsert per row a batch touches, and two servers on one
// PostgreSQL database lock rollup rows in the same order (no deadlock between their batches).
// Writer thread only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "cases/case.hpp"
#include "core/result.hpp"
#include "store/rollup_repository.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

class Database;

// A case's row in case_tally; none for a case merged into another.
struct TallyKey {
  std::string street, grid, category, state, light, community;
  auto operator<=>(const TallyKey&) const = default;
};
std::optional<TallyKey> TallyKeyOf(const cases::Case& c);
// "YYYY-MM-DD" of an instant in the district's zone.
std::string LocalDay(core::Instant t);

class Rollups {
 public:
  // A case was created; or changed by event `e` from the row `was` in state `was_state`.
  void Created(const cases::Case& c);
  void Changed(const std::optional<TallyKey>& was, cases::State was_state, const cases::Case& after,
               const cases::Event& e);
  // A row was replaced from its log (rebuild): the tally moves, the days stay.
  void Replaced(const cases::Case& before, const cases::Case& after);

  void WriteBegan();
  void WriteEnded(bool ok);
  void BatchBegan();
  core::Result<void> Flush(Connection& c);

 private:
  struct Day {
    std::string street, community;
    std::int64_t reported = 0, closed = 0, overdue = 0;
  };
  using DayKey = std::pair<std::string, std::string>;  // day, grid
  void Tally(const std::optional<TallyKey>& key, std::int64_t n);
  // Moves the hot-spot window's first day on to `want` if it is behind; returns the first day.
  core::Result<std::string> MoveWindow(Connection& c, const std::string& want);
  Day& DayOf(const cases::Case& c, core::Instant at);

  std::map<TallyKey, std::int64_t> write_tally_, batch_tally_;
  std::map<DayKey, Day> write_days_, batch_days_;
};

// The repository over the two tables.
std::unique_ptr<store::RollupRepository> MakeRollupRepository(Database& store);

}  // namespace onegrid::store_sql
