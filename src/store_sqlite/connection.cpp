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

void Statement::Resetter::operator()(sqlite3_stmt* s) const {
  if (finalize) {
    sqlite3_finalize(s);
    return;
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

Statement::~Statement() = default;

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_.get(), index, value);
  return *this;
}
Statement& Statement::Bind(int index, core::Instant t) {
  return Bind(index, static_cast<std::int64_t>(t.time_since_epoch().count()));
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}
Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

core::Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return MapError(sqlite3_db_handle(stmt_.get()), sqlite3_extended_errcode(
                      sqlite3_db_handle(stmt_.get())),
                  "step");
}

core::Result<void> Statement::Run() {
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return core::Ok();
  }
}

std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
core::Instant Statement::Time(int col) const { return core::Instant(core::Duration(Int(col))); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_.get(), col); }
std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_.get(), col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col)))
           : std::string();
}
std::string Statement::Blob(int col) const {
  const auto* p = sqlite3_column_blob(stmt_.get(), col);
  return p ? std::string(static_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col)))
           : std::string();
}
bool Statement::IsNull(int col) const {
  return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
}

void Connection::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void Connection::Finalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

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
    // WAL with synchronous=FULL: a COMMIT returns only after the WAL is fsync'd.
    pragmas += "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
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

core::Result<Statement> Connection::Prepare(const char* sql) {
  auto it = cache_.find(std::string_view(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return MapError(db_.get(), rc, "prepare");
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second.get());
}

core::Result<Statement> Connection::PrepareShaped(const std::string& sql) {
  auto it = shaped_.find(sql);
  if (it == shaped_.end()) {
    if (shaped_.size() >= kShapedCacheSize) shaped_.clear();
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return MapError(db_.get(), rc, "prepare");
    it = shaped_.emplace(sql, stmt).first;
  }
  return Statement(it->second.get());
}

core::Result<Statement> Connection::PrepareOnce(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return MapError(db_.get(), rc, "prepare");
  return Statement(stmt, /*owned=*/true);
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

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_.get()); }
int Connection::Changes() const { return sqlite3_changes(db_.get()); }

core::Error Connection::LastError(std::string_view what) const {
  return MapError(db_.get(), sqlite3_extended_errcode(db_.get()), what);
}

core::Result<std::vector<std::int64_t>> ReadIds(Statement& st) {
  std::vector<std::int64_t> out;
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(st.Int(0));
  }
}

bool IsUniqueViolation(const core::Error& e) { return e.code == core::ErrorCode::kAlreadyExists; }

}  // namespace onegrid::store_sqlite
