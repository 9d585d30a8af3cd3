// One libpq connection as a store_sql::Connection. Statements are prepared once per connection
// (named, cached by their text; placeholders ?N rewritten to $N), values are sent as text and
// results read as text. Errors map by SQLSTATE: 23505 → kAlreadyExists; lost connections,
// shutdowns, deadlocks and serialization failures → kUnavailable; the rest kInternal.
//
// In pipeline mode (the writer's connection) a queued statement is sent without waiting for
// its result; a statement whose rows are wanted, Settle() and Exec() flush the pipeline and read
// every result up to their own. After a failure the server skips what follows until Sync()
// syncs the pipeline. Used by one thread at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store_sql/sql.hpp"

struct pg_conn;
struct pg_result;

namespace onegrid::store_pg {

using store_sql::Statement;

class Connection final : public store_sql::Connection {
 public:
  enum class Mode { kPlain, kPipeline };
  // `role` names the connection to the server (application_name "onegrid <role>"), so that an
  // operator reading pg_stat_activity sees which is the writer, a reader, the listener.
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& url, Mode mode,
                                                        const std::string& role = "reader");
  ~Connection() override;

  core::Result<Statement> Prepare(const char* sql) override;
  core::Result<Statement> PrepareShaped(const std::string& sql) override;
  core::Result<Statement> PrepareOnce(const std::string& sql) override;
  core::Result<void> Exec(std::string_view sql) override;
  std::int64_t Changes() const override { return changes_; }
  core::Result<void> Settle() override;
  bool Broken() const override;

  // Pipeline mode: a sync point. Reads every queued result and the sync's own; returns the first
  // failure since the last sync and forgets it. After a failure it is what makes the server take
  // commands again (the transaction stays aborted until a ROLLBACK TO SAVEPOINT or ROLLBACK); at
  // a COMMIT it is the answer that the commit is durable.
  core::Result<void> Sync();
  bool failed() const { return failure_.has_value(); }
  pg_conn* raw() { return conn_; }

  // `?N` → `$N` outside quoted strings and identifiers.
  static std::string Numbered(std::string_view sql);

 private:
  class Cursor;
  friend class Cursor;
  Connection(pg_conn* conn, Mode mode);
  core::Result<Statement> Cached(std::map<std::string, std::unique_ptr<Cursor>, std::less<>>& cache,
                                 std::string_view sql, bool bounded);
  // Runs the cursor's statement; returns its result (rows or command status).
  core::Result<pg_result*> Execute(Cursor& cursor);
  // Pipeline mode: sends it, counting one more result to read.
  core::Result<void> Send(Cursor& cursor);
  core::Result<void> SendPrepare(Cursor& cursor);
  // Pipeline mode: reads every queued result (each ends with a null), keeping the first failure;
  // returns the last one instead of clearing it when `keep_last`.
  core::Result<pg_result*> ReadQueued(bool keep_last);
  core::Result<void> Flush();
  core::Error LastError(std::string_view what) const;

  pg_conn* conn_;
  Mode mode_;
  std::map<std::string, std::unique_ptr<Cursor>, std::less<>> cache_, shaped_;
  std::int64_t next_name_ = 0;
  std::int64_t changes_ = 0;
  // One entry per command sent and not yet answered: the cursor whose statement it prepares,
  // or null for any other command.
  std::deque<Cursor*> queued_;
  std::optional<core::Error> failure_;  // the first failure since the last sync
};

// The error of a failed result: its SQLSTATE mapped as above.
core::Error ResultError(const pg_result* result, std::string_view what);

}  // namespace onegrid::store_pg
