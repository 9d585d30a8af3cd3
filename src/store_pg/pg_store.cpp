#include "store_pg/pg_store.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <random>
#include <sstream>

#include "cases/search_text.hpp"
#include "core/firewall.hpp"
#include "store_sql/file_media_store.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& pg_migrations();
}  // namespace onegrid::embedded

namespace onegrid::store_pg {
namespace {

// Advisory lock keys (one 64-bit space per database): migrating, and leading the timers.
// The second key is the schema's (hashtext(current_schema())).
constexpr int kMigrationLock = 7100001;
constexpr int kTimerLock = 7100002;
constexpr const char* kSchemaKey = "SELECT hashtext(coalesce(current_schema(), '')), "
                                   "'onegrid_' || substr(md5(coalesce(current_schema(), '')), 1, 12)";
constexpr const char* kNotify = "SELECT pg_notify(?1, ?2)";

// Every character is a token of its own (sql/0004_case_search.sql), so any query, one character
// or twenty, is a phrase of adjacent characters.
class PgDialect final : public store_sql::Dialect {
 public:
  const char* NextCaseId() const override { return "SELECT nextval('cases_id_seq')"; }
  const char* NumberAndId() const override {
    return "WITH n AS (INSERT INTO case_numbers (district, day, last) VALUES (?1, ?2, 1) "
           "ON CONFLICT (district, day) DO UPDATE SET last = case_numbers.last + 1 RETURNING last) "
           "SELECT last, nextval('cases_id_seq') FROM n";
  }
  const char* LockRow() const override { return " FOR UPDATE"; }
  const char* OpenNearFrom() const override { return "cases"; }
  std::string SearchFrom(const std::string& /*text*/) const override {
    return "case_search AS s JOIN cases ON cases.id = s.case_id WHERE s.grams @@ phraseto_tsquery('simple', ?1)";
  }
  std::string SearchValue(const std::string& text) const override { return cases::Unigrams(text); }
  const char* SearchKey() const override { return "s.case_id"; }
};

constexpr const char* kIndex = "INSERT INTO case_search (case_id, grams) VALUES (?1, to_tsvector('simple', ?2))";

}  // namespace

bool PgStore::IsUrl(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

int PgStore::LatestSchemaVersion() { return store_sql::LatestSchemaVersion(embedded::pg_migrations()); }

core::Result<std::unique_ptr<PgStore>> PgStore::Open(const Options& options, const core::Clock& clock) {
  std::unique_ptr<PgStore> s(new PgStore(options));
  {
    OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options.url, Connection::Mode::kPlain, "migrations"));
    {
      OG_ASSIGN_OR_RETURN(auto st, conn->Prepare(kSchemaKey));
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return core::Internal("no schema key");
      s->schema_key_ = st.Int(0);
    s->try_lead_sql_ = "SELECT pg_try_advisory_lock(" + std::to_string(kTimerLock) + ", " +
                       std::to_string(s->schema_key_) + ")";
      s->channel_ = st.Text(1);
    }
    std::string key = std::to_string(kMigrationLock) + ", " + std::to_string(s->schema_key_);
    OG_RETURN_IF_ERROR(conn->Exec("SELECT pg_advisory_lock(" + key + ")"));
    auto report = store_sql::Migrate(*conn, embedded::pg_migrations(), "BEGIN", clock.Now());
    (void)conn->Exec("SELECT pg_advisory_unlock(" + key + ")");
    OG_ASSIGN_OR_RETURN(s->migration_report_, std::move(report));
  }
  s->origin_ = std::to_string(std::random_device{}()) + std::to_string(std::random_device{}());
  std::string url = options.url;
  OG_ASSIGN_OR_RETURN(s->writer_, Writer::Start([url, tag = s->Tag()] { return Connection::Open(url, Connection::Mode::kPipeline, "writer " + tag); },
                                                {.metrics = options.metrics, .hooks = s->Hooks()}));
  s->MakeRepositories(store_sql::MakeFileMediaStore(options.media_dir));
  OG_ASSIGN_OR_RETURN(auto listening, s->StartListening());
  s->listener_ = std::thread([raw = s.get(), c = std::move(listening)]() mutable { raw->Listen(std::move(c)); });
  return s;
}

PgStore::~PgStore() { Close(); }

void PgStore::Close() {
  if (writer_) writer_->Stop();
  stopping_ = true;
  if (listener_.joinable()) listener_.join();
  CloseReaders();
  std::lock_guard lock(leader_mu_);
  // Handed back before the session ends (a session's end releases its locks only once its
  // backend has exited, a moment later): the next server to ask takes it at once.
  if (timers_ && leading_) (void)timers_->Exec("SELECT pg_advisory_unlock_all()");
  timers_.reset();
  leading_ = false;
}

