// Housekeeping that keeps tables from growing without bound: expired sessions are deleted and
// idempotency keys are kept for a retention period (at least 24 h, as API.md promises; 7 days
// by default) and then deleted. RunOnce() does one round; Start() runs rounds every `period`
// on a thread of its own until Stop(). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct MaintenanceReport {
  std::int64_t sessions_deleted = 0;
  std::int64_t idempotency_keys_deleted = 0;
};

class Maintenance {
 public:
  Maintenance(store::Store& store, const core::Clock& clock,
              std::chrono::hours key_retention = std::chrono::hours(7 * 24));
  ~Maintenance();

  core::Result<MaintenanceReport> RunOnce();
  void Start(std::chrono::seconds period);
  void Stop();

 private:
  store::Store& store_;
  const core::Clock& clock_;
  std::chrono::hours key_retention_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace onegrid::service
