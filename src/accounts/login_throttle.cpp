#include "accounts/login_throttle.hpp"

#include <algorithm>

namespace onegrid::accounts {

LoginThrottle::LoginThrottle(const core::Clock& clock, ThrottleLimits limits)
    : clock_(clock), limits_(limits) {}

void LoginThrottle::Prune(Times& times, core::Instant now) const {
  while (!times.empty() && times.front() + limits_.window <= now) times.pop_front();
}

std::optional<std::chrono::seconds> LoginThrottle::Check(Table& table, const std::string& key,
                                                         int max, core::Instant now) {
  auto it = table.entries.find(key);
  if (it == table.entries.end()) return std::nullopt;
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < max) return std::nullopt;
  // The attempt may go ahead once enough failures have left the window.
  auto free_at = it->second[it->second.size() - max] + limits_.window;
  auto wait = std::chrono::ceil<std::chrono::seconds>(free_at - now);
  return std::max(wait, std::chrono::seconds(1));
}

void LoginThrottle::Record(Table& table, const std::string& key, core::Instant now) {
  auto [it, inserted] = table.entries.try_emplace(key);
  if (inserted) {
    table.order.push_back(key);
    while (table.entries.size() > limits_.max_tracked && !table.order.empty()) {
      table.entries.erase(table.order.front());
      table.order.pop_front();
    }
    // Drop keys whose failures have all left the window, so `order` does not grow forever.
    while (!table.order.empty()) {
      auto front = table.entries.find(table.order.front());
      if (front != table.entries.end()) {
        Prune(front->second, now);
        if (!front->second.empty() || front->first == key) break;
        table.entries.erase(front);
      }
      table.order.pop_front();
    }
    it = table.entries.find(key);
    if (it == table.entries.end()) return;
  }
  Prune(it->second, now);
  it->second.push_back(now);
}

std::optional<std::chrono::seconds> LoginThrottle::RetryAfter(const std::string& username,
                                                              const std::string& address) {
  std::lock_guard lock(mu_);
  auto now = clock_.Now();
  auto by_user = Check(users_, username, limits_.max_failures_per_user, now);
  auto by_addr = Check(addresses_, address, limits_.max_failures_per_address, now);
  if (by_user && by_addr) return std::max(*by_user, *by_addr);
  return by_user ? by_user : by_addr;
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  auto now = clock_.Now();
  Record(users_, username, now);
  Record(addresses_, address, now);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  users_.entries.erase(username);
}

}  // namespace onegrid::accounts
