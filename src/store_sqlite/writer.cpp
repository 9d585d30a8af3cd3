#include "store_sqlite/writer.hpp"

#include <pthread.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "core/firewall.hpp"


namespace onegrid::store_sqlite {
namespace {
// A WAL this many times checkpoint_pages long is caught up by the writer between batches. Each
// catch-up copies what the checkpointer left and syncs the database file (about 8 ms here), so
// not too often: at 8 × 2000 pages the WAL stays under about 65 MB (100 MB at worst, while a
// reader holds the checkpoint back).
constexpr int kCatchUpFactor = 8;
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
    : conn_(std::move(conn)),
      options_(std::move(options)),
      queue_(options_.max_batch, options_.max_queue, options_.metrics) {
  if (options_.metrics != nullptr) {
    auto* m = options_.metrics;
    nice_ = m->GetGauge("onegrid_writer_nice",
                        "the writer thread's nice value (lower runs first; see Writer::Options::nice)");
    checkpoint_latency_ = m->GetHistogram("onegrid_wal_checkpoint_seconds",
                                          "time of one WAL checkpoint (off the commit path)",
                                          core::LatencyBuckets());
    failed_checkpoints_ = m->GetCounter("onegrid_wal_checkpoint_failures_total",
                                        "WAL checkpoints that failed (the WAL grows until one succeeds)");
  }
}

Writer::~Writer() { Stop(); }

void Writer::Stop() {
  queue_.Stop();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(ckpt_mu_);
    ckpt_stopping_ = true;
  }
  ckpt_cv_.notify_all();
  if (ckpt_thread_.joinable()) ckpt_thread_.join();
}

void Writer::Defer(std::function<core::Result<void>(Connection&)> fn) {
  OG_CHECK(std::this_thread::get_id() == writer_thread_id_);
  job_deferred_.push_back(std::move(fn));
}

void Writer::Loop() {
  pthread_setname_np(pthread_self(), "og-writer");
  core::RunThreadGuarded("writer", [this] { Run(); });
}

void Writer::Run() {
  // Every durable write waits for this one thread: on a busy machine it should not wait for
  // the CPU behind the request handlers. Lowering a nice value needs CAP_SYS_NICE (or
  // RLIMIT_NICE); without it the writer keeps the process's priority.
  const auto tid = static_cast<id_t>(gettid());
  if (options_.nice != 0) (void)setpriority(PRIO_PROCESS, tid, options_.nice);  // the gauge tells
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, tid);
  if (nice_ != nullptr && errno == 0) nice_->Set(nice);
  for (;;) {
    Queue::Batch batch;
    if (!queue_.Next(batch)) return;  // stopping and drained
    RunBatch(batch);
    CatchUpCheckpoint();
  }
}

core::Result<void> Writer::RunJobs(Queue::Batch& batch) {
  // Writes that arrive while the batch runs wait for the next one. (Letting them join this
  // batch made it longer but left the queue empty at its COMMIT: the writer then waited for
  // writes while the handlers answered the batch, 12 % of its time under the intake benchmark,
  // and took 10 % fewer writes a second.)
  bool rerunnable = true;
  for (const auto& job : batch) rerunnable = rerunnable && job.rerunnable;
  if (rerunnable) {
    OG_ASSIGN_OR_RETURN(bool done, RunWithoutSavepoints(batch));
    if (done) return core::Ok();
    OG_RETURN_IF_ERROR(conn_->Exec("ROLLBACK"));  // a write failed halfway: again, each alone
  }
  OG_RETURN_IF_ERROR(Begin());
  for (auto& job : batch) {
    {
      OG_ASSIGN_OR_RETURN(auto savepoint, conn_->Prepare("SAVEPOINT w"));
      OG_RETURN_IF_ERROR(savepoint.Run());
    }
    job_deferred_.clear();
    if (Queue::Run(job, *conn_)) {
      for (auto& fn : job_deferred_) batch_deferred_.push_back(std::move(fn));
    } else {
      OG_ASSIGN_OR_RETURN(auto rollback, conn_->Prepare("ROLLBACK TO w"));
      OG_RETURN_IF_ERROR(rollback.Run());
    }
    job_deferred_.clear();
    OG_ASSIGN_OR_RETURN(auto release, conn_->Prepare("RELEASE w"));
    OG_RETURN_IF_ERROR(release.Run());
  }
  return Commit();
}

