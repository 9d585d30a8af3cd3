// The SQL surface the repositories are written against, once for every backend (store_sqlite,
// store_pg): connections that prepare statements with numbered placeholders (?1, ?2, …; a
// backend rewrites them to its own), statements that bind values and step through rows, and
// errors as core::Error (kAlreadyExists for a unique violation, kUnavailable when the database
// cannot answer). A Connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::store_sql {

// One prepared statement of a backend, with its bindings and current row.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;
  // Steps once: true with a row, false when done.
  virtual core::Result<bool> Step() = 0;
  // Runs a statement whose outcome the write does not wait for (no rows, no count): a backend
  // may pipeline it, and then its failure fails the write at its end.
  virtual core::Result<void> Queue();
  virtual std::int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  // Makes it ready for the next use (bindings cleared); called when its Statement ends.
  virtual void Reset() = 0;
};

class Statement {
 public:
  // `owned`: deleted when done (one-off SQL); otherwise reset and kept by its connection.
  explicit Statement(Cursor* cursor, bool owned = false) : cursor_(cursor, Releaser{owned}) {}
  Statement(Statement&&) = default;

  Statement& Bind(int index, std::int64_t value) { return cursor_->BindInt(index, value), *this; }
  Statement& Bind(int index, std::string_view text) { return cursor_->BindText(index, text), *this; }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, double value) { return cursor_->BindDouble(index, value), *this; }
  Statement& Bind(int index, core::Instant t) {  // integer microseconds since the epoch
    return Bind(index, static_cast<std::int64_t>(t.time_since_epoch().count()));
  }
  Statement& Bind(int index, std::optional<std::int64_t> value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  Statement& BindBlob(int index, std::string_view bytes) { return cursor_->BindBlob(index, bytes), *this; }
  Statement& BindNull(int index) { return cursor_->BindNull(index), *this; }

  core::Result<bool> Step() { return cursor_->Step(); }
  // Steps to the end, for statements without rows.
  core::Result<void> Run();
  core::Result<void> Queue() { return cursor_->Queue(); }

  std::int64_t Int(int col) const { return cursor_->Int(col); }
  double Double(int col) const { return cursor_->Double(col); }
  core::Instant Time(int col) const { return core::Instant(core::Duration(Int(col))); }
  std::string Text(int col) const { return cursor_->Text(col); }
  std::string Blob(int col) const { return cursor_->Blob(col); }
  bool IsNull(int col) const { return cursor_->IsNull(col); }

 private:
  struct Releaser {
    bool owned = false;
    void operator()(Cursor* c) const {
      if (owned) {
        delete c;
      } else {
        c->Reset();
      }
    }
  };
  std::unique_ptr<Cursor, Releaser> cursor_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Cached by its text for the connection's life: for SQL written in the source.
  virtual core::Result<Statement> Prepare(const char* sql) = 0;
  // For SQL assembled from a bounded set of fragments (a list's filters): a cache of its own,
  // emptied when full. At most one statement from it may be in use at a time.
  static constexpr std::size_t kShapedCacheSize = 256;
  virtual core::Result<Statement> PrepareShaped(const std::string& sql) = 0;
  // Not cached: for SQL assembled per call.
  virtual core::Result<Statement> PrepareOnce(const std::string& sql) = 0;
  // One or more statements, no binding.
  virtual core::Result<void> Exec(std::string_view sql) = 0;
  // Rows changed by the connection's last INSERT, UPDATE or DELETE.
  virtual std::int64_t Changes() const = 0;
  // Waits for the statements queued so far (Cursor::Queue) and returns the first failure.
  virtual core::Result<void> Settle() { return core::Ok(); }
  // True once the connection is lost (a pool drops it instead of lending it again).
  virtual bool Broken() const { return false; }
};

// Steps `st` to the end and returns its first column as integers (ids).
core::Result<std::vector<std::int64_t>> ReadIds(Statement& st);

// True when the error is a unique constraint violation.
bool IsUniqueViolation(const core::Error& e);

}  // namespace onegrid::store_sql
