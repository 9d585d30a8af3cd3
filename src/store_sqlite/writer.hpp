// The single writer of a SQLite database, with group commit. Callers on any thread hand it a
// function that performs one logical write on the writer connection; the writer thread runs
// every queued function inside one transaction, each under its own SAVEPOINT, and COMMITs.
// Write() returns after that COMMIT returned (synchronous=FULL: fsync'd), so an acknowledged
// write is durable. A function that fails is rolled back to its savepoint and fails alone; its
// neighbours commit. At low load a batch holds one write, so latency stays one fsync.
//
// Thread-safe. Stop() commits what is queued, then refuses further writes with kUnavailable.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/metrics.hpp"
#include "core/result.hpp"
#include "store_sqlite/connection.hpp"

namespace onegrid::store_sqlite {

class Writer {
 public:
  struct Options {
    std::size_t max_batch = 512;
    std::size_t max_queue = 20000;
    core::Registry* metrics = nullptr;  // may be null
  };

  static std::unique_ptr<Writer> Start(std::unique_ptr<Connection> conn, Options options);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs fn in the next batch and waits for its COMMIT. fn must not BEGIN/COMMIT itself.
  template <typename T>
  core::Result<T> Write(const std::function<core::Result<T>(Connection&)>& fn) {
    std::optional<core::Result<T>> result;
    std::promise<void> finished;
    Job job;
    job.run = [&](Connection& c) {
      result.emplace(fn(c));
      return result->has_value();
    };
    job.done = [&](const std::optional<core::Error>& batch_error) {
      if (batch_error) result.emplace(*batch_error);
      finished.set_value();
    };
    auto future = finished.get_future();
    OG_RETURN_IF_ERROR(Enqueue(std::move(job)));
    future.wait();
    return std::move(*result);
  }

  void Stop();
  bool running() const;
  std::size_t queue_depth() const;

 private:
  struct Job {
    std::function<bool(Connection&)> run;  // true when the write succeeded
    std::function<void(const std::optional<core::Error>&)> done;
  };
  Writer(std::unique_ptr<Connection> conn, Options options);
  core::Result<void> Enqueue(Job job);
  void Loop();
  void RunBatch(std::deque<Job>& batch);

  std::unique_ptr<Connection> conn_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  core::Gauge* depth_ = nullptr;
  core::Histogram* batch_size_ = nullptr;
  core::Histogram* commit_latency_ = nullptr;
  core::Counter* failed_commits_ = nullptr;
  std::thread thread_;
};

}  // namespace onegrid::store_sqlite
