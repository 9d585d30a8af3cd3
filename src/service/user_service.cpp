#include "service/user_service.hpp"

#include "service/password.hpp"

namespace onegrid::service {

core::Result<accounts::User> UserService::Add(const accounts::NewUser& user, const std::string& password) {
  OG_RETURN_IF_ERROR(accounts::ValidateNewUser(user));
  OG_RETURN_IF_ERROR(accounts::CheckPassword(policy_, password, user.username, "password"));
  OG_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  return store_.users().Create(user, hash, clock_.Now());
}

core::Result<accounts::User> UserService::Create(const AdminScope& by, const accounts::NewUser& user,
                                                 const std::string& password) {
  OG_RETURN_IF_ERROR(accounts::ValidateNewUser(user));
  OG_RETURN_IF_ERROR(by.CheckAccount(user.roles, user.unit_code));
  return Add(user, password);
}

core::Result<std::vector<accounts::User>> UserService::List(std::int64_t after_id, int limit) {
  return store_.users().List(after_id, limit);
}

core::Result<std::vector<accounts::User>> UserService::List(const AdminScope& by, AccountState state,
                                                            std::int64_t after_id, int limit) {
  std::vector<accounts::User> out;
  constexpr int kPage = 500;
  bool disabled = state == AccountState::kDisabled;
  while (static_cast<int>(out.size()) < limit) {
    OG_ASSIGN_OR_RETURN(auto page, store_.users().List(after_id, kPage));
    if (page.empty()) break;
    after_id = page.back().id;
    for (auto& u : page) {
      if (u.disabled == disabled && by.CoversUser(u) && static_cast<int>(out.size()) < limit) {
        out.push_back(std::move(u));
      }
    }
    if (page.size() < static_cast<std::size_t>(kPage)) break;
  }
  return out;
}

core::Result<accounts::User> UserService::Get(const AdminScope& by, std::int64_t id) {
  auto user = store_.users().FindById(id);
  if (!user) return std::move(user).error();
  if (!by.CoversUser(*user)) return core::NotFound("no user with id " + std::to_string(id));
  return user;
}

core::Result<void> UserService::SetPassword(const std::string& username, const std::string& password) {
  OG_RETURN_IF_ERROR(accounts::CheckPassword(policy_, password, username, "password"));
  OG_ASSIGN_OR_RETURN(auto user, store_.users().FindByUsername(username));
  OG_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  store::UserChange ch;
  ch.id = user.id;
  ch.password_hash = hash;
  ch.must_change_password = false;
  ch.revoke_sessions = true;
  OG_RETURN_IF_ERROR(Apply(ch));
  return core::Ok();
}

core::Result<accounts::User> UserService::Apply(const store::UserChange& change) {
  auto r = store_.users().Change(change, clock_.Now());
  // After the change is durable, so that no reader caches the account as it was.
  if (r && signed_out_) signed_out_();
  return r;
}

core::Result<accounts::User> UserService::SetDisabled(const AdminScope& by, const accounts::User& actor,
                                                      std::int64_t id, std::int64_t expected_version,
                                                      bool disabled) {
  OG_ASSIGN_OR_RETURN(auto user, Get(by, id));
  if (user.id == actor.id) {
    return core::FailedPrecondition("you cannot disable or enable your own account: another administrator must");
  }
  store::UserChange ch;
  ch.id = id;
  ch.expected_version = expected_version;
  ch.disabled = disabled;
  ch.revoke_sessions = disabled;
  return Apply(ch);
}

core::Result<accounts::User> UserService::ChangeGrants(const AdminScope& by, const accounts::User& actor,
                                                       std::int64_t id, std::int64_t expected_version,
                                                       std::vector<accounts::RoleGrant> roles,
                                                       std::string unit_code) {
  OG_ASSIGN_OR_RETURN(auto user, Get(by, id));
  accounts::NewUser shape{.username = user.username,
                          .display_name = user.display_name,
                          .phone = user.phone,
                          .unit_code = unit_code,
                          .roles = roles};
  OG_RETURN_IF_ERROR(accounts::ValidateNewUser(shape));
  OG_RETURN_IF_ERROR(by.CheckAccount(roles, unit_code));
  if (user.id == actor.id) {
    return core::FailedPrecondition("you cannot change your own grants: another administrator must");
  }
  store::UserChange ch;
  ch.id = id;
  ch.expected_version = expected_version;
  ch.roles = std::move(roles);
  ch.unit_code = std::move(unit_code);
  return Apply(ch);
}

core::Result<accounts::User> UserService::ResetPassword(const AdminScope& by, std::int64_t id,
                                                        std::int64_t expected_version, const std::string& password) {
  OG_ASSIGN_OR_RETURN(auto user, Get(by, id));
  OG_RETURN_IF_ERROR(accounts::CheckPassword(policy_, password, user.username, "password"));
  OG_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  store::UserChange ch;
  ch.id = id;
  ch.expected_version = expected_version;
  ch.password_hash = hash;
  ch.must_change_password = true;
  ch.revoke_sessions = true;
  return Apply(ch);
}

core::Result<accounts::User> UserService::ChangeOwnPassword(const accounts::User& user,
                                                            const std::string& session_token_hash,
                                                            const std::string& current_password,
                                                            const std::string& new_password) {
  OG_ASSIGN_OR_RETURN(auto stored, store_.users().FindById(user.id));
  OG_ASSIGN_OR_RETURN(bool right, hasher_.Verify(stored.password_hash, current_password));
  if (!right) return core::InvalidArgument("is not your current password", "current_password");
  OG_RETURN_IF_ERROR(accounts::CheckPassword(policy_, new_password, stored.username, "new_password"));
  if (new_password == current_password) {
    return core::InvalidArgument("must differ from the current password", "new_password");
  }
  OG_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(new_password));
  store::UserChange ch;
  ch.id = user.id;
  ch.password_hash = hash;
  ch.must_change_password = false;
  ch.revoke_sessions = true;
  ch.keep_session = session_token_hash;
  return Apply(ch);
}

}  // namespace onegrid::service
