#include "service/auth_service.hpp"

#include "service/password.hpp"

namespace onegrid::service {

AuthService::AuthService(store::Store& store, const core::Clock& clock,
                         const core::Config& config)
    : store_(store),
      clock_(clock),
      session_ttl_(config.session_ttl),
      throttle_(clock, {.max_failures_per_user = config.login_max_failures_per_user,
                        .max_failures_per_address = config.login_max_failures_per_address,
                        .window = config.login_window}) {
  // Hashed with the configured cost, so that a wrong username costs what a wrong password does.
  dummy_hash_ = HashPassword(NewToken(), config.password_hash).value_or(std::string());
}

core::Result<LoginResult> AuthService::Login(const std::string& username,
                                             const std::string& password,
                                             const std::string& client_address,
                                             std::chrono::seconds* retry_after) {
  if (auto wait = throttle_.RetryAfter(username, client_address)) {
    if (retry_after) *retry_after = *wait;
    return core::ResourceExhausted("too many failed logins; retry in " +
                                   std::to_string(wait->count()) + " s");
  }
  auto user = store_.users().FindByUsername(username);
  if (!user && user.error().code != core::ErrorCode::kNotFound) return std::move(user).error();
  bool ok = user ? VerifyPassword(user->password_hash, password)
                 : (VerifyPassword(dummy_hash_, password), false);
  if (!ok || user->disabled) {
    throttle_.RecordFailure(username, client_address);
    return core::Unauthenticated("wrong username or password");
  }
  throttle_.RecordSuccess(username);
  auto now = clock_.Now();
  LoginResult out{NewToken(), now + session_ttl_, std::move(*user)};
  OG_RETURN_IF_ERROR(store_.sessions().Create({.token_hash = TokenHash(out.token),
                                               .user_id = out.user.id,
                                               .created_at = now,
                                               .expires_at = out.expires_at,
                                               .revoked_at = std::nullopt,
                                               .client = client_address}));
  return out;
}

core::Result<Principal> AuthService::Authenticate(const std::string& token) {
  auto session = store_.sessions().Find(TokenHash(token));
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
  return Principal{std::move(*user), session->expires_at};
}

core::Result<void> AuthService::Logout(const std::string& token) {
  auto r = store_.sessions().Revoke(TokenHash(token), clock_.Now());
  if (!r && r.error().code == core::ErrorCode::kNotFound) {
    return core::Unauthenticated("the token is not valid");
  }
  return r;
}

}  // namespace onegrid::service
