// A store::Store over a SQL database, the same for every backend: the repositories are written
// once against store_sql::Connection, and a backend (SqliteStore, PgStore) supplies the writer
// (every write runs on it, in a transaction of its batch, and returns once that is durable),
// reader connections, and its Dialect. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/firewall.hpp"
#include "store/store.hpp"
#include "store_sql/migrations.hpp"
#include "store_sql/feed.hpp"
#include "store_sql/rollups.hpp"
#include "store_sql/sql.hpp"
#include "store_sql/write_queue.hpp"

namespace onegrid::store_sql {

// What differs between the SQL of two backends, as fragments the repositories splice in.
class Dialect {
 public:
  virtual ~Dialect() = default;
  // A query with one row, one column: the id of the next case (inside the write).
  virtual const char* NextCaseId() const = 0;
  // Where one statement can do both: the day's next case number for district ?1 and day ?2
  // (as kNextNumber in case_repository.cpp) and the next case id, as one row (number, id); null
  // where it takes two. (One round trip fewer on a networked database.)
  virtual const char* NumberAndId() const { return nullptr; }
  // Appended to the SELECT of a case loaded to be changed: locks its row until the commit.
  virtual const char* LockRow() const = 0;
  // The FROM of the open-cases-near-a-place query (an index hint where the planner needs one).
  virtual const char* OpenNearFrom() const = 0;
  // Full-text search: the FROM … WHERE that joins `cases` to the rows matching ?1 (alias s,
  // key column SearchKey(), which is the case id), and the value to bind to ?1 for `text`.
  virtual std::string SearchFrom(const std::string& text) const = 0;
  virtual std::string SearchValue(const std::string& text) const = 0;
  virtual const char* SearchKey() const = 0;
};

class Database : public store::Store {
 public:
  ~Database() override;

  // Runs fn on the writer, in the transaction of its batch; returns after the commit is
  // durable. A failing fn changes nothing and fails alone. fn must not BEGIN or COMMIT.
  // `rerunnable`: fn may run again from the start in the same batch (WriteQueue::Job).
  template <typename T>
  core::Result<T> Write(const std::function<core::Result<T>(Connection&)>& fn, bool rerunnable = false) {
    // What fn queued without waiting (Cursor::Queue) is part of it: it succeeds once that did.
    // Its rollup deltas join the batch's only if it succeeded.
    std::function<core::Result<T>(Connection&)> settled = [&](Connection& c) -> core::Result<T> {
      rollups_batch_.WriteBegan();
      feed_batch_.WriteBegan();
      // A throw fails this write alone, and its rollup and feed shares with it (firewall.hpp).
      std::optional<core::Result<T>> ran;
      auto guarded = core::RunGuarded("writer", [&] { ran.emplace(fn(c)); });
      core::Result<T> result = guarded ? std::move(*ran) : core::Result<T>(guarded.error());
      if (result.has_value()) {
        if (auto settle = c.Settle(); !settle) result = settle.error();
      }
      rollups_batch_.WriteEnded(result.has_value());
      feed_batch_.WriteEnded(result.has_value());
      return result;
    };
    return WriteAndWait<T, Connection>([this](WriteJob job) { return Submit(std::move(job)); }, settled,
                                       rerunnable);
  }

  // Runs fn on a pooled reader connection.
  template <typename T>
  core::Result<T> Read(const std::function<core::Result<T>(Connection&)>& fn) {
    OG_ASSIGN_OR_RETURN(auto conn, Borrow());
    auto result = fn(*conn);
    Return(std::move(conn));
    return result;
  }

  // Inside a write: announces the change to every subscriber once the write is committed
  // (and to none if it is not).
  virtual core::Result<void> Publish(Connection& c, const store::Change& change) = 0;
  std::int64_t Subscribe(std::function<void(const store::Change&)> fn) override;
  void Unsubscribe(std::int64_t subscription) override;

  // kUnavailable unless the writer takes writes and a reader connection answers.
  core::Result<void> Ping() override;

  virtual const Dialect& dialect() const = 0;
  // What Open() found and applied.
  const MigrationReport& migration_report() const { return migration_report_; }
  // Inside a write: indexes the case's search text (`unigrams`: cases::Unigrams of `text`).
  virtual core::Result<void> IndexSearch(Connection& c, std::int64_t case_id, const std::string& text,
                                         const std::string& unigrams) = 0;

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
  store::RollupRepository& rollups() override { return *rollups_; }
  store::FeedRepository& feed() override { return *feed_; }
  store::RuleVersionRepository& schemes() override { return *schemes_; }

  // Inside a write, on the writer thread: the rollups' share of it (rollups.hpp), applied with
  // the batch it commits in, or dropped when it fails.
  Rollups& batch_rollups() { return rollups_batch_; }
  // Likewise the events it appends, numbered in the feed at the batch's commit (feed.hpp).
  FeedBatch& batch_feed() { return feed_batch_; }

 protected:
  MigrationReport migration_report_;
  using WriteJob = WriteQueue<Connection>::Job;
  explicit Database(std::size_t max_readers) : max_readers_(max_readers) {}
  // Builds the repositories; the backend calls it once it can read and write.
  void MakeRepositories(std::unique_ptr<store::MediaStore> media);
  // Queues the job for the writer; kUnavailable when it stopped or its queue is full.
  virtual core::Result<void> Submit(WriteJob job) = 0;
  virtual bool Writing() const = 0;  // the writer takes writes (not stopped)
  virtual core::Result<std::unique_ptr<Connection>> OpenReader() = 0;
  // The writer's hooks: a batch starts (or starts again), and its writes are done but for the
  // COMMIT (the rollups are applied there, summed and in key order; then the feed numbers are
  // taken, last, so that their row lock is held for the shortest time).
  BatchHooks Hooks() {
    return {.began =
                [this] {
                  rollups_batch_.BatchBegan();
                  feed_batch_.BatchBegan();
                },
            .before_commit =
                [this](Connection& c) -> core::Result<void> {
                  OG_RETURN_IF_ERROR(rollups_batch_.Flush(c));
                  return feed_batch_.Flush(c);
                }};
  }
  // Drops the idle reader connections (when closing).
  void CloseReaders();
  // Hands the change to every subscriber.
  void Deliver(const store::Change& change);

 private:
  core::Result<std::unique_ptr<Connection>> Borrow();
  void Return(std::unique_ptr<Connection> conn);

  std::size_t max_readers_;
  std::unique_ptr<store::UserRepository> users_;
  std::unique_ptr<store::SessionRepository> sessions_;
  std::unique_ptr<store::AreaRepository> areas_;
  std::unique_ptr<store::CaseRepository> cases_;
  std::unique_ptr<store::MediaStore> media_;
  std::unique_ptr<store::RuleVersionRepository> sla_, routing_, schemes_;
  std::unique_ptr<store::RollupRepository> rollups_;
  Rollups rollups_batch_;
  std::unique_ptr<store::FeedRepository> feed_;
  FeedBatch feed_batch_;
  std::unique_ptr<store::CalendarRepository> calendar_;
  std::unique_ptr<store::InboxRepository> inbox_;
  std::unique_ptr<store::UnitRepository> units_;
  std::mutex subscribers_mu_;
  std::vector<std::pair<std::int64_t, std::shared_ptr<std::function<void(const store::Change&)>>>> subscribers_;
  std::int64_t next_subscription_ = 0;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_readers_ = 0;
};

}  // namespace onegrid::store_sql
