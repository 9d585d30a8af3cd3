// The SQL the rollups' writer side (rollups.cpp) and their repository (rollup_repository.cpp)
// share: the upserts that add deltas to each table, and the window of the hot-spot grids.
// Internal to store_sql.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

inline constexpr const char* kUpsertTally =
    "INSERT INTO case_tally (street_code, grid_code, category_code, state, light, community_code, n) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (street_code, grid_code, category_code, state, light) "
    "DO UPDATE SET n = case_tally.n + excluded.n";
inline constexpr const char* kDropEmptyTally =
    "DELETE FROM case_tally WHERE street_code = ?1 AND grid_code = ?2 AND category_code = ?3 AND state = ?4 "
    "AND light = ?5 AND n = 0";
inline constexpr const char* kUpsertDay =
    "INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (day, grid_code) DO UPDATE SET "
    "reported = case_daily.reported + excluded.reported, closed = case_daily.closed + excluded.closed, "
    "overdue = case_daily.overdue + excluded.overdue";
inline constexpr const char* kUpsertArea =
    "INSERT INTO case_daily_area (day, community_code, street_code, reported, closed, overdue) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (day, street_code, community_code) DO UPDATE SET "
    "reported = case_daily_area.reported + excluded.reported, closed = case_daily_area.closed + excluded.closed, "
    "overdue = case_daily_area.overdue + excluded.overdue";
inline constexpr const char* kUpsertRecent =
    "INSERT INTO case_grid_recent (grid_code, street_code, community_code, reported) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (grid_code) DO UPDATE SET reported = case_grid_recent.reported + excluded.reported";
inline constexpr const char* kWindowSince = "SELECT since FROM rollup_windows WHERE name = 'hot_grids'";
inline constexpr const char* kTallyColumns = "street_code, community_code, grid_code, category_code, state, light, n";
inline constexpr const char* kDailyColumns = "day, street_code, community_code, grid_code, reported, closed, overdue";

// The day `days` days before "YYYY-MM-DD".
std::string DaysBefore(const std::string& day, int days);
// The first day the hot-spot window counts (kInternal if migration 0013's row is missing).
core::Result<std::string> WindowSince(Connection& c);

}  // namespace onegrid::store_sql
