// The database a test runs on: SQLite, or PostgreSQL when ONEGRID_TEST_PG names a running
// cluster (ctest starts a throwaway one on 127.0.0.1 for the tests registered with it; see
// onegrid_test in cmake/OnegridHelpers.cmake). Each test
// gets a database of its own: a SQLite file in its temp dir, or a PostgreSQL schema of its own
// (search_path), dropped when the TestDb goes.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store_pg/connection.hpp"
#include "store_pg/pg_store.hpp"
#include "store_sqlite/connection.hpp"
#include "store_sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace onegrid::testing {

class TestDb {
 public:
  static std::string DefaultBackend() {
    const char* url = std::getenv("ONEGRID_TEST_PG");
    return url && *url ? "postgresql" : "sqlite";
  }

  explicit TestDb(const TempDir& dir, std::string backend = DefaultBackend(), const std::string& name = "og")
      : backend_(std::move(backend)), media_((dir.path() / (name + ".media")).string()) {
    if (backend_ == "sqlite") {
      db_ = (dir.path() / (name + ".db")).string();
      return;
    }
    EXPECT_EQ(backend_, "postgresql") << "the backends are sqlite and postgresql";
    const char* url = std::getenv("ONEGRID_TEST_PG");
    if (!url || !*url) {
      ADD_FAILURE() << "ONEGRID_TEST_PG is not set: run the PostgreSQL tests through ctest, which starts "
                       "a cluster, or name one (postgresql://postgres@127.0.0.1:PORT/postgres)";
      return;
    }
    static std::atomic<int> counter{0};
    schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    base_ = url;
    auto admin = store_pg::Connection::Open(base_, store_pg::Connection::Mode::kPlain, "test");
    if (!admin) {
      ADD_FAILURE() << admin.error().message;
      return;
    }
    auto made = (*admin)->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
    EXPECT_TRUE(made.has_value()) << made.error().message;
    db_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }
  ~TestDb() {
    if (schema_.empty()) return;
    if (auto admin = store_pg::Connection::Open(base_, store_pg::Connection::Mode::kPlain, "test")) {
      (void)(*admin)->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  }
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  const std::string& backend() const { return backend_; }
  // The --db value: a file path or a URL.
  const std::string& db() const { return db_; }
  const std::string& media_dir() const { return media_; }

  core::Result<std::unique_ptr<store_sql::Database>> Open(const core::Clock& clock) const {
    if (backend_ == "sqlite") {
      OG_ASSIGN_OR_RETURN(auto s, store_sqlite::SqliteStore::Open({.path = db_, .media_dir = media_}, clock));
      return std::unique_ptr<store_sql::Database>(std::move(s));
    }
    OG_ASSIGN_OR_RETURN(auto s, store_pg::PgStore::Open({.url = db_, .media_dir = media_}, clock));
    return std::unique_ptr<store_sql::Database>(std::move(s));
  }

  // A connection of its own, for what tests do behind the store's back (counting, tampering).
  std::unique_ptr<store_sql::Connection> Connect() const {
    if (backend_ == "sqlite") {
      auto c = store_sqlite::Connection::Open(db_, store_sqlite::Connection::Mode::kWriter);
      EXPECT_TRUE(c.has_value()) << c.error().message;
      return c ? std::move(*c) : nullptr;
    }
    auto c = store_pg::Connection::Open(db_, store_pg::Connection::Mode::kPlain, "test");
    EXPECT_TRUE(c.has_value()) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }

  // SELECT COUNT(*) FROM `from` (a table, optionally with a WHERE).
  std::int64_t Count(const std::string& from) const {
    auto c = Connect();
    if (!c) return -1;
    auto st = c->PrepareOnce("SELECT COUNT(*) FROM " + from);
    if (!st) {
      ADD_FAILURE() << st.error().message;
      return -1;
    }
    auto row = st->Step();
    if (!row || !*row) {
      ADD_FAILURE() << "no count of " << from;
      return -1;
    }
    return st->Int(0);
  }

  // Every table of the database (SQLite's, or the test's schema on PostgreSQL) with its rows.
  std::map<std::string, std::int64_t> RowCounts() const {
    std::map<std::string, std::int64_t> out;
    auto c = Connect();
    if (!c) return out;
    auto st = c->PrepareOnce(backend_ == "sqlite"
                                 ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                 : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                                   "AND table_type = 'BASE TABLE'");
    if (!st) {
      ADD_FAILURE() << st.error().message;
      return out;
    }
    std::vector<std::string> tables;
    while (auto row = st->Step()) {
      if (!*row) break;
      tables.push_back(st->Text(0));
    }
    for (const auto& t : tables) out[t] = Count("\"" + t + "\"");
    return out;
  }

  void Exec(const std::string& sql) const {
    auto c = Connect();
    ASSERT_TRUE(c != nullptr);
    auto r = c->Exec(sql);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

 private:
  std::string backend_, db_, media_, schema_, base_;
};

}  // namespace onegrid::testing
