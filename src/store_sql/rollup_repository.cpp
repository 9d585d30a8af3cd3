// The rollups' repository (store/rollup_repository.hpp) over SQL: reads for the command center
// and the full recomputation behind `onegrid verify` and `onegrid rebuild rollups`.
#include <algorithm>
#include <map>
#include <tuple>

#include "cases/case.hpp"
#include "store_sql/case_rows.hpp"
#include "store_sql/database.hpp"
#include "store_sql/rollup_sql.hpp"
#include "store_sql/rollups.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;

std::string InList(const std::vector<std::string>& streets, int first) {
  std::string in;
  for (std::size_t i = 0; i < streets.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(first + static_cast<int>(i));
  return in;
}

// " AND (street_code IN (…) OR …)" over the filter's lists (its grids only `with_grids`), with
// placeholders from `first` on, and the values to bind in their order; "" for everything. A
// filter with nothing to look at matches no row.
std::pair<std::string, std::vector<std::string>> FilterSql(const store::AreaFilter& f, int first, bool with_grids) {
  if (f.everything()) return {};
  std::vector<std::string> terms, values;
  auto add = [&](const char* column, const std::vector<std::string>& codes) {
    if (codes.empty()) return;
    terms.push_back(std::string(column) + " IN (" + InList(codes, first + static_cast<int>(values.size())) + ")");
    values.insert(values.end(), codes.begin(), codes.end());
  };
  add("street_code", f.streets);
  add("community_code", f.communities);
  if (with_grids) add("grid_code", f.grids);
  if (terms.empty()) return {" AND 1 = 0", {}};
  std::string sql = " AND (";
  for (std::size_t i = 0; i < terms.size(); ++i) sql += (i ? " OR " : "") + terms[i];
  return {sql + ")", values};
}

store::TallyRow ReadTally(Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Int(6)};
}
store::GridCount ReadGridCount(Statement& st) { return {st.Text(0), st.Text(1), st.Text(2), st.Int(3)}; }
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

  core::Result<std::vector<store::DailyRow>> Trend(const std::string& from_day,
                                                   const store::AreaFilter& filter) override {
    auto [where, values] = FilterSql(filter, 2, /*with_grids=*/false);
    std::string sql =
        "SELECT day, street_code, CAST(SUM(reported) AS BIGINT), CAST(SUM(closed) AS BIGINT), "
        "CAST(SUM(overdue) AS BIGINT) FROM case_daily_area WHERE day >= ?1" + where +
        " GROUP BY day, street_code ORDER BY day, street_code";
    return db_.Read<std::vector<store::DailyRow>>([&](Connection& c) -> core::Result<std::vector<store::DailyRow>> {
      OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(sql));
      st.Bind(1, from_day);
      for (std::size_t i = 0; i < values.size(); ++i) st.Bind(2 + static_cast<int>(i), values[i]);
      std::vector<store::DailyRow> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return out;
        out.push_back({st.Text(0), st.Text(1), "", "", st.Int(2), st.Int(3), st.Int(4)});
      }
    });
  }

  core::Result<std::vector<store::GridCount>> HotGrids(const std::string& from_day, const store::AreaFilter& filter,
                                                       int limit) override {
    auto [where, values] = FilterSql(filter, 3, /*with_grids=*/true);
    // When `from_day` is the window's first day: its rows, straight off the index on the count.
    std::string window_sql =
        "SELECT r.grid_code, r.street_code, r.community_code, r.reported FROM rollup_windows w "
        "JOIN case_grid_recent r ON w.name = 'hot_grids' AND w.since = ?1 WHERE 1 = 1" + where +
        " ORDER BY r.reported DESC, r.grid_code LIMIT ?2";
    // Otherwise (and when that finds none), one statement, so one snapshot: the window's rows,
    // less the days it counts before `from_day`, plus the days from `from_day` it does not count.
    std::string any_sql =
        "SELECT grid_code, MAX(street_code), MAX(community_code), CAST(SUM(n) AS BIGINT) FROM ("
        "SELECT grid_code, street_code, community_code, reported AS n FROM case_grid_recent "
        "UNION ALL SELECT d.grid_code, d.street_code, d.community_code, -d.reported FROM rollup_windows w "
        "JOIN case_daily d ON d.day >= w.since AND d.day < ?1 WHERE w.name = 'hot_grids' "
        "UNION ALL SELECT d.grid_code, d.street_code, d.community_code, d.reported FROM rollup_windows w "
        "JOIN case_daily d ON d.day >= ?1 AND d.day < w.since WHERE w.name = 'hot_grids') AS r WHERE 1 = 1" +
        where + " GROUP BY grid_code HAVING SUM(n) > 0 ORDER BY 4 DESC, 1 LIMIT ?2";
    return db_.Read<std::vector<store::GridCount>>([&](Connection& c) -> core::Result<std::vector<store::GridCount>> {
      std::vector<store::GridCount> out;
      for (const std::string* sql : {&window_sql, &any_sql}) {
        OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(*sql));
        st.Bind(1, from_day).Bind(2, static_cast<std::int64_t>(limit));
        for (std::size_t i = 0; i < values.size(); ++i) st.Bind(3 + static_cast<int>(i), values[i]);
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Int(3)});
        }
        if (!out.empty()) break;
      }
      return out;
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
      // From the days: their sums per community, and per grid inside the hot-spot window.
      OG_ASSIGN_OR_RETURN(std::string since, WindowSince(c));
      std::map<std::tuple<std::string, std::string, std::string>, store::DailyRow> areas;  // day, street, community
      std::map<std::string, store::GridCount> recent;
      std::vector<store::DailyRow> want_days;
      for (auto& [k, d] : days) {
        auto& a = areas[{d.day, d.street_code, d.community_code}];
        a.day = d.day;
        a.community_code = d.community_code;
        a.street_code = d.street_code;
        a.reported += d.reported;
        a.closed += d.closed;
        a.overdue += d.overdue;
        if (d.day >= since && d.reported > 0) {
          auto& r = recent[d.grid_code];
          r.grid_code = d.grid_code;
          r.street_code = d.street_code;
          r.community_code = d.community_code;
          r.reported += d.reported;
        }
        want_days.push_back(std::move(d));
      }
      std::vector<store::DailyRow> want_areas;
      for (auto& [k, a] : areas) want_areas.push_back(std::move(a));
      std::vector<store::GridCount> want_recent;
      for (auto& [k, r] : recent) want_recent.push_back(std::move(r));

      OG_ASSIGN_OR_RETURN(auto have_tally, ReadAll<store::TallyRow>(c, std::string("SELECT ") + kTallyColumns + " FROM case_tally", ReadTally));
      OG_ASSIGN_OR_RETURN(auto have_days, ReadAll<store::DailyRow>(c, std::string("SELECT ") + kDailyColumns + " FROM case_daily", ReadDay));
      OG_ASSIGN_OR_RETURN(auto have_areas, ReadAll<store::DailyRow>(c,
          "SELECT day, street_code, community_code, '', reported, closed, overdue FROM case_daily_area", ReadDay));
      OG_ASSIGN_OR_RETURN(auto have_recent, ReadAll<store::GridCount>(c,
          "SELECT grid_code, street_code, community_code, reported FROM case_grid_recent", ReadGridCount));
      std::int64_t differ = Differences(want_tally, have_tally) + Differences(want_days, have_days) +
                            Differences(want_areas, have_areas) + Differences(want_recent, have_recent);
      if (write && differ > 0) {
        for (const char* table : {"case_tally", "case_daily", "case_daily_area", "case_grid_recent"}) {
          OG_RETURN_IF_ERROR(c.Exec(std::string("DELETE FROM ") + table));
        }
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
        for (const auto& r : want_areas) {
          OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertArea));
          st.Bind(1, r.day).Bind(2, r.community_code).Bind(3, r.street_code);
          st.Bind(4, r.reported).Bind(5, r.closed).Bind(6, r.overdue);
          OG_RETURN_IF_ERROR(st.Run());
        }
        for (const auto& r : want_recent) {
          OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsertRecent));
          st.Bind(1, r.grid_code).Bind(2, r.street_code).Bind(3, r.community_code).Bind(4, r.reported);
          OG_RETURN_IF_ERROR(st.Run());
        }
      }
      return differ;
    });
  }

 private:
  // Every row of a query, sorted as Differences needs.
  template <typename Row>
  static core::Result<std::vector<Row>> ReadAll(Connection& c, const std::string& sql, Row (*read)(Statement&)) {
    OG_ASSIGN_OR_RETURN(auto st, c.PrepareOnce(sql));
    std::vector<Row> out;
    for (;;) {
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(read(st));
    }
    std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return Less(a, b); });
    return out;
  }

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
    return std::tie(a.day, a.grid_code, a.street_code, a.community_code, a.reported, a.closed, a.overdue) <
           std::tie(b.day, b.grid_code, b.street_code, b.community_code, b.reported, b.closed, b.overdue);
  }
  static bool Less(const store::GridCount& a, const store::GridCount& b) {
    return std::tie(a.grid_code, a.street_code, a.community_code, a.reported) <
           std::tie(b.grid_code, b.street_code, b.community_code, b.reported);
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<store::RollupRepository> MakeRollupRepository(Database& store) {
  return std::make_unique<SqlRollupRepository>(store);
}

}  // namespace onegrid::store_sql
