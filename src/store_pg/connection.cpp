#include "store_pg/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <vector>

namespace onegrid::store_pg {
namespace {

std::string Trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

core::Error Classified(std::string_view sqlstate, std::string message) {
  auto starts = [&](std::string_view p) { return sqlstate.substr(0, p.size()) == p; };
  if (sqlstate == "23505") return core::AlreadyExists(std::move(message));
  if (starts("08") || starts("53") || starts("57P") || sqlstate == "40001" || sqlstate == "40P01" ||
      sqlstate == "55P03") {
    return core::Unavailable("database unavailable: " + message);
  }
  return core::Internal(std::move(message));
}

}  // namespace

core::Error ResultError(const pg_result* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(what) + ": " +
                        (result ? Trimmed(PQresultErrorMessage(result)) : std::string("no result"));
  if (!state) return core::Unavailable("database unavailable: " + message);  // no answer at all
  return Classified(state, std::move(message));
}

class Connection::Cursor final : public store_sql::Cursor {
 public:
  Cursor(Connection* conn, std::string sql, std::string name) : conn_(conn), sql_(std::move(sql)), name_(std::move(name)) {}
  ~Cursor() override { PQclear(result_); }

  void BindInt(int index, std::int64_t value) override { Set(index, std::to_string(value)); }
  void BindDouble(int index, double value) override {
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;  // shortest text that reads back exactly
    Set(index, std::string(buf, end));
  }
  void BindText(int index, std::string_view text) override { Set(index, std::string(text)); }
  void BindBlob(int index, std::string_view bytes) override {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = "\\x";
    for (unsigned char b : bytes) {
      text += kHex[b >> 4];
      text += kHex[b & 15];
    }
    Set(index, std::move(text));
  }
  void BindNull(int index) override {
    Grow(index);
    null_[static_cast<std::size_t>(index - 1)] = true;
  }

  core::Result<bool> Step() override {
    if (!executed_) {
      OG_ASSIGN_OR_RETURN(result_, conn_->Execute(*this));
      executed_ = true;
      row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(result_);
  }
  core::Result<void> Queue() override {
    if (conn_->mode_ == Mode::kPipeline) return conn_->Send(*this);
    return store_sql::Cursor::Queue();
  }
  std::int64_t Int(int col) const override { return std::strtoll(Value(col), nullptr, 10); }
  double Double(int col) const override { return std::strtod(Value(col), nullptr); }
  std::string Text(int col) const override {
    return std::string(Value(col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
  }
  std::string Blob(int col) const override {
    std::size_t n = 0;
    unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(Value(col)), &n);
    if (!bytes) return {};
    std::string out(reinterpret_cast<char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }
  bool IsNull(int col) const override { return PQgetisnull(result_, row_, col) != 0; }
  void Reset() override {
    PQclear(result_);
    result_ = nullptr;
    executed_ = false;
    values_.clear();
    null_.clear();
  }

  // The parameters as libpq takes them (null pointers for NULL).
  std::vector<const char*> Params() const {
    std::vector<const char*> out(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) out[i] = null_[i] ? nullptr : values_[i].c_str();
    return out;
  }

  Connection* conn_;
  std::string sql_;   // with $N placeholders
  std::string name_;  // empty: unnamed, parsed at each execution
  bool prepared_ = false;

 private:
  void Grow(int index) {
    auto n = static_cast<std::size_t>(index);
    if (values_.size() < n) {
      values_.resize(n);
      null_.resize(n, true);
    }
  }
  void Set(int index, std::string value) {
    Grow(index);
    values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    null_[static_cast<std::size_t>(index - 1)] = false;
  }
  const char* Value(int col) const { return PQgetvalue(result_, row_, col); }

  std::vector<std::string> values_;
  std::vector<bool> null_;
  pg_result* result_ = nullptr;
  int row_ = -1;
  bool executed_ = false;
};

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url, Mode mode, const std::string& role) {
  pg_conn* raw = PQconnectdb(url.c_str());
  std::unique_ptr<Connection> conn(new Connection(raw, Mode::kPlain));
  if (!raw || PQstatus(raw) != CONNECTION_OK) {
    return core::Unavailable("cannot connect to PostgreSQL: " + Trimmed(raw ? PQerrorMessage(raw) : "out of memory"));
  }
  PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);  // e.g. "query contains no lexemes"
  // Every commit waits for its WAL flush, whatever the server's default says.
  OG_RETURN_IF_ERROR(conn->Exec("SET synchronous_commit TO on; SET application_name TO 'onegrid " + role + "'"));
  if (mode == Mode::kPipeline) {
    if (PQenterPipelineMode(raw) != 1) return conn->LastError("pipeline mode");
    conn->mode_ = Mode::kPipeline;
  }
  return conn;
}

Connection::Connection(pg_conn* conn, Mode mode) : conn_(conn), mode_(mode) {}

Connection::~Connection() {
  shaped_.clear();
  cache_.clear();
  if (conn_) PQfinish(conn_);
}

bool Connection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

core::Error Connection::LastError(std::string_view what) const {
  return core::Unavailable("database unavailable: " + std::string(what) + ": " + Trimmed(PQerrorMessage(conn_)));
}

std::string Connection::Numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      ch = '$';
    }
    out += ch;
  }
  return out;
}