core::Result<bool> Writer::RunWithoutSavepoints(Queue::Batch& batch) {
  // A SAVEPOINT per write costs two statements and a copy of every page the write touches
  // first (its statement journal): about 15 us of a 120 us intake. Writes that may run again
  // from the start go without: one that fails having changed nothing is simply left out (the
  // usual refusal decides before it writes); one that fails having changed rows makes the
  // whole batch roll back and run again with a SAVEPOINT each.
  OG_RETURN_IF_ERROR(Begin());
  for (auto& job : batch) {
    const auto changes = sqlite3_total_changes64(conn_->raw());
    job_deferred_.clear();
    const bool ok = Queue::Run(job, *conn_);
    if (ok) {
      for (auto& fn : job_deferred_) batch_deferred_.push_back(std::move(fn));
    }
    job_deferred_.clear();
    if (!ok && sqlite3_get_autocommit(conn_->raw()) != 0) {  // SQLite rolled it all back (I/O, full)
      return core::Unavailable("the batch's transaction was rolled back by SQLite");
    }
    if (!ok && sqlite3_total_changes64(conn_->raw()) != changes) {
      batch_deferred_.clear();
      return false;
    }
  }
  OG_RETURN_IF_ERROR(Commit());
  return true;
}

core::Result<void> Writer::Begin() {
  if (options_.hooks.began) options_.hooks.began();
  OG_ASSIGN_OR_RETURN(auto begin, conn_->Prepare("BEGIN IMMEDIATE"));
  return begin.Run();
}

core::Result<void> Writer::Commit() {
  for (auto& fn : batch_deferred_) OG_RETURN_IF_ERROR(fn(*conn_));
  batch_deferred_.clear();
  if (options_.hooks.before_commit) OG_RETURN_IF_ERROR(options_.hooks.before_commit(*conn_));
  OG_ASSIGN_OR_RETURN(auto commit, conn_->Prepare("COMMIT"));
  return commit.Run();
}

void Writer::RunBatch(Queue::Batch& batch) {
  auto start = std::chrono::steady_clock::now();
  std::optional<core::Error> error;
  // The batch's own steps (hooks, deferred work, COMMIT) are guarded too: a throw there fails
  // the batch's writes, never the writer.
  auto guarded = core::RunGuarded("writer", [&] {
    if (auto r = RunJobs(batch); !r) error = r.error();
  });
  if (!guarded) error = guarded.error();
  batch_deferred_.clear();
  if (error) {
    if (sqlite3_get_autocommit(conn_->raw()) == 0) (void)conn_->Exec("ROLLBACK");
    error->message = "write not committed: " + error->message;
    error->code = core::ErrorCode::kUnavailable;
  }
  queue_.Finish(batch, error, start);
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
    w->WakeCheckpointer();
  }
  return SQLITE_OK;
}

void Writer::CatchUpCheckpoint() {
  // The writer starts the WAL over only once a checkpoint has copied all of it, which a
  // background checkpoint under steady writes never quite does (new frames keep coming). So when
  // the WAL has grown long, the writer itself, between two batches, copies the few frames the
  // checkpointer has not: its next transaction then starts the WAL from the beginning.
  if (options_.checkpoint_pages <= 0 || wal_pages_ < catch_up_at_pages_) return;
  // Few frames: right after a background checkpoint ended, not while one copies (that copy is
  // most of the work) nor long after one (up to checkpoint_pages frames would be left, a stall
  // of tens of milliseconds): the checkpointer is woken now and the writer catches up after a
  // later batch — unless the WAL has grown half as long again, when it waits for the checkpointer.
  const bool overdue = wal_pages_ >= kCatchUpFactor * options_.checkpoint_pages * 3 / 2;
  std::unique_lock running(ckpt_running_, std::try_to_lock);
  if (!running.owns_lock() && !overdue) return;
  if (!running.owns_lock()) running.lock();
  const std::uint64_t finished = ckpt_finished_.load();
  if (finished == ckpt_finished_seen_ && !overdue) {
    running.unlock();
    WakeCheckpointer();
    return;
  }
  ckpt_finished_seen_ = finished;
  catch_up_at_pages_ = wal_pages_ + options_.checkpoint_pages;  // if a reader holds it back
  int log = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2(conn_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  if (rc != SQLITE_OK && failed_checkpoints_) failed_checkpoints_->Add();
}

void Writer::WakeCheckpointer() {
  {
    std::lock_guard lock(ckpt_mu_);
    ckpt_wanted_ = true;
  }
  ckpt_cv_.notify_one();
}

void Writer::CheckpointLoop(std::unique_ptr<Connection> conn) {
  pthread_setname_np(pthread_self(), "og-checkpoint");
  core::RunThreadGuarded("checkpointer", [&] { Checkpoints(*conn); });
}

void Writer::Checkpoints(Connection& conn) {
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
    int rc = sqlite3_wal_checkpoint_v2(conn.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && failed_checkpoints_) failed_checkpoints_->Add();
    ckpt_finished_.fetch_add(1);
    if (checkpoint_latency_) {
      checkpoint_latency_->Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
}

}  // namespace onegrid::store_sqlite
