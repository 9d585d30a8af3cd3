#include "store_pg/writer.hpp"

#include <chrono>

namespace onegrid::store_pg {

core::Result<std::unique_ptr<Writer>> Writer::Start(Open open, Options options) {
  std::unique_ptr<Writer> w(new Writer(std::move(open), options));
  OG_ASSIGN_OR_RETURN(w->conn_, w->open_());
  w->thread_ = std::thread([raw = w.get()] { raw->Loop(); });
  return w;
}

Writer::Writer(Open open, Options options) : open_(std::move(open)), options_(options) {
  if (options_.metrics != nullptr) {
    auto* m = options_.metrics;
    depth_ = m->GetGauge("onegrid_writer_queue_depth", "writes waiting for the writer thread");
    batch_size_ = m->GetHistogram("onegrid_writer_batch_size", "writes committed per transaction",
                                  {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
    commit_latency_ = m->GetHistogram("onegrid_writer_commit_seconds",
                                      "time from BEGIN to durable COMMIT of one batch", core::LatencyBuckets());
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

core::Result<void> Writer::Enqueue(Job job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return core::Unavailable("the database is shutting down");
    if (queue_.size() >= options_.max_queue) return core::Unavailable("the database write queue is full; retry later");
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

core::Result<void> Writer::RunJobs(std::deque<Job>& batch) {
  if (!conn_ || conn_->Broken()) {
    conn_.reset();
    OG_ASSIGN_OR_RETURN(conn_, open_());
  }
  Connection& c = *conn_;
  {
    OG_ASSIGN_OR_RETURN(auto begin, c.Prepare("BEGIN"));
    OG_RETURN_IF_ERROR(begin.Queue());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& job = batch[i];
    // Writes that arrive while the batch runs join it (up to max_batch), as in SQLite's writer.
    if (i + 1 == batch.size() && batch.size() < options_.max_batch) {
      std::lock_guard lock(mu_);
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    OG_ASSIGN_OR_RETURN(auto savepoint, c.Prepare("SAVEPOINT w"));
    OG_RETURN_IF_ERROR(savepoint.Queue());
    if (!job.run(c)) {
      // A statement of it failed (the server now skips until a sync) or it decided to refuse.
      (void)c.Settle();
      if (c.failed()) (void)c.Recover();
      if (c.Broken()) return core::Unavailable("the connection to PostgreSQL was lost");
      OG_ASSIGN_OR_RETURN(auto rollback, c.Prepare("ROLLBACK TO SAVEPOINT w"));
      OG_RETURN_IF_ERROR(rollback.Run());
    }
    OG_ASSIGN_OR_RETURN(auto release, c.Prepare("RELEASE SAVEPOINT w"));
    OG_RETURN_IF_ERROR(release.Queue());
  }
  OG_ASSIGN_OR_RETURN(auto commit, c.Prepare("COMMIT"));
  OG_RETURN_IF_ERROR(commit.Queue());
  return c.Recover();  // the sync: answered once COMMIT's WAL is flushed
}

void Writer::RunBatch(std::deque<Job>& batch) {
  auto start = std::chrono::steady_clock::now();
  std::optional<core::Error> batch_error;
  if (auto r = RunJobs(batch); !r) batch_error = r.error();
  if (batch_error) {
    if (conn_ && !conn_->Broken()) {
      (void)conn_->Recover();
      (void)conn_->Exec("ROLLBACK");
    }
    if (conn_ && conn_->Broken()) conn_.reset();
    if (failed_commits_) failed_commits_->Add();
    batch_error->message = "write not committed: " + batch_error->message;
    batch_error->code = core::ErrorCode::kUnavailable;
  }
  if (batch_size_) batch_size_->Observe(static_cast<double>(batch.size()));
  if (commit_latency_) {
    commit_latency_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  for (auto& job : batch) job.done(batch_error);
}

}  // namespace onegrid::store_pg
