// A thin RAII layer over one sqlite3 connection: prepared statements cached per connection,
// values always bound (placeholders ?N), errors turned into core::Error. A Connection is used
// by one thread at a time (the writer thread, or the reader that borrowed it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace onegrid::store_sqlite {

class Statement {
 public:
  // `owned`: finalized on destruction (one-off SQL); otherwise reset and kept by the cache.
  explicit Statement(sqlite3_stmt* stmt, bool owned = false) : stmt_(stmt, Resetter{owned}) {}
  Statement(Statement&&) = default;
  ~Statement();  // resets and clears bindings; the cache keeps the compiled statement

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& Bind(int index, std::optional<std::int64_t> value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, core::Instant t);  // stored as integer microseconds since the epoch

  // Steps once: true with a row, false when done.
  core::Result<bool> Step();
  // Steps to the end, for statements without rows.
  core::Result<void> Run();

  std::int64_t Int(int col) const;
  double Double(int col) const;
  core::Instant Time(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;

 private:
  struct Resetter {
    bool finalize = false;
    void operator()(sqlite3_stmt* s) const;
  };
  std::unique_ptr<sqlite3_stmt, Resetter> stmt_;
};

class Connection {
 public:
  enum class Mode { kWriter, kReader };
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
  ~Connection();

  core::Result<Statement> Prepare(const char* sql);  // cached by its text
  // For SQL assembled per call (filters): not cached, so the cache cannot grow without bound.
  core::Result<Statement> PrepareOnce(const std::string& sql);
  // For SQL assembled from a bounded set of fragments (a list's filters): cached in a cache of
  // its own of at most kShapedCacheSize statements, emptied when full. At most one statement
  // from this cache may be in use at a time.
  static constexpr std::size_t kShapedCacheSize = 256;
  core::Result<Statement> PrepareShaped(const std::string& sql);
  core::Result<void> Exec(std::string_view sql);      // one or more statements, no binding
  std::int64_t LastInsertId() const;
  int Changes() const;
  sqlite3* raw() { return db_.get(); }

  // Maps the connection's last error to kUnavailable (busy, I/O, full) or kInternal.
  core::Error LastError(std::string_view what) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const;
  };
  explicit Connection(sqlite3* db) : db_(db) {}

  std::unique_ptr<sqlite3, Closer> db_;
  std::map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>, std::less<>> cache_;
  std::map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>, std::less<>> shaped_;
};

// Steps `st` to the end and returns its first column as integers (ids).
core::Result<std::vector<std::int64_t>> ReadIds(Statement& st);

// True when the error is a UNIQUE constraint violation.
bool IsUniqueViolation(const core::Error& e);

}  // namespace onegrid::store_sqlite