const store_sql::Dialect& PgStore::dialect() const {
  static const PgDialect dialect;
  return dialect;
}

core::Result<void> PgStore::Submit(WriteJob job) {
  return writer_->Enqueue({.run = [run = std::move(job.run)](Connection& c) { return run(c); },
                           .done = std::move(job.done)});
}

core::Result<std::unique_ptr<store_sql::Connection>> PgStore::OpenReader() {
  OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.url, Connection::Mode::kPlain, "reader " + Tag()));
  return std::unique_ptr<store_sql::Connection>(std::move(conn));
}

core::Result<void> PgStore::IndexSearch(store_sql::Connection& c, std::int64_t case_id, const std::string& /*text*/,
                                        const std::string& unigrams) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kIndex));
  st.Bind(1, case_id).Bind(2, unigrams);
  return st.Queue();
}

core::Result<bool> PgStore::LeadTimers() {
  std::lock_guard lock(leader_mu_);
  if (!writer_->running()) return false;
  if (timers_ && timers_->Broken()) {
    if (leading_) spdlog::warn("timers: the session that held the timer lock is gone");
    timers_.reset();
    leading_ = false;  // the lock went with the session: it is free for any server
  }
  if (!timers_) {
    OG_ASSIGN_OR_RETURN(timers_, Connection::Open(options_.url, Connection::Mode::kPlain, "timers " + Tag()));
  }
  // The leader checks that its session lives (the lock lives with it); the others try to take it.
  // One connection for every tick, whether this server leads or waits.
  core::Result<bool> answer = core::Internal("no answer");
  {
    auto st = timers_->Prepare(leading_ ? "SELECT true" : try_lead_sql_.c_str());
    if (!st) return std::move(st).error();
    auto row = st->Step();
    answer = row ? core::Result<bool>(*row && st->Text(0) == "t") : core::Result<bool>(std::move(row).error());
  }
  if (!answer) {
    // The session is gone or failing (a restarted database, a terminated backend): whatever lock
    // it held went with it. The next tick opens a new session and tries again.
    spdlog::warn("timers: the timer lock's session failed ({}){}", answer.error().message,
                 leading_ ? "; this server no longer runs the timers" : "");
    timers_.reset();
    leading_ = false;
    return false;
  }
  leading_ = *answer;
  return leading_;
}

core::Result<void> PgStore::Publish(store_sql::Connection& c, const store::Change& change) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kNotify));
  st.Bind(1, channel_).Bind(2, change.topic + " " + std::to_string(change.id) + " " + std::to_string(change.version) +
                                   " " + origin_);
  return st.Queue();  // delivered at the commit, to every listener, in commit order
}

core::Result<std::unique_ptr<Connection>> PgStore::StartListening() {
  OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.url, Connection::Mode::kPlain, "listener " + Tag()));
  OG_RETURN_IF_ERROR(conn->Exec("LISTEN " + channel_));
  return conn;
}

void PgStore::Listen(std::unique_ptr<Connection> conn) {
  pthread_setname_np(pthread_self(), "og-listener");
  core::RunThreadGuarded("listener", [&] { ListenUntilStopped(conn); });
}

void PgStore::ListenUntilStopped(std::unique_ptr<Connection>& conn) {
  while (!stopping_) {
    if (!conn) {
      auto again = StartListening();
      if (!again) {
        spdlog::warn("changes: cannot listen ({}); trying again", again.error().message);
        for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      conn = std::move(*again);
      Deliver({.topic = "resync"});  // what was committed while nobody listened is unknown
    }
    pg_conn* raw = conn->raw();
    while (!stopping_ && !conn->Broken()) {
      pollfd fd{.fd = PQsocket(raw), .events = POLLIN, .revents = 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      if (PQconsumeInput(raw) != 1) break;
      while (PGnotify* n = PQnotifies(raw)) {
        std::istringstream in(n->extra);
        store::Change change;
        std::string origin;
        in >> change.topic >> change.id >> change.version >> origin;
        change.here = origin == origin_;
        PQfreemem(n);
        Deliver(change);
      }
    }
    if (!stopping_) spdlog::warn("changes: the listening connection was lost; listening again");
    conn.reset();
  }
}

bool PgStore::Writing() const { return writer_ && writer_->running(); }

}  // namespace onegrid::store_pg
