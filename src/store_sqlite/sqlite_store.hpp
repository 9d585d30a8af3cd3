// The embedded SQLite backend of store::Store. One file in WAL mode: a Writer thread owns the
// only writing connection (group commit), and readers borrow connections from a small pool, so
// queries run in parallel with writes. Open() applies pending migrations first. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "store_sql/database.hpp"
#include "store_sqlite/connection.hpp"
#include "store_sqlite/writer.hpp"

namespace onegrid::store_sqlite {

class SqliteStore final : public store_sql::Database {
 public:
  struct Options {
    std::string path;
    std::string media_dir = {};  // empty: PATH.media
    std::size_t max_readers = 8;
    core::Registry* metrics = nullptr;
  };
  static core::Result<std::unique_ptr<SqliteStore>> Open(const Options& options,
                                                         const core::Clock& clock);
  ~SqliteStore() override;

  void Close() override;
  core::Result<bool> LeadTimers() override { return true; }
  const store_sql::Dialect& dialect() const override;
  // The one process on the file hears of its own changes after each COMMIT.
  core::Result<void> Publish(store_sql::Connection& c, const store::Change& change) override;
  // FTS5 rows are written at the end of the batch (Writer::Defer): FTS5 flushes its pending
  // terms at every SAVEPOINT, so indexing inside each write would cut the index into one
  // segment per write.
  core::Result<void> IndexSearch(store_sql::Connection& c, std::int64_t case_id, const std::string& text,
                                 const std::string& unigrams) override;

  // The highest schema version this binary's SQLite migrations reach.
  static int LatestSchemaVersion();
  Writer& writer() { return *writer_; }

 private:
  explicit SqliteStore(Options options) : Database(options.max_readers), options_(std::move(options)) {}
  core::Result<void> Submit(WriteJob job) override;
  bool Writing() const override;
  core::Result<std::unique_ptr<store_sql::Connection>> OpenReader() override;

  Options options_;
  std::unique_ptr<Writer> writer_;
  std::vector<store::Change>* job_changes_ = nullptr;  // writer thread: the running write's
};

}  // namespace onegrid::store_sqlite
