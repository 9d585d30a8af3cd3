// The limit for a durable intake: the rows one intake writes (the day's number, the case row,
// its first event with the deadlines it starts, both search-index rows) inserted straight through the SQLite C API in
// transactions of BATCH intakes, WAL + synchronous=FULL, on onegrid's own schema. No HTTP, no
// JSON, no locating, no hashing, no queue.
// Usage: onegrid_bench_case_limit DB_PATH SECONDS BATCH   (DB_PATH: migrated by onegrid)
#include "sqlite_limit.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>


int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s DB_PATH SECONDS BATCH\n", argv[0]);
    return 2;
  }
  double seconds = std::atof(argv[2]);
  int batch = std::atoi(argv[3]);
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  const char* sqls[] = {
      "INSERT INTO case_numbers (district, day, last) VALUES ('410104', '20261129', 1) "
      "ON CONFLICT (district, day) DO UPDATE SET last = last + 1 RETURNING last",
      "INSERT INTO cases (id, number, kind, category_kind, category_code, source, urgency, description, "
      "address, lon, lat, district_code, street_code, community_code, grid_code, grid_version, reporter_name, "
      "reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, rework_count, version, "
      "created_at, updated_at, created_by, last_hash, attachments, sla_version, sla_policy, clock, whole, due_at, "
      "next_timer_at) VALUES (?1, ?2, 'event', 'matter', '06010', 'hotline', "
      "'normal', ?3, ?4, 113.72, 34.72, '410104', '410104008000', '410104008011', '410104008011015', 1, '', '', "
      "'reported', '', '[]', 0, 0, 0, 1, ?5, ?5, 1, ?6, '[]', 1, '暴露垃圾', ?7, ?7, ?8, ?9)",
      "INSERT INTO case_events (case_id, seq, action, from_state, to_state, actor_id, actor_name, role, unit, at, "
      "note, attachments, payload, prev_hash, hash) VALUES (?1, 1, 'report', NULL, 'reported', 1, '王受理', "
      "'intake_operator', '', ?2, '', '[]', ?3, '', ?4)",
      "INSERT INTO case_search_tri (rowid, text) VALUES (?1, ?2)",
      "INSERT INTO case_search_uni (rowid, text) VALUES (?1, ?2)"};
  std::vector<sqlite3_stmt*> st(5);
  for (int i = 0; i < 5; ++i) {
    if (sqlite3_prepare_v2(db, sqls[i], -1, &st[i], nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
      return 1;
    }
  }
  const std::string description = "暴露垃圾未及时清运（12345）";
  const std::string uni = "暴 露 垃 圾 未 及 时 清 运 （ 1 2 3 4 5 ）";
  const std::string payload(850, 'p');  // about the size of a report event's payload, with its clocks
  const std::string clock(200, 'c');     // about the size of a step clock's JSON
  const std::string hash(64, 'a');
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  std::vector<double> batch_ms;
  long long id = 1;
  while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
    auto t0 = Clock::now();
    Exec(db, "BEGIN IMMEDIATE");
    for (int i = 0; i < batch; ++i, ++id) {
      sqlite3_step(st[0]);
      long long seq = sqlite3_column_int64(st[0], 0);
      sqlite3_reset(st[0]);
      std::string number = "410104-20261129-" + std::to_string(seq);
      sqlite3_bind_int64(st[1], 1, id);
      sqlite3_bind_text(st[1], 2, number.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st[1], 3, description.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(st[1], 4, "管城区测试地址", -1, SQLITE_STATIC);
      sqlite3_bind_int64(st[1], 5, 1790000000000000LL + id);
      sqlite3_bind_text(st[1], 6, hash.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(st[1], 7, clock.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(st[1], 8, 1790000000000000LL + id + 1800000000LL);
      sqlite3_bind_int64(st[1], 9, 1790000000000000LL + id + 1440000000LL);
      if (sqlite3_step(st[1]) != SQLITE_DONE) { std::fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
      sqlite3_reset(st[1]);
      sqlite3_bind_int64(st[2], 1, id);
      sqlite3_bind_int64(st[2], 2, 1790000000000000LL + id);
      sqlite3_bind_text(st[2], 3, payload.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(st[2], 4, hash.c_str(), -1, SQLITE_STATIC);
      if (sqlite3_step(st[2]) != SQLITE_DONE) { std::fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
      sqlite3_reset(st[2]);
      for (int k = 3; k < 5; ++k) {
        sqlite3_bind_int64(st[k], 1, id);
        sqlite3_bind_text(st[k], 2, (k == 3 ? description : uni).c_str(), -1, SQLITE_STATIC);
        if (sqlite3_step(st[k]) != SQLITE_DONE) { std::fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_reset(st[k]);
      }
    }
    Exec(db, "COMMIT");
    batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double p99 = P99(batch_ms);
  std::printf("writes_per_second=%.0f p99_ms=%.2f batches=%zu\n", (id - 1) / elapsed, p99, batch_ms.size());
  for (auto* s : st) sqlite3_finalize(s);
  sqlite3_close(db);
}
