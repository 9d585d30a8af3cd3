#include "accounts/login_throttle.hpp"

#include <algorithm>
#include <vector>

namespace onegrid::accounts {
namespace {

// Bucket keys: "u\n<username>" (the account, from unknown clients), "u\n<username>\nd\n<device>"
// (one known device; sorts right after its account) and "a\n<address>". Newlines cannot occur
// in a username (accounts::ValidateUsername) or an address.
std::string AccountKey(const std::string& username) { return "u\n" + username; }

}  // namespace

LoginThrottle::LoginThrottle(const core::Clock& clock, ThrottleLimits limits) : clock_(clock), limits_(limits) {}

LoginThrottle::Keys LoginThrottle::KeysOf(const LoginAttempt& a) const {
  if (!a.device.empty()) return {AccountKey(a.username) + "\nd\n" + a.device, {}};
  return {AccountKey(a.username), "a\n" + a.address};
}

int LoginThrottle::Limit(const std::string& key) const {
  return key[0] == 'a' ? limits_.max_failures_per_address : limits_.max_failures_per_user;
}

LoginThrottle::Bucket* LoginThrottle::Find(const std::string& key, core::Instant now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return nullptr;
  if (now - it->second.last_failure >= limits_.window && now >= it->second.next_allowed) {
    buckets_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void LoginThrottle::Count(const std::string& key, core::Instant now) {
  Bucket* b = Find(key, now);
  if (b == nullptr) {
    Trim(now);
    b = &buckets_[key];
  }
  ++b->failures;
  b->last_failure = now;
  const int over = b->failures - Limit(key);
  if (over >= 0) {
    // first_delay after reaching the limit, then twice as long for each further failure.
    auto delay = over >= 30 ? limits_.max_delay
                            : std::min(limits_.max_delay, std::chrono::seconds(limits_.first_delay.count() << over));
    b->next_allowed = now + delay;
  }
}

void LoginThrottle::Uncount(const std::string& key) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return;
  if (--it->second.failures <= 0) {
    buckets_.erase(it);
  } else if (it->second.failures < Limit(key)) {
    it->second.next_allowed = {};
  }
}

void LoginThrottle::Trim(core::Instant now) {
  if (buckets_.size() < limits_.max_tracked) return;
  // Forgotten ones first; then, if still full, those whose last failure is oldest.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    bool old = now - it->second.last_failure >= limits_.window && now >= it->second.next_allowed;
    it = old ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < limits_.max_tracked) return;
  std::vector<std::pair<core::Instant, std::string>> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) by_age.emplace_back(b.last_failure, k);
  const std::size_t drop = buckets_.size() - limits_.max_tracked * 9 / 10;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop), by_age.end());
  for (std::size_t i = 0; i < drop; ++i) buckets_.erase(by_age[i].second);
}

std::optional<core::Instant> LoginThrottle::Begin(const LoginAttempt& attempt) {
  std::lock_guard lock(mu_);
  const auto now = clock_.Now();
  const Keys keys = KeysOf(attempt);
  std::optional<core::Instant> wait;
  for (const std::string* key : {&keys.first, &keys.second}) {
    if (key->empty()) continue;
    if (Bucket* b = Find(*key, now); b != nullptr && b->next_allowed > now) {
      wait = std::max(wait.value_or(b->next_allowed), b->next_allowed);
    }
  }
  if (wait) return wait;
  Count(keys.first, now);
  if (!keys.second.empty()) Count(keys.second, now);
  return std::nullopt;
}

void LoginThrottle::Succeeded(const LoginAttempt& attempt) {
  std::lock_guard lock(mu_);
  const Keys keys = KeysOf(attempt);
  buckets_.erase(keys.first);
  if (!keys.second.empty()) Uncount(keys.second);
}

void LoginThrottle::Cancelled(const LoginAttempt& attempt) {
  std::lock_guard lock(mu_);
  const Keys keys = KeysOf(attempt);
  Uncount(keys.first);
  if (!keys.second.empty()) Uncount(keys.second);
}

void LoginThrottle::Unlock(const std::string& username) {
  std::lock_guard lock(mu_);
  const std::string account = AccountKey(username);
  buckets_.erase(account);
  const std::string devices = account + "\n";
  for (auto it = buckets_.lower_bound(devices); it != buckets_.end() && it->first.starts_with(devices);) {
    it = buckets_.erase(it);
  }
}

}  // namespace onegrid::accounts
