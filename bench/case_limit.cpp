// The limit for a durable intake: the very rows the intakes of a benchmark run wrote, inserted
// again straight through the SQLite C API into the database they started from, BATCH intakes
// per transaction, WAL + synchronous=FULL, on onegrid's own schema. Per intake: the day's number,
// the case row with its indexes, its first event; per transaction, as onegrid's writer does
// them: both search-index rows of each case, the rollups summed per row (case_tally, case_daily,
// case_daily_area, case_grid_recent), the feed's numbers and rows. No HTTP, no JSON, no locating,
// no duplicate search, no hashing, no queue: everything is read from the run's database before
// the clock starts.
//
// Afterwards every table it wrote is compared with the run's: `differing_rows` counts the rows
// either holds that the other does not (0 when the limit wrote the same rows).
//
// Usage: onegrid_bench_case_limit RUN_DB START_DB BATCH
//   RUN_DB:   the server's database after the intake benchmark (read only)
//   START_DB: a copy of the database that server started from (written)
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "sqlite_limit.hpp"
#include "cases/case.hpp"
#include "store_sql/case_rows.hpp"
#include "store_sql/rollup_sql.hpp"
#include "store_sql/rollups.hpp"
#include "store_sqlite/connection.hpp"

namespace {

using onegrid::store_sql::TallyKey;

// One row to insert again: its values, copied out of the run's database.
struct Row {
  std::vector<sqlite3_value*> values;
};

struct Intake {
  Row case_row;
  std::vector<Row> events, feed;
  std::string district, number_day, search_text, search_unigrams;
  std::optional<TallyKey> tally;
  std::string day;  // LocalDay of its report
  std::string grid, street, community;
};

[[noreturn]] void Die(sqlite3* db, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    Die(db, sql.c_str());
  }
  return st;
}

void Done(sqlite3* db, sqlite3_stmt* st) {
  int rc = sqlite3_step(st);
  while (rc == SQLITE_ROW) rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) Die(db, sqlite3_sql(st));
  sqlite3_reset(st);
}

// The columns of `table` that an INSERT names (generated columns excluded).
std::vector<std::string> Columns(sqlite3* db, const std::string& table) {
  std::vector<std::string> out;
  sqlite3_stmt* st = Prepare(db, "SELECT name FROM pragma_table_xinfo('" + table + "') WHERE hidden = 0 ORDER BY cid");
  while (sqlite3_step(st) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  return out;
}

std::string Join(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string InsertSql(const std::string& table, const std::vector<std::string>& cols) {
  std::string marks;
  for (std::size_t i = 1; i <= cols.size(); ++i) marks += (i > 1 ? ", ?" : "?") + std::to_string(i);
  return "INSERT INTO " + table + " (" + Join(cols) + ") VALUES (" + marks + ")";
}

// The rows of `sql` (one bound id), each as copied values.
std::map<std::int64_t, std::vector<Row>> RowsByCase(sqlite3* db, const std::string& sql, std::int64_t after,
                                                    int case_column) {
  std::map<std::int64_t, std::vector<Row>> out;
  sqlite3_stmt* st = Prepare(db, sql);
  sqlite3_bind_int64(st, 1, after);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Row r;
    for (int i = 0; i < sqlite3_column_count(st); ++i) r.values.push_back(sqlite3_value_dup(sqlite3_column_value(st, i)));
    out[sqlite3_column_int64(st, case_column)].push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return out;
}

void Bind(sqlite3* db, sqlite3_stmt* st, const Row& r) {
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    if (sqlite3_bind_value(st, static_cast<int>(i + 1), r.values[i]) != SQLITE_OK) Die(db, "bind");
  }
}

void BindText(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
}

}  // namespace

