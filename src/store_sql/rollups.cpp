#include "store_sql/rollups.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "calendar/calendar.hpp"
#include "store_sql/rollup_sql.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::State;

std::string_view LightOf(const Case& c) {
  if (cases::IsTerminal(c.state)) return "";
  if (c.clock.fired & cases::kOverdueAlert) return "red";
  if (c.clock.fired & cases::kYellowAlert) return "yellow";
  return "green";
}

constexpr const char* kMoveWindow =
    "UPDATE rollup_windows SET since = ?1 WHERE name = 'hot_grids' AND since = ?2 RETURNING since";
// Takes from the window's grids the reports of the days it leaves, [?1, ?2).
constexpr const char* kLeaveDays =
    "UPDATE case_grid_recent SET reported = reported - (SELECT SUM(d.reported) FROM case_daily d "
    "WHERE d.grid_code = case_grid_recent.grid_code AND d.day >= ?1 AND d.day < ?2) "
    "WHERE grid_code IN (SELECT grid_code FROM case_daily WHERE day >= ?1 AND day < ?2 AND reported > 0)";
constexpr const char* kDropEmptyRecent = "DELETE FROM case_grid_recent WHERE reported <= 0";

}  // namespace

std::optional<TallyKey> TallyKeyOf(const Case& c) {
  if (c.merged_into != 0) return std::nullopt;
  TallyKey k;
  k.street = c.street_code;
  k.category = c.category_code;
  k.state = std::string(cases::StateName(c.state));
  k.light = std::string(LightOf(c));
  if (!cases::IsTerminal(c.state)) {
    k.grid = c.grid_code;
    k.community = c.community_code;
  }
  return k;
}

std::string LocalDay(core::Instant t) {
  return calendar::FormatDate(calendar::WorkingCalendar::LocalDate(t));
}

std::string DaysBefore(const std::string& day, int days) {
  auto d = calendar::ParseDate(day);
  return d ? calendar::FormatDate(*d - std::chrono::days(days)) : day;
}

core::Result<std::string> WindowSince(Connection& c) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kWindowSince));
  OG_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::Internal("rollup_windows has no 'hot_grids' row (migration 0013)");
  return st.Text(0);
}

void Rollups::Tally(const std::optional<TallyKey>& key, std::int64_t n) {
  if (key) write_tally_[*key] += n;
}

Rollups::Day& Rollups::DayOf(const Case& c, core::Instant at) {
  Day& d = write_days_[{LocalDay(at), c.grid_code}];
  d.street = c.street_code;
  d.community = c.community_code;
  return d;
}

void Rollups::Created(const Case& c) {
  Tally(TallyKeyOf(c), 1);
  ++DayOf(c, c.created_at).reported;
}

void Rollups::Changed(const std::optional<TallyKey>& was, State was_state, const Case& after,
                      const cases::Event& e) {
  auto now = TallyKeyOf(after);
  if (was != now) {
    Tally(was, -1);
    Tally(now, 1);
  }
  if (after.state == State::kClosed && was_state != State::kClosed) ++DayOf(after, e.at).closed;
  if (e.action == cases::kOverdueAction) ++DayOf(after, e.at).overdue;
}

void Rollups::Replaced(const Case& before, const Case& after) {
  auto was = TallyKeyOf(before), now = TallyKeyOf(after);
  if (was != now) {
    Tally(was, -1);
    Tally(now, 1);
  }
}

void Rollups::WriteBegan() {
  write_tally_.clear();
  write_days_.clear();
}

void Rollups::WriteEnded(bool ok) {
  if (ok) {
    for (const auto& [k, n] : write_tally_) batch_tally_[k] += n;
    for (const auto& [k, d] : write_days_) {
      Day& b = batch_days_[k];
      b.street = d.street;
      b.community = d.community;
      b.reported += d.reported;
      b.closed += d.closed;
      b.overdue += d.overdue;
    }
  }
  WriteBegan();
}

