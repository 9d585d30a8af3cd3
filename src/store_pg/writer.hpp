// The writer of a PostgreSQL database, with group commit over one connection in pipeline mode.
// Callers on any thread queue a write (a function over the connection); the writer thread runs
// every queued write inside one transaction, each under its own SAVEPOINT, sending statements
// without waiting for them where the write does not need their results, and COMMITs with a
// pipeline sync. A write's caller hears back after that sync answered, so an acknowledged write
// is durable (synchronous_commit=on). A write that fails is rolled back to its savepoint and fails
// alone. A connection lost before the batch's COMMIT was sent is opened again and the batch run
// again once; lost after, the batch's writes fail as unavailable (their outcome is unknown). Thread-safe. Stop() commits what is queued, then refuses further writes.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <thread>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "store_pg/connection.hpp"
#include "store_sql/write_queue.hpp"

namespace onegrid::store_pg {

class Writer {
 public:
  struct Options {
    std::size_t max_batch = 512;
    std::size_t max_queue = 20000;
    core::Registry* metrics = nullptr;  // may be null
    store_sql::BatchHooks hooks;
  };
  using Open = std::function<core::Result<std::unique_ptr<Connection>>()>;
  using Queue = store_sql::WriteQueue<Connection>;
  using Job = Queue::Job;

  // Opens the first connection now (an error if the database does not answer).
  static core::Result<std::unique_ptr<Writer>> Start(Open open, Options options);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  core::Result<void> Enqueue(Job job) { return queue_.Enqueue(std::move(job)); }
  void Stop();
  bool running() const { return queue_.running(); }

 private:
  Writer(Open open, Options options);
  void Loop();
  void RunBatch(Queue::Batch& batch);
  // `commit_sent`: set once the COMMIT left (from then on a lost connection leaves the outcome
  // unknown).
  core::Result<void> RunJobs(Queue::Batch& batch, bool& commit_sent);

  Open open_;
  store_sql::BatchHooks hooks_;
  Queue queue_;
  std::unique_ptr<Connection> conn_;  // writer thread only; null after it was lost
  std::thread thread_;
};

}  // namespace onegrid::store_pg
