#include "store_pg/writer.hpp"

#include <pthread.h>

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/firewall.hpp"

namespace onegrid::store_pg {

core::Result<std::unique_ptr<Writer>> Writer::Start(Open open, Options options) {
  std::unique_ptr<Writer> w(new Writer(std::move(open), options));
  OG_ASSIGN_OR_RETURN(w->conn_, w->open_());
  w->thread_ = std::thread([raw = w.get()] { raw->Loop(); });
  return w;
}

Writer::Writer(Open open, Options options)
    : open_(std::move(open)), hooks_(options.hooks), queue_(options.max_batch, options.max_queue, options.metrics) {}

Writer::~Writer() { Stop(); }

void Writer::Stop() {
  queue_.Stop();
  if (thread_.joinable()) thread_.join();
}

void Writer::Loop() {
  pthread_setname_np(pthread_self(), "og-pg-writer");
  core::RunThreadGuarded("writer", [this] {
    for (;;) {
      Queue::Batch batch;
      if (!queue_.Next(batch)) return;  // stopping and drained
      RunBatch(batch);
    }
  });
}

core::Result<void> Writer::RunJobs(Queue::Batch& batch, bool& commit_sent) {
  if (!conn_ || conn_->Broken()) {
    conn_.reset();
    OG_ASSIGN_OR_RETURN(conn_, open_());
  }
  Connection& c = *conn_;
  if (hooks_.began) hooks_.began();
  {
    OG_ASSIGN_OR_RETURN(auto begin, c.Prepare("BEGIN"));
    OG_RETURN_IF_ERROR(begin.Queue());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& job = batch[i];
    if (i + 1 == batch.size()) queue_.Join(batch);
    OG_ASSIGN_OR_RETURN(auto savepoint, c.Prepare("SAVEPOINT w"));
    OG_RETURN_IF_ERROR(savepoint.Queue());
    if (!Queue::Run(job, c)) {
      // A statement of it failed (the server now skips until a sync) or it decided to refuse.
      (void)c.Settle();
      if (c.failed()) (void)c.Sync();
      if (c.Broken()) return core::Unavailable("the connection to PostgreSQL was lost");
      OG_ASSIGN_OR_RETURN(auto rollback, c.Prepare("ROLLBACK TO SAVEPOINT w"));
      OG_RETURN_IF_ERROR(rollback.Run());
    }
    OG_ASSIGN_OR_RETURN(auto release, c.Prepare("RELEASE SAVEPOINT w"));
    OG_RETURN_IF_ERROR(release.Queue());
  }
  if (hooks_.before_commit) OG_RETURN_IF_ERROR(hooks_.before_commit(c));
  OG_ASSIGN_OR_RETURN(auto commit, c.Prepare("COMMIT"));
  commit_sent = true;
  OG_RETURN_IF_ERROR(commit.Queue());
  return c.Sync();  // the sync: answered once COMMIT's WAL is flushed
}

void Writer::RunBatch(Queue::Batch& batch) {
  auto start = std::chrono::steady_clock::now();
  std::optional<core::Error> error;
  bool commit_sent = false;
  // The batch's own steps are guarded too: a throw there fails the batch's writes, never the
  // writer (with the connection in an unknown state it is dropped and opened again).
  auto run = [&] {
    auto guarded = core::RunGuarded("writer", [&] {
      if (auto r = RunJobs(batch, commit_sent); !r) error = r.error();
    });
    if (!guarded) {
      error = guarded.error();
      conn_.reset();
    }
  };
  run();
  if (error && !commit_sent && conn_ && conn_->Broken()) {
    // The connection was lost before the COMMIT was sent, so nothing of the batch is in the
    // database: run it again, once, on a new connection (a restarted or failed-over server).
    // After a COMMIT was sent its outcome is unknown, and the writes fail as unavailable.
    spdlog::warn("writer: {}; running the batch again on a new connection", error->message);
    conn_.reset();
    error.reset();
    run();
  }
  if (error) {
    if (conn_ && !conn_->Broken()) {
      (void)conn_->Sync();
      (void)conn_->Exec("ROLLBACK");
    }
    if (conn_ && conn_->Broken()) conn_.reset();
    error->message = "write not committed: " + error->message;
    error->code = core::ErrorCode::kUnavailable;
  }
  queue_.Finish(batch, error, start);
}

}  // namespace onegrid::store_pg
