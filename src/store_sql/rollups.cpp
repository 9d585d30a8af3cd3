#include "store_sql/rollups.hpp"

#include <algorithm>

#include "calendar/calendar.hpp"
#include "store_sql/case_rows.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::State;

constexpr const char* kUpsertTally =
    "INSERT INTO case_tally (street_code, grid_code, category_code, state, light, community_code, n) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (street_code, grid_code, category_code, state, light) "
    "DO UPDATE SET n = case_tally.n + excluded.n";
constexpr const char* kDropEmptyTally =
    "DELETE FROM case_tally WHERE street_code = ?1 AND grid_code = ?2 AND category_code = ?3 AND state = ?4 "
    "AND light = ?5 AND n = 0";
constexpr const char* kUpsertDay =
    "INSERT INTO case_daily (day, grid_code, street_code, community_code, reported, closed, overdue) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (day, grid_code) DO UPDATE SET "
    "reported = case_daily.reported + excluded.reported, closed = case_daily.closed + excluded.closed, "
    "overdue = case_daily.overdue + excluded.overdue";
constexpr const char* kTallyColumns = "street_code, community_code, grid_code, category_code, state, light, n";
constexpr const char* kDailyColumns = "day, street_code, community_code, grid_code, reported, closed, overdue";

std::string_view LightOf(const Case& c) {
  if (cases::IsTerminal(c.state)) return "";
  if (c.clock.fired & cases::kOverdueAlert) return "red";
  if (c.clock.fired & cases::kYellowAlert) return "yellow";
  return "green";
}

std::string InList(const std::vector<std::string>& streets, int first) {
  std::string in;
  for (std::size_t i = 0; i < streets.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(first + static_cast<int>(i));
  return in;
}

store::TallyRow ReadTally(Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Int(6)};
}
store::DailyRow ReadDay(Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4), st.Int(5), st.Int(6)};
}

class SqlRollupRepository final : public store::RollupRepository {
 public:
  explicit SqlRollupRepository(Database& db) : db_(db) {}