core::Result<Statement> Connection::Cached(std::map<std::string, std::unique_ptr<Cursor>, std::less<>>& cache,
                                           std::string_view sql, bool bounded) {
  auto it = cache.find(sql);
  if (it == cache.end()) {
    if (bounded && cache.size() >= kShapedCacheSize) {
      for (auto& [text, cursor] : cache) {
        if (!cursor->prepared_) continue;
        std::string deallocate = "DEALLOCATE " + cursor->name_;
        if (mode_ == Mode::kPipeline) {
          OG_RETURN_IF_ERROR(Settle());  // no queued result may point at a cursor about to go
          if (PQsendQueryParams(conn_, deallocate.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
            return LastError("deallocate");
          }
          queued_.push_back(nullptr);
        } else {
          OG_RETURN_IF_ERROR(Exec(deallocate));
        }
      }
      cache.clear();
    }
    auto cursor = std::make_unique<Cursor>(this, Numbered(sql), "og" + std::to_string(++next_name_));
    it = cache.emplace(std::string(sql), std::move(cursor)).first;
  }
  return Statement(it->second.get());
}

core::Result<Statement> Connection::Prepare(const char* sql) { return Cached(cache_, sql, false); }
core::Result<Statement> Connection::PrepareShaped(const std::string& sql) { return Cached(shaped_, sql, true); }
core::Result<Statement> Connection::PrepareOnce(const std::string& sql) {
  return Statement(new Cursor(this, Numbered(sql), ""), /*owned=*/true);
}

core::Result<pg_result*> Connection::Execute(Cursor& cursor) {
  if (mode_ == Mode::kPipeline) {
    // Sent behind what is queued and read with it: one round trip. A queued statement that
    // failed fails this one too (it belongs to the same write, or the write's savepoint).
    OG_RETURN_IF_ERROR(Send(cursor));
    return ReadQueued(/*keep_last=*/true);
  }
  auto params = cursor.Params();
  if (!cursor.name_.empty() && !cursor.prepared_) {
    pg_result* p = PQprepare(conn_, cursor.name_.c_str(), cursor.sql_.c_str(), 0, nullptr);
    if (PQresultStatus(p) != PGRES_COMMAND_OK) {
      core::Error e = ResultError(p, "prepare");
      PQclear(p);
      return e;
    }
    PQclear(p);
    cursor.prepared_ = true;
  }
  pg_result* r = cursor.name_.empty()
                     ? PQexecParams(conn_, cursor.sql_.c_str(), static_cast<int>(params.size()), nullptr,
                                    params.data(), nullptr, nullptr, 0)
                     : PQexecPrepared(conn_, cursor.name_.c_str(), static_cast<int>(params.size()),
                                      params.data(), nullptr, nullptr, 0);
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    core::Error e = ResultError(r, "statement");
    PQclear(r);
    return e;
  }
  changes_ = std::atoll(PQcmdTuples(r));
  return r;
}

