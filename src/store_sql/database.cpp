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
  schemes_ = MakeRuleVersionRepository(*this, "evaluation");
  rollups_ = MakeRollupRepository(*this);
  feed_ = MakeFeedRepository(*this);
  media_ = std::move(media);
}

core::Result<void> Database::Ping() {
  if (!Writing()) return core::Unavailable("the database is shutting down");
  auto r = Read<bool>([](Connection& c) -> core::Result<bool> {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT COUNT(*) FROM schema_migrations"));
    return st.Step();
  });
  if (!r) return core::Unavailable("the database does not answer: " + r.error().message);
  return core::Ok();
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

std::int64_t Database::Subscribe(std::function<void(const store::Change&)> fn) {
  std::lock_guard lock(subscribers_mu_);
  subscribers_.emplace_back(++next_subscription_,
                            std::make_shared<std::function<void(const store::Change&)>>(std::move(fn)));
  return next_subscription_;
}

void Database::Unsubscribe(std::int64_t subscription) {
  std::lock_guard lock(subscribers_mu_);
  std::erase_if(subscribers_, [&](const auto& s) { return s.first == subscription; });
}

void Database::Deliver(const store::Change& change) {
  std::vector<std::shared_ptr<std::function<void(const store::Change&)>>> now;
  {
    std::lock_guard lock(subscribers_mu_);
    for (const auto& s : subscribers_) now.push_back(s.second);
  }
  // Each subscriber alone: one that throws misses this change, the others hear it, and the
  // thread that delivers (the writer, the listener) goes on.
  for (const auto& fn : now) (void)core::RunGuarded("a subscriber to changes", [&] { (*fn)(change); });
}

void Database::CloseReaders() {
  std::lock_guard lock(pool_mu_);
  open_readers_ -= idle_.size();
  idle_.clear();
}

}  // namespace onegrid::store_sql