  core::Result<std::vector<store::TallyRow>> Tally(const std::vector<std::string>& streets) override {
    std::string sql = std::string("SELECT ") + kTallyColumns + " FROM case_tally";
    if (!streets.empty()) sql += " WHERE street_code IN (" + InList(streets, 1) + ")";
    sql += " ORDER BY street_code, grid_code, category_code, state, light";
    return db_.Read<std::vector<store::TallyRow>>([&](Connection& c) -> core::Result<std::vector<store::TallyRow>> {
      OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(sql));
      for (std::size_t i = 0; i < streets.size(); ++i) st.Bind(1 + static_cast<int>(i), streets[i]);
      std::vector<store::TallyRow> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return out;
        out.push_back(ReadTally(st));
      }
    });
  }

  core::Result<std::vector<store::DailyRow>> Daily(const std::string& from_day,
                                                   const std::vector<std::string>& streets) override {
    std::string sql = std::string("SELECT ") + kDailyColumns + " FROM case_daily WHERE day >= ?1";
    if (!streets.empty()) sql += " AND street_code IN (" + InList(streets, 2) + ")";
    sql += " ORDER BY day, grid_code";
    return db_.Read<std::vector<store::DailyRow>>([&](Connection& c) -> core::Result<std::vector<store::DailyRow>> {
      OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(sql));
      st.Bind(1, from_day);
      for (std::size_t i = 0; i < streets.size(); ++i) st.Bind(2 + static_cast<int>(i), streets[i]);
      std::vector<store::DailyRow> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return out;
        out.push_back(ReadDay(st));
      }
    });
  }

  core::Result<std::int64_t> Recompute(bool write) override {
    // Inside one write, so that no change slips between the computation and the comparison.
    return db_.Write<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      std::map<TallyKey, std::int64_t> tally;
      std::map<std::pair<std::string, std::string>, store::DailyRow> days;
      auto day_of = [&](core::Instant at, const std::string& street, const std::string& community,
                        const std::string& grid) -> store::DailyRow& {
        auto& d = days[{LocalDay(at), grid}];
        d.day = LocalDay(at);
        d.street_code = street;
        d.community_code = community;
        d.grid_code = grid;
        return d;
      };
      {
        OG_ASSIGN_OR_RETURN(auto st, c.PrepareOnce(std::string("SELECT ") + kCaseColumns + " FROM cases"));
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          OG_ASSIGN_OR_RETURN(Case k, ReadCase(st));
          if (auto key = TallyKeyOf(k)) ++tally[*key];
          ++day_of(k.created_at, k.street_code, k.community_code, k.grid_code).reported;
        }
      }
      {
        OG_ASSIGN_OR_RETURN(auto st, c.PrepareOnce(
            "SELECT e.at, e.action, e.to_state, c.street_code, c.community_code, c.grid_code FROM case_events e "
            "JOIN cases c ON c.id = e.case_id WHERE e.action = 'overdue' "
            "OR (e.to_state = 'closed' AND (e.from_state IS NULL OR e.from_state <> 'closed'))"));
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          auto& d = day_of(st.Time(0), st.Text(3), st.Text(4), st.Text(5));
          if (st.Text(1) == cases::kOverdueAction) {
            ++d.overdue;
          } else {
            ++d.closed;
          }
        }
      }
      std::vector<store::TallyRow> want_tally;
      for (const auto& [k, n] : tally) want_tally.push_back({k.street, k.community, k.grid, k.category, k.state, k.light, n});
      std::vector<store::DailyRow> want_days;
      for (auto& [k, d] : days) want_days.push_back(std::move(d));
      auto key_less_tally = [](const store::TallyRow& a, const store::TallyRow& b) {
        return std::tie(a.street_code, a.grid_code, a.category_code, a.state, a.light) <
               std::tie(b.street_code, b.grid_code, b.category_code, b.state, b.light);
      };
      // want_tally is in key order already (the map's); the stored rows are sorted alike.
      std::vector<store::TallyRow> have_tally;
      std::vector<store::DailyRow> have_days;
      {
        OG_ASSIGN_OR_RETURN(auto st, c.PrepareOnce(std::string("SELECT ") + kTallyColumns + " FROM case_tally"));
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          have_tally.push_back(ReadTally(st));
        }
        std::sort(have_tally.begin(), have_tally.end(), key_less_tally);
      }
      {
        OG_ASSIGN_OR_RETURN(auto st, c.PrepareOnce(std::string("SELECT ") + kDailyColumns + " FROM case_daily"));
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          have_days.push_back(ReadDay(st));
        }
        std::sort(have_days.begin(), have_days.end(), [](const auto& a, const auto& b) {
          return std::tie(a.day, a.grid_code) < std::tie(b.day, b.grid_code);
        });
      }
      std::int64_t differ = Differences(want_tally, have_tally) + Differences(want_days, have_days);
      if (write && differ > 0) {
        OG_RETURN_IF_ERROR(c.Exec("DELETE FROM case_tally"));
        OG_RETURN_IF_ERROR(c.Exec("DELETE FROM case_daily"));
        for (const auto& r : want_tally) {
          OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertTally));
          st.Bind(1, r.street_code).Bind(2, r.grid_code).Bind(3, r.category_code).Bind(4, r.state);
          st.Bind(5, r.light).Bind(6, r.community_code).Bind(7, r.n);
          OG_RETURN_IF_ERROR(st.Run());
        }
        for (const auto& r : want_days) {
          OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertDay));
          st.Bind(1, r.day).Bind(2, r.grid_code).Bind(3, r.street_code).Bind(4, r.community_code);
          st.Bind(5, r.reported).Bind(6, r.closed).Bind(7, r.overdue);
          OG_RETURN_IF_ERROR(st.Run());
        }
      }
      return differ;
    });
  }

 private:
  // Rows in one list and not the other (both sorted by key).
  template <typename Row>
  static std::int64_t Differences(const std::vector<Row>& a, const std::vector<Row>& b) {
    std::int64_t common = 0;
    std::size_t i = 0, j = 0;
    // Sorted by every field, so a merge finds the rows both have.
    while (i < a.size() && j < b.size()) {
      if (a[i] == b[j]) {
        ++common, ++i, ++j;
      } else if (Less(a[i], b[j])) {
        ++i;
      } else {
        ++j;
      }
    }
    return static_cast<std::int64_t>(a.size() + b.size()) - 2 * common;
  }
  static bool Less(const store::TallyRow& a, const store::TallyRow& b) {
    return std::tie(a.street_code, a.grid_code, a.category_code, a.state, a.light, a.n) <
           std::tie(b.street_code, b.grid_code, b.category_code, b.state, b.light, b.n);
  }
  static bool Less(const store::DailyRow& a, const store::DailyRow& b) {
    return std::tie(a.day, a.grid_code, a.reported, a.closed, a.overdue) <
           std::tie(b.day, b.grid_code, b.reported, b.closed, b.overdue);
  }

  Database& db_;
};

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
  for (const auto& [k, d] : batch_days_) {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertDay));
    st.Bind(1, k.first).Bind(2, k.second).Bind(3, d.street).Bind(4, d.community);
    st.Bind(5, d.reported).Bind(6, d.closed).Bind(7, d.overdue);
    OG_RETURN_IF_ERROR(st.Queue());
  }
  batch_tally_.clear();
  batch_days_.clear();
  return c.Settle();
}

std::unique_ptr<store::RollupRepository> MakeRollupRepository(Database& store) {
  return std::make_unique<SqlRollupRepository>(store);
}

}  // namespace onegrid::store_sql