void Rollups::BatchBegan() {
  WriteBegan();
  batch_tally_.clear();
  batch_days_.clear();
}

core::Result<void> Rollups::Flush(Connection& c) {
  for (const auto& [k, n] : batch_tally_) {
    if (n == 0) continue;
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertTally));
    st.Bind(1, k.street).Bind(2, k.grid).Bind(3, k.category).Bind(4, k.state).Bind(5, k.light);
    st.Bind(6, k.community).Bind(7, n);
    OG_RETURN_IF_ERROR(st.Queue());
    if (n < 0) {
      OG_ASSIGN_OR_RETURN(auto drop, c.Prepare(kDropEmptyTally));
      drop.Bind(1, k.street).Bind(2, k.grid).Bind(3, k.category).Bind(4, k.state).Bind(5, k.light);
      OG_RETURN_IF_ERROR(drop.Queue());
    }
  }
  // The days per grid, then summed per community (the trend) and, for reports inside the
  // hot-spot window, per grid.
  std::map<std::tuple<std::string, std::string, std::string>, Day> areas;  // day, street, community
  std::map<std::string, Day> recent;  // grid
  std::string newest;                 // the newest day with a report
  for (const auto& [k, d] : batch_days_) {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertDay));
    st.Bind(1, k.first).Bind(2, k.second).Bind(3, d.street).Bind(4, d.community);
    st.Bind(5, d.reported).Bind(6, d.closed).Bind(7, d.overdue);
    OG_RETURN_IF_ERROR(st.Queue());
    Day& a = areas[{k.first, d.street, d.community}];
    a.street = d.street;
    a.reported += d.reported;
    a.closed += d.closed;
    a.overdue += d.overdue;
    if (d.reported > 0) newest = std::max(newest, k.first);
  }
  for (const auto& [k, a] : areas) {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertArea));
    st.Bind(1, std::get<0>(k)).Bind(2, std::get<2>(k)).Bind(3, std::get<1>(k));
    st.Bind(4, a.reported).Bind(5, a.closed).Bind(6, a.overdue);
    OG_RETURN_IF_ERROR(st.Queue());
  }
  if (!newest.empty()) {
    OG_ASSIGN_OR_RETURN(std::string since, MoveWindow(c, DaysBefore(newest, store::kHotGridDays - 1)));
    for (const auto& [k, d] : batch_days_) {
      if (d.reported == 0 || k.first < since) continue;
      Day& r = recent[k.second];
      r.street = d.street;
      r.community = d.community;
      r.reported += d.reported;
    }
    for (const auto& [grid, r] : recent) {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertRecent));
      st.Bind(1, grid).Bind(2, r.street).Bind(3, r.community).Bind(4, r.reported);
      OG_RETURN_IF_ERROR(st.Queue());
    }
  }
  batch_tally_.clear();
  batch_days_.clear();
  return c.Settle();
}

core::Result<std::string> Rollups::MoveWindow(Connection& c, const std::string& want) {
  OG_ASSIGN_OR_RETURN(std::string since, WindowSince(c));
  if (since >= want) return since;  // it only moves on: a write dated earlier leaves it be
  // Compare-and-set: of two servers on one PostgreSQL database the second waits for the
  // first's COMMIT, finds the window moved, and reads where it is now.
  bool moved = false;
  {
    OG_ASSIGN_OR_RETURN(auto move, c.Prepare(kMoveWindow));
    move.Bind(1, want).Bind(2, since);
    OG_ASSIGN_OR_RETURN(moved, move.Step());
  }
  if (!moved) return WindowSince(c);
  OG_ASSIGN_OR_RETURN(auto leave, c.Prepare(kLeaveDays));
  leave.Bind(1, since).Bind(2, want);
  OG_RETURN_IF_ERROR(leave.Run());
  OG_ASSIGN_OR_RETURN(auto drop, c.Prepare(kDropEmptyRecent));
  OG_RETURN_IF_ERROR(drop.Run());
  return want;
}


}  // namespace onegrid::store_sql