core::Result<void> Connection::Send(Cursor& cursor) {
  if (failure_) return *failure_;  // the server skips everything until the sync anyway
  if (!cursor.name_.empty() && !cursor.prepared_) {
    if (PQsendPrepare(conn_, cursor.name_.c_str(), cursor.sql_.c_str(), 0, nullptr) != 1) {
      return LastError("prepare");
    }
    queued_.push_back(&cursor);
    cursor.prepared_ = true;  // until its answer says otherwise
  }
  auto params = cursor.Params();
  int sent = cursor.name_.empty()
                 ? PQsendQueryParams(conn_, cursor.sql_.c_str(), static_cast<int>(params.size()), nullptr,
                                     params.data(), nullptr, nullptr, 0)
                 : PQsendQueryPrepared(conn_, cursor.name_.c_str(), static_cast<int>(params.size()),
                                       params.data(), nullptr, nullptr, 0);
  if (sent != 1) return LastError("send");
  queued_.push_back(nullptr);
  return core::Ok();
}

core::Result<void> Connection::Flush() {
  if (PQflush(conn_) != 0) return LastError("flush");
  return core::Ok();
}

core::Result<pg_result*> Connection::ReadQueued(bool keep_last) {
  if (queued_.empty()) return nullptr;
  if (PQsendFlushRequest(conn_) != 1) return LastError("flush request");
  OG_RETURN_IF_ERROR(Flush());
  pg_result* last = nullptr;
  while (!queued_.empty()) {
    Cursor* preparing = queued_.front();
    queued_.pop_front();
    pg_result* r = PQgetResult(conn_);
    if (!r) {
      if (!failure_) failure_ = LastError("the connection was lost");
      for (auto* cache : {&cache_, &shaped_}) {
        for (auto& [text, cursor] : *cache) cursor->prepared_ = false;
      }
      queued_.clear();
      break;
    }
    auto status = PQresultStatus(r);
    if (status == PGRES_FATAL_ERROR && !failure_) failure_ = ResultError(r, "statement");
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      changes_ = std::atoll(PQcmdTuples(r));
    } else if (preparing) {
      preparing->prepared_ = false;  // failed or skipped: it does not exist on the server
    }
    while (pg_result* end = PQgetResult(conn_)) PQclear(end);  // the null that ends a command
    if (keep_last && queued_.empty()) {
      last = r;
    } else {
      PQclear(r);
    }
  }
  if (failure_) {
    PQclear(last);
    return *failure_;
  }
  return last;
}

core::Result<void> Connection::Settle() {
  if (mode_ != Mode::kPipeline) return core::Ok();
  if (failure_) return *failure_;
  OG_RETURN_IF_ERROR(ReadQueued(/*keep_last=*/false));
  return core::Ok();
}

core::Result<void> Connection::Sync() {
  (void)ReadQueued(/*keep_last=*/false);  // what was sent before the sync, aborted or not
  if (PQpipelineSync(conn_) != 1) return LastError("sync");
  for (;;) {
    pg_result* r = PQgetResult(conn_);
    if (!r) {
      if (Broken()) return LastError("the connection was lost");
      continue;
    }
    auto status = PQresultStatus(r);
    PQclear(r);
    if (status == PGRES_PIPELINE_SYNC) break;
  }
  std::optional<core::Error> failure = std::move(failure_);
  failure_.reset();
  if (failure) return *failure;
  return core::Ok();
}

core::Result<void> Connection::Exec(std::string_view sql) {
  std::string text(sql);
  if (mode_ == Mode::kPipeline) {
    OG_RETURN_IF_ERROR(Settle());
    if (PQsendQueryParams(conn_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
      return LastError("send");
    }
    queued_.push_back(nullptr);
    return Settle();
  }
  pg_result* r = PQexec(conn_, text.c_str());
  auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    core::Error e = ResultError(r, "exec");
    PQclear(r);
    return e;
  }
  PQclear(r);
  return core::Ok();
}

}  // namespace onegrid::store_pg