int main(int argc, char** argv) {
  namespace sql = onegrid::store_sql;
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s RUN_DB START_DB BATCH\n", argv[0]);
    return 2;
  }
  const std::string run_path = argv[1], start_path = argv[2];
  const int batch = std::atoi(argv[3]);
  sqlite3* db = nullptr;
  if (sqlite3_open(start_path.c_str(), &db) != SQLITE_OK) Die(db, "open");
  // onegrid's writer checkpoints every 2000 WAL pages (on a thread of its own); the limit, as
  // bare SQLite does, in its COMMITs, as often.
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=2000;");
  std::int64_t after = 0;
  {
    sqlite3_stmt* st = Prepare(db, "SELECT coalesce(max(id), 0) FROM cases");
    if (sqlite3_step(st) == SQLITE_ROW) after = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }

  // Everything the intakes of the run wrote beyond the start, read before the clock starts.
  const auto case_cols = Columns(db, "cases"), event_cols = Columns(db, "case_events"),
             feed_cols = Columns(db, "case_feed");
  std::vector<Intake> intakes;
  {
    auto run = onegrid::store_sqlite::Connection::Open(run_path, onegrid::store_sqlite::Connection::Mode::kReader);
    if (!run) {
      std::fprintf(stderr, "%s\n", run.error().message.c_str());
      return 1;
    }
    sqlite3* src = (*run)->raw();
    auto rows = RowsByCase(src, "SELECT " + Join(case_cols) + " FROM cases WHERE id > ?1 ORDER BY id", after, 0);
    auto events = RowsByCase(src, "SELECT " + Join(event_cols) + " FROM case_events WHERE case_id > ?1", after, 0);
    auto feed = RowsByCase(src, "SELECT " + Join(feed_cols) + " FROM case_feed WHERE case_id > ?1", after, 1);
    auto st = (*run)->Prepare(("SELECT " + std::string(sql::kCaseColumns) + " FROM cases WHERE id > ?1 ORDER BY id").c_str());
    if (!st) return 1;
    st->Bind(1, after);
    for (;;) {
      auto more = st->Step();
      if (!more || !*more) break;
      auto c = sql::ReadCase(*st);
      if (!c) {
        std::fprintf(stderr, "case: %s\n", c.error().message.c_str());
        return 1;
      }
      Intake in;
      in.case_row = std::move(rows[c->id].front());
      in.events = std::move(events[c->id]);
      in.feed = std::move(feed[c->id]);
      in.district = c->district_code;
      in.number_day = onegrid::cases::NumberDay(c->created_at);  // the day its number counts in
      auto search = sql::SearchTextOf(*c);
      in.search_text = std::move(search.text);
      in.search_unigrams = std::move(search.unigrams);
      in.tally = sql::TallyKeyOf(*c);
      in.day = sql::LocalDay(c->created_at);
      in.grid = c->grid_code;
      in.street = c->street_code;
      in.community = c->community_code;
      intakes.push_back(std::move(in));
    }
  }
  if (intakes.empty()) {
    std::fprintf(stderr, "the run's database holds no case after id %lld\n", static_cast<long long>(after));
    return 1;
  }

  sqlite3_stmt* number = Prepare(db,
      "INSERT INTO case_numbers (district, day, last) VALUES (?1, ?2, 1) ON CONFLICT (district, day) "
      "DO UPDATE SET last = case_numbers.last + 1 RETURNING last");
  sqlite3_stmt* insert_case = Prepare(db, InsertSql("cases", case_cols));
  sqlite3_stmt* insert_event = Prepare(db, InsertSql("case_events", event_cols));
  sqlite3_stmt* insert_feed = Prepare(db, InsertSql("case_feed", feed_cols));
  sqlite3_stmt* tri = Prepare(db, "INSERT INTO case_search_tri (rowid, text) VALUES (?1, ?2)");
  sqlite3_stmt* uni = Prepare(db, "INSERT INTO case_search_uni (rowid, text) VALUES (?1, ?2)");
  sqlite3_stmt* tally = Prepare(db, sql::kUpsertTally);
  sqlite3_stmt* day = Prepare(db, sql::kUpsertDay);
  sqlite3_stmt* area = Prepare(db, sql::kUpsertArea);
  sqlite3_stmt* recent = Prepare(db, sql::kUpsertRecent);
  sqlite3_stmt* since = Prepare(db, sql::kWindowSince);
  sqlite3_stmt* take = Prepare(db,
      "UPDATE feed_counter SET last = last + ?1 WHERE name = 'case_events' RETURNING last");

  using Clock = std::chrono::steady_clock;
  std::vector<double> batch_ms;
  auto start = Clock::now();
  for (std::size_t first = 0; first < intakes.size(); first += static_cast<std::size_t>(batch)) {
    const std::size_t end = std::min(intakes.size(), first + static_cast<std::size_t>(batch));
    auto t0 = Clock::now();
    Exec(db, "BEGIN IMMEDIATE");
    std::map<TallyKey, std::int64_t> tallies;
    std::map<std::pair<std::string, std::string>, std::tuple<std::string, std::string, std::int64_t>> days;
    std::int64_t events = 0;
    for (std::size_t i = first; i < end; ++i) {
      const Intake& in = intakes[i];
      BindText(number, 1, in.district);
      BindText(number, 2, in.number_day);
      Done(db, number);
      Bind(db, insert_case, in.case_row);
      Done(db, insert_case);
      for (const auto& e : in.events) {
        Bind(db, insert_event, e);
        Done(db, insert_event);
      }
      events += static_cast<std::int64_t>(in.events.size());
      if (in.tally) ++tallies[*in.tally];
      auto& d = days[{in.day, in.grid}];
      std::get<0>(d) = in.street;
      std::get<1>(d) = in.community;
      ++std::get<2>(d);
    }
    for (std::size_t i = first; i < end; ++i) {  // at the batch's end, as the writer indexes
      const std::int64_t id = sqlite3_value_int64(intakes[i].case_row.values[0]);
      sqlite3_bind_int64(tri, 1, id);
      BindText(tri, 2, intakes[i].search_text);
      Done(db, tri);
      sqlite3_bind_int64(uni, 1, id);
      BindText(uni, 2, intakes[i].search_unigrams);
      Done(db, uni);
    }
    for (const auto& [k, n] : tallies) {
      BindText(tally, 1, k.street);
      BindText(tally, 2, k.grid);
      BindText(tally, 3, k.category);
      BindText(tally, 4, k.state);
      BindText(tally, 5, k.light);
      BindText(tally, 6, k.community);
      sqlite3_bind_int64(tally, 7, n);
      Done(db, tally);
    }
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> areas;
    std::map<std::string, std::tuple<std::string, std::string, std::int64_t>> grids;
    for (const auto& [k, d] : days) {
      BindText(day, 1, k.first);
      BindText(day, 2, k.second);
      BindText(day, 3, std::get<0>(d));
      BindText(day, 4, std::get<1>(d));
      sqlite3_bind_int64(day, 5, std::get<2>(d));
      sqlite3_bind_int64(day, 6, 0);
      sqlite3_bind_int64(day, 7, 0);
      Done(db, day);
      areas[{k.first, std::get<0>(d), std::get<1>(d)}] += std::get<2>(d);
    }
    for (const auto& [k, n] : areas) {
      BindText(area, 1, std::get<0>(k));
      BindText(area, 2, std::get<2>(k));
      BindText(area, 3, std::get<1>(k));
      sqlite3_bind_int64(area, 4, n);
      sqlite3_bind_int64(area, 5, 0);
      sqlite3_bind_int64(area, 6, 0);
      Done(db, area);
    }
    std::string window;
    if (sqlite3_step(since) == SQLITE_ROW) window = reinterpret_cast<const char*>(sqlite3_column_text(since, 0));
    sqlite3_reset(since);
    for (const auto& [k, d] : days) {
      if (k.first < window) continue;
      auto& g = grids[k.second];
      g = {std::get<0>(d), std::get<1>(d), std::get<2>(g) + std::get<2>(d)};
    }
    for (const auto& [grid, g] : grids) {
      BindText(recent, 1, grid);
      BindText(recent, 2, std::get<0>(g));
      BindText(recent, 3, std::get<1>(g));
      sqlite3_bind_int64(recent, 4, std::get<2>(g));
      Done(db, recent);
    }
    sqlite3_bind_int64(take, 1, events);
    Done(db, take);
    for (std::size_t i = first; i < end; ++i) {
      for (const auto& f : intakes[i].feed) {
        Bind(db, insert_feed, f);
        Done(db, insert_feed);
      }
    }
    Exec(db, "COMMIT");
    batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  // The same rows as the run's? Compared: every row of the replayed cases, the day numbers, and
  // the reports the rollups count. Not compared: case_tally, the feed counter and the days'
  // closed and overdue counts, which the run's timers also move (an open case of the demo turning
  // yellow or red during the run).
  const std::string attach = "ATTACH DATABASE '" + run_path + "' AS run";
  Exec(db, attach.c_str());
  long long differing = 0;
  const std::string mine = " > " + std::to_string(after);
  const std::pair<const char*, std::string> compared[] = {
      {"cases", "SELECT * FROM %s.cases WHERE id" + mine},
      {"case_events", "SELECT * FROM %s.case_events WHERE case_id" + mine},
      {"case_feed", "SELECT * FROM %s.case_feed WHERE case_id" + mine},
      {"case_search_tri", "SELECT * FROM %s.case_search_tri_docsize WHERE id" + mine},
      {"case_search_uni", "SELECT * FROM %s.case_search_uni_docsize WHERE id" + mine},
      {"case_numbers", "SELECT * FROM %s.case_numbers"},
      {"case_daily", "SELECT day, grid_code, street_code, community_code, reported FROM %s.case_daily WHERE reported > 0"},
      {"case_daily_area",
       "SELECT day, community_code, street_code, reported FROM %s.case_daily_area WHERE reported > 0"},
      {"case_grid_recent", "SELECT * FROM %s.case_grid_recent"}};
  for (const auto& [table, shape] : compared) {
    auto in = [&](const char* schema) {
      std::string q = shape;
      q.replace(q.find("%s"), 2, schema);
      return q;
    };
    sqlite3_stmt* st = Prepare(db, "SELECT (SELECT count(*) FROM (" + in("main") + " EXCEPT " + in("run") +
                                       ")) + (SELECT count(*) FROM (" + in("run") + " EXCEPT " + in("main") + "))");
    if (sqlite3_step(st) != SQLITE_ROW) Die(db, "compare");
    const long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (n != 0) std::fprintf(stderr, "%s: %lld rows differ from the run's\n", table, n);
    differing += n;
  }
  std::printf("writes_per_second=%.0f p99_ms=%.2f batches=%zu cases=%zu differing_rows=%lld\n",
              static_cast<double>(intakes.size()) / elapsed, P99(batch_ms), batch_ms.size(), intakes.size(),
              differing);
  for (auto* st : {number, insert_case, insert_event, insert_feed, tri, uni, tally, day, area, recent, since, take}) {
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return 0;  // differing rows are reported: the run goes on, its reader sees the figure
}
