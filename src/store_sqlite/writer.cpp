#include "store_sqlite/writer.hpp"

#include <sqlite3.h>

#include <chrono>


namespace onegrid::store_sqlite {
namespace {
// A WAL this many times checkpoint_pages long is caught up by the writer between batches.
constexpr int kCatchUpFactor = 4;
}  // namespace

core::Result<std::unique_ptr<Writer>> Writer::Start(std::unique_ptr<Connection> conn,
                                                    Options options) {
  std::unique_ptr<Connection> ckpt;
  if (options.checkpoint_pages > 0) {
    OG_CHECK(options.open_checkpoint_connection != nullptr);
    OG_ASSIGN_OR_RETURN(ckpt, options.open_checkpoint_connection());
  }
  std::unique_ptr<Writer> w(new Writer(std::move(conn), options));
  w->catch_up_at_pages_ = kCatchUpFactor * options.checkpoint_pages;
  if (ckpt) {
    // Replaces SQLite's automatic checkpoint, which would run inside the crossing COMMIT.
    sqlite3_wal_hook(w->conn_->raw(), &Writer::OnWalCommit, w.get());
    w->ckpt_thread_ = std::thread([raw = w.get(), c = std::move(ckpt)]() mutable {
      raw->CheckpointLoop(std::move(c));
    });
  }
  w->thread_ = std::thread([raw = w.get()] { raw->Loop(); });
  w->writer_thread_id_ = w->thread_.get_id();
  return w;
}

Writer::Writer(std::unique_ptr<Connection> conn, Options options)
    : conn_(std::move(conn)), options_(std::move(options)) {
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
    checkpoint_latency_ = m->GetHistogram("onegrid_wal_checkpoint_seconds",
                                          "time of one WAL checkpoint (off the commit path)",
                                          core::LatencyBuckets());
    failed_checkpoints_ = m->GetCounter("onegrid_wal_checkpoint_failures_total",
                                        "WAL checkpoints that failed (the WAL grows until one succeeds)");
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
  {
    std::lock_guard lock(ckpt_mu_);
    ckpt_stopping_ = true;
  }
  ckpt_cv_.notify_all();
  if (ckpt_thread_.joinable()) ckpt_thread_.join();
}

bool Writer::running() const {
  std::lock_guard lock(mu_);
  return !stopping_;
}

std::size_t Writer::queue_depth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void Writer::Defer(std::function<core::Result<void>(Connection&)> fn) {
  OG_CHECK(std::this_thread::get_id() == writer_thread_id_);
  job_deferred_.push_back(std::move(fn));
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
    CatchUpCheckpoint();
  }
}

core::Result<void> Writer::RunJobs(std::deque<Job>& batch) {
  OG_ASSIGN_OR_RETURN(auto begin, conn_->Prepare("BEGIN IMMEDIATE"));
  OG_RETURN_IF_ERROR(begin.Run());
  // Writes that arrive while the batch runs join it (up to max_batch): the handlers that wait
  // on this COMMIT are not the only ones writing, and one more write in a COMMIT costs far less
  // than another COMMIT (its pages are the same index leaves).
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& job = batch[i];
    if (i + 1 == batch.size() && batch.size() < options_.max_batch) {
      std::lock_guard lock(mu_);
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    {
      OG_ASSIGN_OR_RETURN(auto savepoint, conn_->Prepare("SAVEPOINT w"));
      OG_RETURN_IF_ERROR(savepoint.Run());
    }
    job_deferred_.clear();
    if (job.run(*conn_)) {
      for (auto& fn : job_deferred_) batch_deferred_.push_back(std::move(fn));
    } else {
      OG_ASSIGN_OR_RETURN(auto rollback, conn_->Prepare("ROLLBACK TO w"));
      OG_RETURN_IF_ERROR(rollback.Run());
    }
    job_deferred_.clear();
    OG_ASSIGN_OR_RETURN(auto release, conn_->Prepare("RELEASE w"));
    OG_RETURN_IF_ERROR(release.Run());
  }
  for (auto& fn : batch_deferred_) OG_RETURN_IF_ERROR(fn(*conn_));
  batch_deferred_.clear();
  OG_ASSIGN_OR_RETURN(auto commit, conn_->Prepare("COMMIT"));
  return commit.Run();
}

void Writer::RunBatch(std::deque<Job>& batch) {
  auto start = std::chrono::steady_clock::now();
  std::optional<core::Error> batch_error;
  if (auto r = RunJobs(batch); !r) batch_error = r.error();
  batch_deferred_.clear();
  if (batch_error) {
    if (sqlite3_get_autocommit(conn_->raw()) == 0) (void)conn_->Exec("ROLLBACK");
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

int Writer::OnWalCommit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  // Runs on the writer thread after each COMMIT with the WAL's length in pages. Wakes the
  // checkpointer once per checkpoint_pages new pages, not after every commit of a long WAL.
  auto* w = static_cast<Writer*>(self);
  w->wal_pages_ = pages;
  if (pages < w->wal_pages_at_wake_) {  // the WAL started over
    w->wal_pages_at_wake_ = 0;
    w->catch_up_at_pages_ = kCatchUpFactor * w->options_.checkpoint_pages;
  }
  if (pages - w->wal_pages_at_wake_ >= w->options_.checkpoint_pages) {
    w->wal_pages_at_wake_ = pages;
    {
      std::lock_guard lock(w->ckpt_mu_);
      w->ckpt_wanted_ = true;
    }
    w->ckpt_cv_.notify_one();
  }
  return SQLITE_OK;
}

void Writer::CatchUpCheckpoint() {
  // The writer starts the WAL over only once a checkpoint has copied all of it, which a
  // background checkpoint under steady writes never quite does (new frames keep coming). So when
  // the WAL has grown long, the writer itself, between two batches, copies the few frames the
  // checkpointer has not: its next transaction then starts the WAL from the beginning.
  if (options_.checkpoint_pages <= 0 || wal_pages_ < catch_up_at_pages_) return;
  catch_up_at_pages_ = wal_pages_ + options_.checkpoint_pages;  // if a reader holds it back
  std::lock_guard running(ckpt_running_);  // waits for a background checkpoint to finish
  int log = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2(conn_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  if (rc != SQLITE_OK && failed_checkpoints_) failed_checkpoints_->Add();
}

void Writer::CheckpointLoop(std::unique_ptr<Connection> conn) {
  for (;;) {
    {
      std::unique_lock lock(ckpt_mu_);
      ckpt_cv_.wait(lock, [&] { return ckpt_stopping_ || ckpt_wanted_; });
      if (ckpt_stopping_) return;  // closing the last connection checkpoints what is left
      ckpt_wanted_ = false;
    }
    auto start = std::chrono::steady_clock::now();
    // PASSIVE copies what no reader still needs and never waits for the writer or readers.
    std::lock_guard running(ckpt_running_);
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && failed_checkpoints_) failed_checkpoints_->Add();
    if (checkpoint_latency_) {
      checkpoint_latency_->Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
}

}  // namespace onegrid::store_sqlite
