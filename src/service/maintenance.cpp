#include "service/maintenance.hpp"

#include <algorithm>

namespace onegrid::service {

Maintenance::Maintenance(store::Store& store, const core::Clock& clock,
                         std::chrono::hours key_retention)
    : store_(store), clock_(clock), key_retention_(std::max(key_retention, std::chrono::hours(24))) {}

Maintenance::~Maintenance() { Stop(); }

core::Result<MaintenanceReport> Maintenance::RunOnce() {
  MaintenanceReport r;
  auto now = clock_.Now();
  OG_ASSIGN_OR_RETURN(r.sessions_deleted, store_.sessions().DeleteExpired(now));
  OG_ASSIGN_OR_RETURN(r.idempotency_keys_deleted,
                      store_.cases().PurgeIdempotencyKeys(now - key_retention_));
  return r;
}

void Maintenance::Start(std::chrono::seconds period) {
  thread_ = std::thread([this, period] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period, [&] { return stopping_; })) {
      lock.unlock();
      (void)RunOnce();  // a failed round (database busy) is simply tried again next period
      lock.lock();
    }
  });
}

void Maintenance::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace onegrid::service
