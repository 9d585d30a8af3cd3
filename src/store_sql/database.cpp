#include "store_sql/database.hpp"

#include "store_sql/repositories.hpp"

namespace onegrid::store_sql {

Database::~Database() = default;

void Database::MakeRepositories(std::unique_ptr<store::MediaStore> media) {
  users_ = MakeUserRepository(*this);
  sessions_ = MakeSessionRepository(*this);
  areas_ = MakeAreaRepository(*this);
  cases_ = MakeCaseRepository(*this);
  sla_ = MakeRuleVersionRepository(*this, "sla");
  routing_ = MakeRuleVersionRepository(*this, "routing");
  calendar_ = MakeCalendarRepository(*this);
  inbox_ = MakeInboxRepository(*this);
  units_ = MakeUnitRepository(*this);
  media_ = std::move(media);
}

core::Result<std::unique_ptr<Connection>> Database::Borrow() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [&] { return !idle_.empty() || open_readers_ < max_readers_; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  ++open_readers_;
  lock.unlock();
  auto conn = OpenReader();
  if (!conn) {
    std::lock_guard relock(pool_mu_);
    --open_readers_;
    pool_cv_.notify_one();
  }
  return conn;
}

void Database::Return(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(pool_mu_);
    if (conn->Broken()) {
      --open_readers_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  pool_cv_.notify_one();
}

void Database::CloseReaders() {
  std::lock_guard lock(pool_mu_);
  open_readers_ -= idle_.size();
  idle_.clear();
}

}  // namespace onegrid::store_sql
