// The single writer of a SQLite database, with group commit. Callers on any thread hand it a
// function that performs one logical write on the writer connection; the writer thread runs
// every queued function inside one transaction, each under its own SAVEPOINT, and COMMITs.
// Write() returns after that COMMIT returned (synchronous=FULL: fsync'd), so an acknowledged
// write is durable. A function that fails is rolled back to its savepoint and fails alone; its
// neighbours commit. At low load a batch holds one write, so latency stays one fsync. A batch of
// rerunnable writes only (WriteQueue::Job::rerunnable) runs without SAVEPOINTs; if one of them
// fails after changing rows, the batch rolls back and runs again with a SAVEPOINT each.
//
// A write may Defer() work to the end of its batch: it runs after every write's savepoint is
// released, in the same transaction, before the COMMIT (and is dropped if its write fails). The
// full-text index uses it: FTS5 flushes its pending terms at every SAVEPOINT, so indexing inside
// each write would cut the index into one segment per write.
//
// The WAL is checkpointed off the commit path: SQLite's automatic checkpoint (run inside the
// COMMIT that crosses the threshold) is replaced by a checkpointer thread on its own connection,
// and the writer copies what that left behind between batches once the WAL grows long, so that
// the WAL starts over instead of growing under steady writes.
//
// Thread-safe. Stop() commits what is queued, then refuses further writes with kUnavailable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "store_sql/write_queue.hpp"
#include "store_sqlite/connection.hpp"

namespace onegrid::store_sqlite {

class Writer {
 public:
  struct Options {
    std::size_t max_batch = 512;
    std::size_t max_queue = 20000;
    core::Registry* metrics = nullptr;  // may be null
    // Pages in the WAL that wake the checkpointer (0: SQLite's own automatic checkpoint). A
    // checkpoint copies each page once however often the WAL holds it, so fewer, longer ones copy
    // less; but a long one's sync of the database file holds up the writer's own syncs. Under the
    // intake benchmark, 2026-11-30: 1000 pages 3.4-3.5k cases/s, p99 38-41 ms, the checkpointer
    // 31 us a case; 2000 pages 3.6-4.1k/s, p99 39-51 ms, 21 us; 4000 pages 3.1-3.4k/s (a slower
    // hour), p99 68-88 ms, 15 us.
    int checkpoint_pages = 2000;
    // Opens the checkpointer's connection (required when checkpoint_pages > 0): a writer-mode
    // connection, so that it knows the WAL and checkpoints with synchronous=FULL.
    std::function<core::Result<std::unique_ptr<Connection>>()> open_checkpoint_connection;
    // The writer thread's nice value, when the process may lower it (CAP_SYS_NICE): every
    // durable write waits on this thread, so it should not queue for the CPU behind handlers.
    int nice = -10;
    store_sql::BatchHooks hooks;
  };

  static core::Result<std::unique_ptr<Writer>> Start(std::unique_ptr<Connection> conn,
                                                     Options options);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs fn in the next batch and waits for its COMMIT. fn must not BEGIN/COMMIT itself.
  // `rerunnable`: fn may run again from the start (WriteQueue::Job::rerunnable).
  template <typename T>
  core::Result<T> Write(const std::function<core::Result<T>(Connection&)>& fn, bool rerunnable = false) {
    return store_sql::WriteAndWait<T, Connection>([this](Job job) { return Enqueue(std::move(job)); }, fn,
                                                  rerunnable);
  }

  // On the writer thread, inside a write: runs fn after the batch's last write, before COMMIT.
  // A failing fn fails the whole batch (every write in it is reported kUnavailable).
  void Defer(std::function<core::Result<void>(Connection&)> fn);

  using Queue = store_sql::WriteQueue<Connection>;
  using Job = Queue::Job;
  // Queues a write: run() in the next batch, done() after its COMMIT (or its failure).
  core::Result<void> Enqueue(Job job) { return queue_.Enqueue(std::move(job)); }

  void Stop();
  bool running() const { return queue_.running(); }
  std::size_t queue_depth() const { return queue_.depth(); }

 private:
  Writer(std::unique_ptr<Connection> conn, Options options);
  void Loop();
  void Run();  // the loop's body, inside its firewall
  void RunBatch(Queue::Batch& batch);
  core::Result<void> RunJobs(Queue::Batch& batch);
  // Runs a batch of rerunnable writes in one transaction without a SAVEPOINT each and commits
  // it; false (rolled back by the caller) when a write failed after changing rows.
  core::Result<bool> RunWithoutSavepoints(Queue::Batch& batch);
  core::Result<void> Begin();   // the batch's hooks, BEGIN IMMEDIATE
  core::Result<void> Commit();  // its deferred work, hooks and COMMIT
  void CheckpointLoop(std::unique_ptr<Connection> conn);
  void Checkpoints(Connection& conn);  // CheckpointLoop's body, inside its firewall
  void CatchUpCheckpoint();
  void WakeCheckpointer();  // it checkpoints once more, now or after the one running
  static int OnWalCommit(void* self, struct sqlite3* db, const char* name, int pages);

  std::unique_ptr<Connection> conn_;
  Options options_;
  Queue queue_;
  core::Histogram* checkpoint_latency_ = nullptr;
  core::Counter* failed_checkpoints_ = nullptr;
  core::Gauge* nice_ = nullptr;
  std::thread thread_;
  std::thread::id writer_thread_id_;
  std::vector<std::function<core::Result<void>(Connection&)>> job_deferred_, batch_deferred_;
  // Checkpointer: woken by the WAL hook when the log holds checkpoint_pages or more.
  std::mutex ckpt_mu_;
  std::condition_variable ckpt_cv_;
  bool ckpt_wanted_ = false;
  // Writer thread only: the WAL's length after the last commit, when the checkpointer was last
  // woken, and when the writer catches up itself.
  int wal_pages_ = 0;
  int wal_pages_at_wake_ = 0;
  int catch_up_at_pages_ = 0;
  bool ckpt_stopping_ = false;
  std::mutex ckpt_running_;  // held while a checkpoint runs (one at a time)
  std::atomic<std::uint64_t> ckpt_finished_{0};  // background checkpoints ended
  std::uint64_t ckpt_finished_seen_ = 0;          // writer thread: at its last catch-up
  std::thread ckpt_thread_;
};

}  // namespace onegrid::store_sqlite
