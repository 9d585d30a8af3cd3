// Duplicate lookup at intake (issue #6: p99 <= 1 ms with 1 M open cases): N open cases of random
// matter categories at random places in a 6.4 km x 5.5 km box over the district, reported over
// the last 30 days, written straight into onegrid's schema (SQLite keeps the partial index of
// migration 0010 as it does for the server's writes); then 10,000 lookups through the store's
// OpenNear with the default rule (50 m, 72 h, same category) at random points. Beside it, the
// peer: the same question answered without the index, by a scan of the case rows.
// Usage: onegrid_bench_duplicates DB_PATH [N]
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "cases/category.hpp"
#include "core/clock.hpp"
#include "sqlite_limit.hpp"
#include "store_sqlite/sqlite_store.hpp"

using namespace onegrid;

namespace {
constexpr double kLon0 = 113.68, kLon1 = 113.75, kLat0 = 34.72, kLat1 = 34.77;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [N]\n", argv[0]);
    return 2;
  }
  std::int64_t n = argc > 2 ? std::atoll(argv[2]) : 1'000'000;
  core::FakeClock clock(core::Instant(core::Duration(1'795'000'000'000'000)));  // 2026-11-18
  {
    auto store = store_sqlite::SqliteStore::Open({.path = argv[1]}, clock);  // migrates
    if (!store) {
      std::fprintf(stderr, "%s\n", store.error().message.c_str());
      return 1;
    }
  }
  std::vector<std::string> codes;
  for (const auto& c : cases::Categories()) {
    if (c.kind == cases::CategoryKind::kMatter) codes.push_back(c.code);
  }
  sqlite3* db = nullptr;
  sqlite3_open(argv[1], &db);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; BEGIN");
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
      "INSERT INTO cases (id, number, kind, category_kind, category_code, source, urgency, description, "
      "address, lon, lat, district_code, street_code, community_code, grid_code, grid_version, reporter_name, "
      "reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, rework_count, version, "
      "created_at, updated_at, created_by, last_hash) VALUES "
      "(?1, ?2, 'event', 'matter', ?3, 'hotline', 'normal', '', '管城区', ?4, ?5, '410104', "
      "'410104008000', '410104008011', '410104008011015', 1, '', '', 'handling', 'U1', '[\"U1\"]', 1, 0, 0, 5, "
      "?6, ?6, 1, '')", -1, &st, nullptr);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lon(kLon0, kLon1), lat(kLat0, kLat1);
  auto now = clock.Now().time_since_epoch().count();
  const std::int64_t month = 30LL * 24 * 3600 * 1'000'000;
  for (std::int64_t id = 1; id <= n; ++id) {
    std::string number = "410104-20261118-" + std::to_string(id);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, codes[rng() % codes.size()].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 4, lon(rng));
    sqlite3_bind_double(st, 5, lat(rng));
    sqlite3_bind_int64(st, 6, now - static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(month)));
    if (sqlite3_step(st) != SQLITE_DONE) {
      std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
      return 1;
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  Exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");

  auto store = store_sqlite::SqliteStore::Open({.path = argv[1]}, clock);
  using Clock = std::chrono::steady_clock;
  std::vector<double> ms;
  std::size_t found = 0;
  auto query = [&](double x, double y, const std::string& code) {
    store::NearbyQuery q;
    q.lon = x;
    q.lat = y;
    q.radius_m = 50;
    q.to = clock.Now();
    q.from = q.to - std::chrono::hours(72);
    q.category_prefix = code;
    return q;
  };
  for (int i = 0; i < 10000; ++i) {
    auto q = query(lon(rng), lat(rng), codes[rng() % codes.size()]);
    auto t0 = Clock::now();
    auto r = (*store)->cases().OpenNear(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      return 1;
    }
    found += r->size();
  }
  std::sort(ms.begin(), ms.end());
  // The peer: the same box, window and category by a scan of the rows (no spatial index).
  sqlite3_prepare_v2(db,
      "SELECT COUNT(*) FROM cases NOT INDEXED WHERE lon BETWEEN ?1 AND ?2 AND lat BETWEEN ?3 AND ?4 "
      "AND created_at >= ?5 AND category_kind = 'matter' AND category_code = ?6 AND merged_into IS NULL "
      "AND state NOT IN ('closed', 'rejected', 'cancelled')", -1, &st, nullptr);
  std::vector<double> scan;
  for (int i = 0; i < 5; ++i) {
    double x = lon(rng), y = lat(rng);
    auto t0 = Clock::now();
    sqlite3_bind_double(st, 1, x - 0.0006);
    sqlite3_bind_double(st, 2, x + 0.0006);
    sqlite3_bind_double(st, 3, y - 0.00045);
    sqlite3_bind_double(st, 4, y + 0.00045);
    sqlite3_bind_int64(st, 5, now - 72LL * 3600 * 1'000'000);
    sqlite3_bind_text(st, 6, codes[rng() % codes.size()].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
    scan.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(scan.begin(), scan.end());
  sqlite3_finalize(st);
  sqlite3_close(db);
  std::printf("open_cases=%lld lookup_p50_ms=%.4f lookup_p99_ms=%.4f lookup_max_ms=%.4f candidates=%zu scan_median_ms=%.1f\n",
              static_cast<long long>(n), ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back(), found,
              scan[scan.size() / 2]);
  return 0;
}
