#include "service/maintenance.hpp"

#include <algorithm>

namespace onegrid::service {

namespace {
// A device not signed in on for this long is a stranger again (accounts/login_throttle.hpp).
constexpr auto kDeviceRetention = std::chrono::hours(180 * 24);
}  // namespace

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
  OG_ASSIGN_OR_RETURN(r.devices_forgotten, store_.sessions().DeleteStaleDevices(now - kDeviceRetention));
  return r;
}

void Maintenance::Start(std::chrono::seconds period) {
  loop_ = std::make_unique<core::LoopThread>("og-maintenance", period, [this] { (void)RunOnce(); },
                                             /*first_at_once=*/false);
  loop_->Start();
}

void Maintenance::Stop() {
  if (loop_) loop_->Stop();
}

void Maintenance::Post(std::function<void()> job) {
  if (loop_) loop_->Post(std::move(job));
}

}  // namespace onegrid::service
