// The limit for a durable write: the same rows that POST /api/v1/users writes (one users row,
// one user_roles row), inserted straight through the SQLite C API in transactions of BATCH
// writes each, in WAL mode with synchronous=FULL — what group commit can at best achieve with
// BATCH writers waiting. No HTTP, no JSON, no hashing, no queue.
// Usage: onegrid_bench_sqlite DB_PATH SECONDS BATCH
// Prints: writes_per_second=N p99_ms=N batches=N
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
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  Exec(db,
       "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
       "display_name TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', unit_code TEXT NOT NULL "
       "DEFAULT '', password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at "
       "INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1);"
       "CREATE TABLE IF NOT EXISTS user_roles (user_id INTEGER NOT NULL REFERENCES users (id), "
       "role TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_id, role, scope));");
  sqlite3_stmt* user = nullptr;
  sqlite3_stmt* role = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO users (username, display_name, password_hash, created_at, "
                     "updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                     -1, &user, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO user_roles (user_id, role, scope) VALUES (?1, ?2, ?3)", -1,
                     &role, nullptr);
  // A hash string of the length the minimum-cost Argon2id produces.
  const std::string hash(97, 'h');
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  std::vector<double> batch_ms;
  long long writes = 0;
  while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
    auto t0 = Clock::now();
    Exec(db, "BEGIN IMMEDIATE");
    for (int i = 0; i < batch; ++i, ++writes) {
      std::string name = "bench" + std::to_string(writes);
      sqlite3_bind_text(user, 1, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(user, 2, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(user, 3, hash.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(user, 4, 1790000000000000LL + writes);
      if (sqlite3_step(user) != SQLITE_DONE) return 1;
      sqlite3_reset(user);
      sqlite3_bind_int64(role, 1, sqlite3_last_insert_rowid(db));
      sqlite3_bind_text(role, 2, "grid_worker", -1, SQLITE_STATIC);
      sqlite3_bind_text(role, 3, "410104", -1, SQLITE_STATIC);
      if (sqlite3_step(role) != SQLITE_DONE) return 1;
      sqlite3_reset(role);
    }
    Exec(db, "COMMIT");
    batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double p99 = P99(batch_ms);
  std::printf("writes_per_second=%.0f p99_ms=%.2f batches=%zu\n", writes / elapsed, p99,
              batch_ms.size());
  sqlite3_finalize(user);
  sqlite3_finalize(role);
  sqlite3_close(db);
}
