// Failed sign-ins slow an account down; they never lock it. An attempt is counted before its
// password is checked (so a hundred guesses sent at once cannot all pass the limit while the
// first are being hashed) and forgiven when it succeeds. Each attempt counts against:
// - the device, when the client presents one this account signed in with before: only that
//   device's failures slow it, so nobody who merely knows the leader's user name can keep the
//   leader out;
// - otherwise the account as tried from every other client, and the client's address (one
//   address guessing many accounts).
// Past `max_failures` of a bucket each further attempt must wait twice as long as the last
// (`first_delay`, then 2×, 4× … up to `max_delay`); a bucket with no failure for `window` is forgotten, and an
// administrator may forget an account's at once (Unlock). In memory, per process; bounded by
// `max_tracked` buckets (the oldest go first). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace onegrid::accounts {

struct ThrottleLimits {
  int max_failures_per_user = 5;      // per account from unknown clients, and per known device
  int max_failures_per_address = 20;  // per client address, any account
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds first_delay{1};
  std::chrono::seconds max_delay{5 * 60};
  std::size_t max_tracked = 100000;
};

// Who tries to sign in. `device`: a key of the device, set only when the client proved this
// account signed in on it before (AuthService checks the stored devices); empty otherwise.
struct LoginAttempt {
  std::string username;
  std::string address;
  std::string device;
};

class LoginThrottle {
 public:
  LoginThrottle(const core::Clock& clock, ThrottleLimits limits);

  // nullopt: go ahead; the attempt now counts as a failure until Succeeded() or Cancelled().
  // Else the instant from which it may be tried again (nothing was counted).
  std::optional<core::Instant> Begin(const LoginAttempt& attempt);
  // The password was right: the account's (or the device's) failures are forgiven, and this
  // attempt no longer counts against the address.
  void Succeeded(const LoginAttempt& attempt);
  // The attempt was not decided (the server was too busy to check it): it does not count.
  void Cancelled(const LoginAttempt& attempt);
  // An administrator's unlock: the account's failures, from every client and device, forgotten.
  void Unlock(const std::string& username);

 private:
  struct Bucket {
    int failures = 0;
    core::Instant last_failure;
    core::Instant next_allowed;  // attempts before it are refused
  };
  struct Keys {
    std::string first, second;  // second empty for a device attempt
  };
  Keys KeysOf(const LoginAttempt& a) const;
  int Limit(const std::string& key) const;
  Bucket* Find(const std::string& key, core::Instant now);  // null when none or forgotten
  void Count(const std::string& key, core::Instant now);
  void Uncount(const std::string& key);
  void Trim(core::Instant now);

  const core::Clock& clock_;
  ThrottleLimits limits_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;  // ordered: an account's devices share its prefix
};

}  // namespace onegrid::accounts
