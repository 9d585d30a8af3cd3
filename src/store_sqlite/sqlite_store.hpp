// The embedded SQLite backend of store::Store. One file in WAL mode: a Writer thread owns the
// only writing connection (group commit), and readers borrow connections from a small pool, so
// queries run in parallel with writes. Open() applies pending migrations first. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "store/store.hpp"
#include "store_sqlite/connection.hpp"
#include "store_sqlite/migrations.hpp"
#include "store_sqlite/writer.hpp"

namespace onegrid::store_sqlite {

class SqliteStore final : public store::Store {
 public:
  struct Options {
    std::string path;
    std::size_t max_readers = 8;
    core::Registry* metrics = nullptr;
  };
  static core::Result<std::unique_ptr<SqliteStore>> Open(const Options& options,
                                                         const core::Clock& clock);
  ~SqliteStore() override;

  store::UserRepository& users() override { return *users_; }
  store::SessionRepository& sessions() override { return *sessions_; }
  store::AreaRepository& areas() override { return *areas_; }
  store::CaseRepository& cases() override { return *cases_; }
  store::MediaStore& media() override { return *media_; }
  store::RuleVersionRepository& sla() override { return *sla_; }
  store::RuleVersionRepository& routing() override { return *routing_; }
  store::CalendarRepository& calendar() override { return *calendar_; }
  store::InboxRepository& inbox() override { return *inbox_; }
  store::UnitRepository& units() override { return *units_; }
  core::Result<void> Ping() override;
  void Close() override;

  const MigrationReport& migration_report() const { return migration_report_; }
  Writer& writer() { return *writer_; }

  // Runs fn on a pooled reader connection.
  template <typename T>
  core::Result<T> Read(const std::function<core::Result<T>(Connection&)>& fn) {
    OG_ASSIGN_OR_RETURN(auto conn, Borrow());
    auto result = fn(*conn);
    Return(std::move(conn));
    return result;
  }

 private:
  explicit SqliteStore(Options options) : options_(std::move(options)) {}
  core::Result<std::unique_ptr<Connection>> Borrow();
  void Return(std::unique_ptr<Connection> conn);

  Options options_;
  MigrationReport migration_report_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<store::UserRepository> users_;
  std::unique_ptr<store::SessionRepository> sessions_;
  std::unique_ptr<store::AreaRepository> areas_;
  std::unique_ptr<store::CaseRepository> cases_;
  std::unique_ptr<store::MediaStore> media_;
  std::unique_ptr<store::RuleVersionRepository> sla_, routing_;
  std::unique_ptr<store::CalendarRepository> calendar_;
  std::unique_ptr<store::InboxRepository> inbox_;
  std::unique_ptr<store::UnitRepository> units_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_readers_ = 0;
};

}  // namespace onegrid::store_sqlite
