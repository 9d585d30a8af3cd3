// Password hashing with libsodium's Argon2id (crypto_pwhash_str), and random bearer tokens.
// The hash string carries its own parameters, so a cost change applies to new hashes only and
// old ones still verify. Thread-safe; call InitCrypto() once before use (app does).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "core/config.hpp"
#include "core/result.hpp"

namespace onegrid::service {

// Initializes libsodium; kInternal if it cannot.
core::Result<void> InitCrypto();

core::Result<std::string> HashPassword(const std::string& password,
                                       core::PasswordHashStrength strength);
bool VerifyPassword(const std::string& hash, const std::string& password);

// Argon2id with a bound on how many run at once: each takes its memory cost (64 MiB at the
// interactive strength) and a core for tens of milliseconds, so a hundred sign-ins at once must
// not take a hundred of each. Callers past `concurrency` wait their turn; past `max_waiting`
// waiting, or after `max_wait`, the call answers kUnavailable (retry shortly) rather than hold
// yet another handler thread. Thread-safe.
class PasswordHasher {
 public:
  // concurrency 0: one per core.
  PasswordHasher(core::PasswordHashStrength strength, int concurrency, int max_waiting = 32,
                 std::chrono::milliseconds max_wait = std::chrono::seconds(10));
  core::Result<std::string> Hash(const std::string& password);
  // Whether the password matches the hash; kUnavailable when too busy to check now.
  core::Result<bool> Verify(const std::string& hash, const std::string& password);
  int concurrency() const { return concurrency_; }

 private:
  core::Result<void> Acquire();
  void Release();

  const core::PasswordHashStrength strength_;
  const int concurrency_, max_waiting_;
  const std::chrono::milliseconds max_wait_;
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0, waiting_ = 0;
};

// A random password of 16 letters and digits (no look-alikes), for demo accounts.
std::string NewPassword();
// 256 random bits, URL-safe base64 without padding (43 characters).
std::string NewToken();
// SHA-256 of the token, 32 raw bytes: what the store keeps instead of the token.
std::string TokenHash(const std::string& token);

}  // namespace onegrid::service
