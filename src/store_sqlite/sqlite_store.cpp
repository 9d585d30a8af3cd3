#include "store_sqlite/sqlite_store.hpp"

#include "store_sqlite/file_media_store.hpp"
#include "store_sqlite/repositories.hpp"

namespace onegrid::store_sqlite {

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const Options& options,
                                                             const core::Clock& clock) {
  std::unique_ptr<SqliteStore> s(new SqliteStore(options));
  OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options.path, Connection::Mode::kWriter));
  OG_ASSIGN_OR_RETURN(s->migration_report_, Migrate(*conn, clock.Now()));
  OG_ASSIGN_OR_RETURN(
      s->writer_,
      Writer::Start(std::move(conn),
                    {.metrics = options.metrics,
                     .open_checkpoint_connection = [path = options.path] {
                       return Connection::Open(path, Connection::Mode::kWriter);
                     }}));
  s->users_ = MakeUserRepository(*s);
  s->sessions_ = MakeSessionRepository(*s);
  s->areas_ = MakeAreaRepository(*s);
  s->cases_ = MakeCaseRepository(*s);
  s->sla_ = MakeRuleVersionRepository(*s, "sla");
  s->routing_ = MakeRuleVersionRepository(*s, "routing");
  s->calendar_ = MakeCalendarRepository(*s);
  s->inbox_ = MakeInboxRepository(*s);
  s->units_ = MakeUnitRepository(*s);
  s->media_ = MakeFileMediaStore(options.path + ".media");
  return s;
}

SqliteStore::~SqliteStore() { Close(); }

void SqliteStore::Close() {
  if (writer_) writer_->Stop();
}

core::Result<std::unique_ptr<Connection>> SqliteStore::Borrow() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [&] { return !idle_.empty() || open_readers_ < options_.max_readers; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  ++open_readers_;
  lock.unlock();
  auto conn = Connection::Open(options_.path, Connection::Mode::kReader);
  if (!conn) {
    std::lock_guard relock(pool_mu_);
    --open_readers_;
    pool_cv_.notify_one();
  }
  return conn;
}

void SqliteStore::Return(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(pool_mu_);
    idle_.push_back(std::move(conn));
  }
  pool_cv_.notify_one();
}

core::Result<void> SqliteStore::Ping() {
  if (!writer_->running()) return core::Unavailable("the database is shutting down");
  auto r = Read<bool>([](Connection& c) -> core::Result<bool> {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT COUNT(*) FROM schema_migrations"));
    return st.Step();
  });
  if (!r) return core::Unavailable("the database does not answer: " + r.error().message);
  return core::Ok();
}

}  // namespace onegrid::store_sqlite
