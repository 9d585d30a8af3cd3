#include "store_sqlite/writer.hpp"

#include <chrono>

namespace onegrid::store_sqlite {

std::unique_ptr<Writer> Writer::Start(std::unique_ptr<Connection> conn, Options options) {
  std::unique_ptr<Writer> w(new Writer(std::move(conn), options));
  w->thread_ = std::thread([raw = w.get()] { raw->Loop(); });
  return w;
}

Writer::Writer(std::unique_ptr<Connection> conn, Options options)
    : conn_(std::move(conn)), options_(options) {
  if (options_.metrics != nullptr) {
    auto* m = options_.metrics;
    depth_ = m->GetGauge("onegrid_writer_queue_depth", "writes waiting for the writer thread");
    batch_size_ = m->GetHistogram("onegrid_writer_batch_size", "writes committed per transaction",
                                  {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
    commit_latency_ = m->GetHistogram("onegrid_writer_commit_seconds",
                                      "time from BEGIN to durable COMMIT of one batch",
                                      core::LatencyBuckets());
    failed_commits_ = m->GetCounter("onegrid_writer_failed_commits_total",
                                    "batches whose COMMIT failed (every write in them failed)");
  }
}

Writer::~Writer() { Stop(); }

void Writer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Writer::running() const {
  std::lock_guard lock(mu_);
  return !stopping_;
}

std::size_t Writer::queue_depth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

core::Result<void> Writer::Enqueue(Job job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return core::Unavailable("the database is shutting down");
    if (queue_.size() >= options_.max_queue) {
      return core::Unavailable("the database write queue is full; retry later");
    }
    queue_.push_back(std::move(job));
    if (depth_) depth_->Set(static_cast<double>(queue_.size()));
  }
  cv_.notify_one();
  return core::Ok();
}

void Writer::Loop() {
  for (;;) {
    std::deque<Job> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (depth_) depth_->Set(static_cast<double>(queue_.size()));
    }
    RunBatch(batch);
  }
}

void Writer::RunBatch(std::deque<Job>& batch) {
  auto start = std::chrono::steady_clock::now();
  std::optional<core::Error> batch_error;
  if (auto r = conn_->Exec("BEGIN IMMEDIATE"); !r) batch_error = r.error();
  if (!batch_error) {
    for (auto& job : batch) {
      if (auto r = conn_->Exec("SAVEPOINT w"); !r) {
        batch_error = r.error();
        break;
      }
      bool ok = job.run(*conn_);
      auto r = ok ? conn_->Exec("RELEASE w") : conn_->Exec("ROLLBACK TO w; RELEASE w");
      if (!r) {
        batch_error = r.error();
        break;
      }
    }
  }
  if (!batch_error) {
    if (auto r = conn_->Exec("COMMIT"); !r) batch_error = r.error();
  }
  if (batch_error) {
    (void)conn_->Exec("ROLLBACK");
    if (failed_commits_) failed_commits_->Add();
    batch_error->message = "write not committed: " + batch_error->message;
    if (batch_error->code != core::ErrorCode::kUnavailable) {
      batch_error->code = core::ErrorCode::kUnavailable;
    }
  }
  if (batch_size_) batch_size_->Observe(static_cast<double>(batch.size()));
  if (commit_latency_) {
    commit_latency_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  for (auto& job : batch) job.done(batch_error);
}

}  // namespace onegrid::store_sqlite
