#include "store_sqlite/connection.hpp"

#include <sqlite3.h>

namespace onegrid::store_sqlite {
namespace {

core::Error MapError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
      primary == SQLITE_FULL || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY ||
      primary == SQLITE_PROTOCOL) {
    return core::Unavailable("database unavailable: " + msg);
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return core::AlreadyExists(msg);
  }
  return core::Internal(msg);
}

}  // namespace

class Connection::Cursor final : public store_sql::Cursor {
 public:
  explicit Cursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Cursor() override { sqlite3_finalize(stmt_); }
  void BindInt(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindDouble(int index, double value) override { sqlite3_bind_double(stmt_, index, value); }
  void BindText(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int index, std::string_view bytes) override {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int index) override { sqlite3_bind_null(stmt_, index); }
  core::Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    return MapError(db, sqlite3_extended_errcode(db), "step");
  }
  std::int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::string Blob(int col) const override {
    const auto* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

void Connection::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kWriter) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Connection> conn(new Connection(raw));
  if (rc != SQLITE_OK) {
    return core::Unavailable("cannot open database " + path + ": " +
                             (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  std::string pragmas = "PRAGMA foreign_keys=ON;";
  if (mode == Mode::kWriter) {
    // WAL with synchronous=FULL: a COMMIT returns only after the WAL is fsync'd. The writer's
    // SAVEPOINTs keep the pages they change in a statement journal, a temporary file unless
    // temp_store is MEMORY: a write that changed more than 16 pages wrote them to that file.
    pragmas += "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;";
  } else {
    pragmas += "PRAGMA query_only=ON;";
  }
  OG_RETURN_IF_ERROR(conn->Exec(pragmas));
  if (mode == Mode::kWriter) {
    OG_ASSIGN_OR_RETURN(auto st, conn->Prepare("PRAGMA journal_mode"));
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row || st.Text(0) != "wal") {
      return core::Unavailable("database " + path + " cannot use write-ahead logging");
    }
  }
  return conn;
}

Connection::~Connection() {
  shaped_.clear();
  cache_.clear();
}

core::Result<Connection::Cursor*> Connection::Compile(const std::string& sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return MapError(db_.get(), rc, "prepare");
  return new Cursor(stmt);
}

core::Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(std::string_view(sql));
  if (it == cache_.end()) {
    OG_ASSIGN_OR_RETURN(Cursor * cursor, Compile(sql, true));
    it = cache_.emplace(sql, std::unique_ptr<store_sql::Cursor>(cursor)).first;
  }
  return Statement(it->second.get());
}

core::Result<Statement> Connection::PrepareShaped(const std::string& sql) {
  auto it = shaped_.find(sql);
  if (it == shaped_.end()) {
    if (shaped_.size() >= kShapedCacheSize) shaped_.clear();
    OG_ASSIGN_OR_RETURN(Cursor * cursor, Compile(sql, true));
    it = shaped_.emplace(sql, std::unique_ptr<store_sql::Cursor>(cursor)).first;
  }
  return Statement(it->second.get());
}

core::Result<Statement> Connection::PrepareOnce(const std::string& sql) {
  OG_ASSIGN_OR_RETURN(Cursor * cursor, Compile(sql, false));
  return Statement(cursor, /*owned=*/true);
}

core::Result<void> Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return MapError(nullptr, sqlite3_extended_errcode(db_.get()), msg);
  }
  return core::Ok();
}

std::int64_t Connection::Changes() const { return sqlite3_changes(db_.get()); }

}  // namespace onegrid::store_sqlite
