// Counts failed logins per username and per client address over a sliding window and says
// when a further attempt must wait (answered as 429). Memory is bounded: entries whose window
// has passed are dropped, and at most `max_tracked` keys of each kind are kept (the oldest go
// first). Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace onegrid::accounts {

struct ThrottleLimits {
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
  std::size_t max_tracked = 100000;
};

class LoginThrottle {
 public:
  LoginThrottle(const core::Clock& clock, ThrottleLimits limits);

  // When the next attempt may be made, if it must wait; nullopt when it may go ahead.
  std::optional<std::chrono::seconds> RetryAfter(const std::string& username,
                                                 const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  // A successful login forgives the username's failures (not the address's).
  void RecordSuccess(const std::string& username);

 private:
  using Times = std::deque<core::Instant>;
  struct Table {
    std::unordered_map<std::string, Times> entries;
    std::deque<std::string> order;  // insertion order, for eviction
  };
  void Prune(Times& times, core::Instant now) const;
  std::optional<std::chrono::seconds> Check(Table& table, const std::string& key, int max,
                                            core::Instant now);
  void Record(Table& table, const std::string& key, core::Instant now);

  const core::Clock& clock_;
  ThrottleLimits limits_;
  std::mutex mu_;
  Table users_;
  Table addresses_;
};

}  // namespace onegrid::accounts
