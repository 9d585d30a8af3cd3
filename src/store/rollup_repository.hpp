// The rollups behind the command center's figures (issue #8): counts kept current by the writer
// in the transaction of every case change, so that the big screen reads a few thousand rows
// instead of grouping millions of cases. Two tables:
//   case_tally  — cases now, by street × grid × category × state × light; unfinished cases by
//                 grid, finished ones (closed, rejected, cancelled) by street only (grid ""),
//                 light "" for them; cases merged into another as duplicates are not counted;
//   case_daily  — per local day and grid: cases reported, closed and gone overdue (督办);
// and, so that the big screen reads rows that do not grow with the cases (migration 0013):
//   case_daily_area  — case_daily summed per community: the trend;
//   case_grid_recent — cases reported per grid since a window's first day, which the writer
//                      moves on to 29 days before its newest write: the hot-spot grids.
// Contract as in store.hpp: blocking, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace onegrid::store {

struct TallyRow {
  std::string street_code, community_code, grid_code, category_code;
  std::string state;
  std::string light;  // green, yellow, red; "" for finished cases
  std::int64_t n = 0;
  bool operator==(const TallyRow&) const = default;
};

struct DailyRow {
  std::string day;  // YYYY-MM-DD in the district's zone
  std::string street_code, community_code, grid_code;
  std::int64_t reported = 0, closed = 0, overdue = 0;
  bool operator==(const DailyRow&) const = default;
};

// Areas whose rows a reader wants: a row counts if its street, community or grid is listed; all
// rows when every list is empty.
struct AreaFilter {
  std::vector<std::string> streets, communities, grids;
  bool everything() const { return streets.empty() && communities.empty() && grids.empty(); }
};

struct GridCount {
  std::string grid_code, street_code, community_code;
  std::int64_t reported = 0;
  bool operator==(const GridCount&) const = default;
};

inline constexpr int kHotGridDays = 30;  // the window case_grid_recent keeps

class RollupRepository {
 public:
  virtual ~RollupRepository() = default;
  // Rows of these streets (all when empty), in key order.
  virtual core::Result<std::vector<TallyRow>> Tally(const std::vector<std::string>& streets) = 0;
  // Days from `from_day` on (inclusive), of these streets (all when empty), in key order.
  virtual core::Result<std::vector<DailyRow>> Daily(const std::string& from_day,
                                                    const std::vector<std::string>& streets) = 0;
  // The days from `from_day` on, summed per day and street (community_code and grid_code ""),
  // over the communities and streets of the filter (its grids are not looked at), in key order.
  virtual core::Result<std::vector<DailyRow>> Trend(const std::string& from_day, const AreaFilter& filter) = 0;
  // The `limit` grids with the most cases reported from `from_day` on, most first (then by
  // code); exact for any day, cheapest for the window's own (kHotGridDays days to the newest write).
  virtual core::Result<std::vector<GridCount>> HotGrids(const std::string& from_day, const AreaFilter& filter,
                                                        int limit) = 0;
  // Computes the tables again from the case rows and the event log and returns how many rows
  // differ from the stored ones; with `write`, replaces the stored rows by the computed ones.
  virtual core::Result<std::int64_t> Recompute(bool write) = 0;
};

}  // namespace onegrid::store
