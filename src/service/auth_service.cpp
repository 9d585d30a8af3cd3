#include "service/auth_service.hpp"

#include "service/password.hpp"

#include <algorithm>

#include "core/time_format.hpp"

namespace onegrid::service {

AuthService::AuthService(store::Store& store, const core::Clock& clock, const core::Config& config,
                         PasswordHasher& hasher)
    : store_(store),
      clock_(clock),
      session_ttl_(config.session_ttl),
      token_cache_(config.token_cache),
      hasher_(hasher),
      throttle_(clock, {.max_failures_per_user = config.login_max_failures_per_user,
                        .max_failures_per_address = config.login_max_failures_per_address,
                        .window = config.login_window,
                        .first_delay = config.login_first_delay,
                        .max_delay = config.login_max_delay}) {
  // Hashed with the configured cost, so that a wrong username costs what a wrong password does.
  dummy_hash_ = HashPassword(NewToken(), config.password_hash).value_or(std::string());
}

core::Result<LoginResult> AuthService::Login(const LoginRequest& request, core::Instant* retry_at) {
  auto user = store_.users().FindByUsername(request.username);
  if (!user && user.error().code != core::ErrorCode::kNotFound) return std::move(user).error();
  // A device key counts only when this account signed in on it before.
  std::string device_hash = request.device.empty() ? std::string() : TokenHash(request.device);
  bool known_device = false;
  if (user && !device_hash.empty()) {
    OG_ASSIGN_OR_RETURN(known_device, store_.sessions().KnowsDevice(user->id, device_hash));
  }
  accounts::LoginAttempt attempt{request.username, request.client_address, known_device ? device_hash : ""};
  if (auto wait = throttle_.Begin(attempt)) {
    if (retry_at) *retry_at = *wait;
    auto seconds = std::chrono::ceil<std::chrono::seconds>(*wait - clock_.Now()).count();
    return core::ResourceExhausted("too many failed sign-ins; try again at " + core::FormatInstant(*wait) + " (in " +
                                   std::to_string(std::max<long long>(1, seconds)) + " s)");
  }
  auto ok = hasher_.Verify(user ? user->password_hash : dummy_hash_, request.password);
  if (!ok) {
    throttle_.Cancelled(attempt);
    return std::move(ok).error();
  }
  if (!user || !*ok || user->disabled) return core::Unauthenticated("wrong username or password");
  throttle_.Succeeded(attempt);
  auto now = clock_.Now();
  LoginResult out{NewToken(), now + session_ttl_, std::move(*user), known_device ? request.device : NewToken()};
  OG_RETURN_IF_ERROR(store_.sessions().Create({.token_hash = TokenHash(out.token),
                                               .user_id = out.user.id,
                                               .created_at = now,
                                               .expires_at = out.expires_at,
                                               .revoked_at = std::nullopt,
                                               .client = request.client_address,
                                               .device_hash = TokenHash(out.device)}));
  return out;
}

void AuthService::Unlock(const std::string& username) { throttle_.Unlock(username); }

namespace {
constexpr std::size_t kMaxCachedTokens = 10000;
}  // namespace

core::Result<Principal> AuthService::Authenticate(const std::string& token) {
  std::string hash = TokenHash(token);
  auto now = clock_.Now();
  std::uint64_t generation;
  {
    std::lock_guard lock(cache_mu_);
    generation = generation_;
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      const Cached& c = it->second;
      if (c.generation == generation_ && now - c.checked_at < token_cache_ &&
          c.principal.session_expires_at > now) {
        return c.principal;
      }
      cache_.erase(it);
    }
  }
  OG_ASSIGN_OR_RETURN(Principal p, Check(hash));
  if (token_cache_.count() > 0) {
    std::lock_guard lock(cache_mu_);
    if (generation == generation_) {  // no Forget() while the database was read
      if (cache_.size() >= kMaxCachedTokens) cache_.clear();
      cache_[hash] = Cached{p, now, generation};
    }
  }
  return p;
}

core::Result<Principal> AuthService::Check(const std::string& token_hash) {
  auto session = store_.sessions().Find(token_hash);
  if (!session) {
    if (session.error().code == core::ErrorCode::kNotFound) {
      return core::Unauthenticated("the token is not valid; sign in again");
    }
    return std::move(session).error();
  }
  if (session->revoked_at) return core::Unauthenticated("the token was revoked; sign in again");
  if (session->expires_at <= clock_.Now()) {
    return core::Unauthenticated("the token has expired; sign in again");
  }
  auto user = store_.users().FindById(session->user_id);
  if (!user) {
    if (user.error().code == core::ErrorCode::kNotFound) {
      return core::Unauthenticated("the token's user no longer exists");
    }
    return std::move(user).error();
  }
  if (user->disabled) return core::Unauthenticated("the account is disabled");
  return Principal{std::move(*user), session->expires_at, token_hash};
}

void AuthService::Forget() {
  std::lock_guard lock(cache_mu_);
  ++generation_;
  cache_.clear();
}

core::Result<void> AuthService::Logout(const std::string& token) {
  auto r = store_.sessions().Revoke(TokenHash(token), clock_.Now());
  Forget();  // after the revocation is durable, so no reader can cache the session again
  if (!r && r.error().code == core::ErrorCode::kNotFound) {
    return core::Unauthenticated("the token is not valid");
  }
  return r;
}

}  // namespace onegrid::service
