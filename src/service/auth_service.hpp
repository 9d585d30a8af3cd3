// Sign-in and the sessions behind bearer tokens. Login counts the attempt in the throttle first
// (429 before any password work; accounts/login_throttle.hpp), verifies the Argon2id hash
// through the shared PasswordHasher (a dummy hash for unknown names, so timing does not tell
// which usernames exist), and stores only the SHA-256 of the new token and of the device key.
// Authenticate() turns a token into the signed-in user, trusting a token it checked less than
// `auth.token_cache` ago (three indexed reads per request otherwise); Logout() and Forget()
// drop every cached token at once, so changes made through this server are never served stale.
// Blocking; call from a worker thread. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "accounts/login_throttle.hpp"
#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "service/password.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct LoginRequest {
  std::string username, password;
  std::string client_address;
  // The device key an earlier sign-in handed to this client (LoginResult::device); empty: none.
  std::string device;
};

struct LoginResult {
  std::string token;
  core::Instant expires_at;
  accounts::User user;
  // This client's device key: the one it gave if the user signed in on it before, else a new
  // one. Shown again at the next sign-in, it keeps others' failures from slowing this device.
  std::string device;
};

// Who is calling, once authenticated.
struct Principal {
  accounts::User user;
  core::Instant session_expires_at;
  std::string token_hash;  // of the session's token (SHA-256, raw)
};

class AuthService {
 public:
  AuthService(store::Store& store, const core::Clock& clock, const core::Config& config, PasswordHasher& hasher);

  // kResourceExhausted (with *retry_at set) when the attempt must wait (accounts::LoginThrottle);
  // kUnavailable when too many passwords are being checked to check this one now;
  // kUnauthenticated when wrong.
  core::Result<LoginResult> Login(const LoginRequest& request, core::Instant* retry_at = nullptr);
  // An administrator's unlock: the account's failed sign-ins are forgotten (on this server).
  void Unlock(const std::string& username);
  // kUnauthenticated for an unknown, expired or revoked token, or a disabled user.
  core::Result<Principal> Authenticate(const std::string& token);
  core::Result<void> Logout(const std::string& token);
  // Drops every cached token: call after changing a user, a role or a session outside Logout.
  void Forget();

 private:
  struct Cached {
    Principal principal;
    core::Instant checked_at;
    std::uint64_t generation = 0;
  };
  core::Result<Principal> Check(const std::string& token_hash);

  store::Store& store_;
  const core::Clock& clock_;
  std::chrono::seconds session_ttl_;
  std::chrono::seconds token_cache_;
  PasswordHasher& hasher_;
  accounts::LoginThrottle throttle_;
  std::string dummy_hash_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;  // by token hash
  std::uint64_t generation_ = 0;  // bumped by Forget(); older entries are stale
};

}  // namespace onegrid::service
