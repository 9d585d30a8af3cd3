// The timer tick with N open cases whose next timers all lie ahead: what one look for due
// deadlines costs when nothing is due (issue #5: at most 1 ms with 1 M open cases). The cases
// are written straight into onegrid's schema (open, with a running step and a next timer spread
// over the next 30 days); the tick is the real TimerService on the real store. Beside it, the
// peer: the same question answered by scanning every case (no index), as a timer that scans does.
// Usage: onegrid_bench_timer_tick DB_PATH [N]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "core/clock.hpp"
#include "service/timer_service.hpp"
#include "sqlite_limit.hpp"
#include "store_sqlite/sqlite_store.hpp"

using namespace onegrid;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [N]\n", argv[0]);
    return 2;
  }
  std::int64_t n = argc > 2 ? std::atoll(argv[2]) : 1'000'000;
  core::FakeClock clock(core::Instant(core::Duration(1'795'000'000'000'000)));  // 2026-11-18
  core::Config config;
  {
    auto store = store_sqlite::SqliteStore::Open({.path = argv[1]}, clock);  // migrates
    if (!store) {
      std::fprintf(stderr, "%s\n", store.error().message.c_str());
      return 1;
    }
  }
  sqlite3* db = nullptr;
  sqlite3_open(argv[1], &db);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN");
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
      "INSERT INTO cases (id, number, kind, category_kind, category_code, source, urgency, description, "
      "address, lon, lat, district_code, street_code, community_code, grid_code, grid_version, reporter_name, "
      "reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, rework_count, version, "
      "created_at, updated_at, created_by, last_hash, sla_version, clock, whole, due_at, next_timer_at) VALUES "
      "(?1, ?2, 'event', 'matter', '06010', 'hotline', 'normal', '暴露垃圾', '管城区', 113.72, 34.72, '410104', "
      "'410104008000', '410104008011', '410104008011015', 1, '', '', 'handling', 'U1', '[\"U1\"]', 1, 0, 0, 5, "
      "?3, ?3, 1, '', 1, '', '', ?4, ?5)", -1, &st, nullptr);
  std::mt19937_64 rng(7);
  auto now = clock.Now().time_since_epoch().count();
  const std::int64_t month = 30LL * 24 * 3600 * 1'000'000;
  for (std::int64_t id = 1; id <= n; ++id) {
    std::int64_t next = now + 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(month));
    std::string number = "410104-20261118-" + std::to_string(id);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now - month);
    sqlite3_bind_int64(st, 4, next + month / 10);
    sqlite3_bind_int64(st, 5, next);
    if (sqlite3_step(st) != SQLITE_DONE) {
      std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
      return 1;
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  Exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");

  auto store = store_sqlite::SqliteStore::Open({.path = argv[1]}, clock);
  service::CalendarService calendar(**store, config, clock);
  service::SlaService sla(**store, clock);
  if (!calendar.Load() || !sla.Load()) return 1;
  service::Deadlines deadlines(calendar, sla, **store);
  service::TimerService timers(**store, deadlines, clock);
  using Clock = std::chrono::steady_clock;
  std::vector<double> ms;
  int fired = 0;
  for (int i = 0; i < 10000; ++i) {
    auto t0 = Clock::now();
    auto r = timers.Tick();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    fired += *r;
  }
  std::sort(ms.begin(), ms.end());
  // The peer: the same question without the index.
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM cases NOT INDEXED WHERE next_timer_at <= ?1", -1, &st, nullptr);
  std::vector<double> scan;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    sqlite3_bind_int64(st, 1, now);
    sqlite3_step(st);
    sqlite3_reset(st);
    scan.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(scan.begin(), scan.end());
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::printf("open_cases=%lld tick_p50_ms=%.4f tick_p99_ms=%.4f tick_max_ms=%.4f fired=%d scan_median_ms=%.1f\n",
              static_cast<long long>(n), ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back(), fired,
              scan[scan.size() / 2]);
  return fired == 0 ? 0 : 1;
}
