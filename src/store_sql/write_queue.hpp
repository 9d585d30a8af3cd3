// The queue in front of a backend's writer thread, the same for every backend: callers on any
// thread queue a write (run on the writer's connection, then told the outcome of its batch); the
// writer takes a batch (a backend's writer may let writes that arrive while it runs join it, up
// to max_batch), and reports each batch. Also keeps the
// writer's metrics (queue depth, batch size, time to a durable COMMIT, failed COMMITs).
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>

#include "core/firewall.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

// What a writer tells its Database about each batch (Database::BatchBegan, BeforeCommit): that
// it starts (or starts again on a new connection), and that its writes are done but for the
// COMMIT. A failing before_commit fails the batch. Both run on the writer thread.
struct BatchHooks {
  std::function<void()> began;
  std::function<core::Result<void>(Connection&)> before_commit;
};

template <typename Conn>
class WriteQueue {
 public:
  struct Job {
    std::function<bool(Conn&)> run;  // true when the write succeeded
    std::function<void(const std::optional<core::Error>&)> done;  // after its batch ended
    // run() may run again from the start after its whole batch rolled back: it reads and writes
    // only through the connection and the batch's hooks, and keeps nothing of a run but its
    // result. (The SQLite writer then runs it without a SAVEPOINT of its own.)
    bool rerunnable = false;
  };
  using Batch = std::deque<Job>;

  WriteQueue(std::size_t max_batch, std::size_t max_queue, core::Registry* metrics)
      : max_batch_(max_batch), max_queue_(max_queue) {
    if (metrics == nullptr) return;
    depth_ = metrics->GetGauge("onegrid_writer_queue_depth", "writes waiting for the writer thread");
    batch_size_ = metrics->GetHistogram("onegrid_writer_batch_size", "writes committed per transaction",
                                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
    commit_latency_ = metrics->GetHistogram("onegrid_writer_commit_seconds",
                                            "time from BEGIN to durable COMMIT of one batch", core::LatencyBuckets());
    failed_commits_ = metrics->GetCounter("onegrid_writer_failed_commits_total",
                                          "batches whose COMMIT failed (every write in them failed)");
  }

  // kUnavailable once stopped or when the queue is full.
  core::Result<void> Enqueue(Job job) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return core::Unavailable("the database is shutting down");
      if (queue_.size() >= max_queue_) return core::Unavailable("the database write queue is full; retry later");
      queue_.push_back(std::move(job));
      if (depth_) depth_->Set(static_cast<double>(queue_.size()));
    }
    cv_.notify_one();
    return core::Ok();
  }

  // The writer thread: waits for the next batch; false once stopped and drained.
  bool Next(Batch& batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    MoveInto(batch);
    return true;
  }
  // The writer thread, before the batch's last write: writes that arrived meanwhile join it.
  void Join(Batch& batch) {
    if (batch.size() >= max_batch_) return;
    std::lock_guard lock(mu_);
    MoveInto(batch);
  }
  // The writer thread, after the batch's COMMIT (or its failure): tells every write.
  void Finish(Batch& batch, const std::optional<core::Error>& error, std::chrono::steady_clock::time_point start) {
    if (error && failed_commits_) failed_commits_->Add();
    if (batch_size_) batch_size_->Observe(static_cast<double>(batch.size()));
    if (commit_latency_) {
      commit_latency_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    for (auto& job : batch) job.done(error);
  }

  // Runs one write on the writer's connection: its outcome, false when it threw (logged with the
  // stack where; the writer goes on, the write fails alone as any failed write does).
  static bool Run(Job& job, Conn& conn) {
    bool ok = false;
    auto guarded = core::RunGuarded("writer", [&] { ok = job.run(conn); });
    return guarded.has_value() && ok;
  }

  // Refuses new writes; Next() drains what is queued, then returns false.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
  }
  bool running() const {
    std::lock_guard lock(mu_);
    return !stopping_;
  }
  std::size_t depth() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }

 private:
  void MoveInto(Batch& batch) {  // mu_ held
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    if (depth_) depth_->Set(static_cast<double>(queue_.size()));
  }

  std::size_t max_batch_, max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  Batch queue_;
  bool stopping_ = false;
  core::Gauge* depth_ = nullptr;
  core::Histogram* batch_size_ = nullptr;
  core::Histogram* commit_latency_ = nullptr;
  core::Counter* failed_commits_ = nullptr;
};

// Queues `fn` as one write through `enqueue` (which takes a WriteQueue<Conn>::Job) and waits
// for the end of its batch: fn's own result, or the batch's error when the COMMIT failed.
// `rerunnable`: Job::rerunnable.
template <typename T, typename Conn, typename Enqueue>
core::Result<T> WriteAndWait(Enqueue&& enqueue, const std::function<core::Result<T>(Conn&)>& fn,
                             bool rerunnable = false) {
  std::optional<core::Result<T>> result;
  std::promise<void> finished;
  typename WriteQueue<Conn>::Job job;
  job.rerunnable = rerunnable;
  job.run = [&](Conn& c) {
    result.reset();  // a rerun starts over
    result.emplace(fn(c));
    return result->has_value();
  };
  job.done = [&](const std::optional<core::Error>& batch_error) {
    if (batch_error) {
      result.emplace(*batch_error);
    } else if (!result) {  // fn threw (WriteQueue::Run logged it)
      result.emplace(core::Internal("internal error in the writer; the write was not made"));
    }
    finished.set_value();
  };
  auto future = finished.get_future();
  OG_RETURN_IF_ERROR(enqueue(std::move(job)));
  future.wait();
  return std::move(*result);
}

}  // namespace onegrid::store_sql
