// Housekeeping that keeps tables from growing without bound: expired sessions are deleted,
// idempotency keys are kept for a retention period (at least 24 h, as API.md promises; 7 days
// by default) and then deleted, and devices not signed in on for 180 days are forgotten. RunOnce() does one round; Start() runs rounds every `period`
// on a thread of its own until Stop(). Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/loop_thread.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct MaintenanceReport {
  std::int64_t sessions_deleted = 0;
  std::int64_t idempotency_keys_deleted = 0;
  std::int64_t devices_forgotten = 0;  // not signed in on for 180 days
};

class Maintenance {
 public:
  Maintenance(store::Store& store, const core::Clock& clock,
              std::chrono::hours key_retention = std::chrono::hours(7 * 24));
  ~Maintenance();

  core::Result<MaintenanceReport> RunOnce();
  // A round every `period` on a thread of its own (the first a period after the start); one
  // that fails (a busy database) or throws is simply tried again the next period.
  void Start(std::chrono::seconds period);
  void Stop();
  // Runs `job` on the maintenance thread before its next round (nothing when not started).
  void Post(std::function<void()> job);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  std::chrono::hours key_retention_;
  std::unique_ptr<core::LoopThread> loop_;
};

}  // namespace onegrid::service
