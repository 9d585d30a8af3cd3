#include "service/user_service.hpp"

#include "service/password.hpp"

namespace onegrid::service {

core::Result<accounts::User> UserService::Add(const accounts::NewUser& user,
                                              const std::string& password) {
  OG_RETURN_IF_ERROR(accounts::ValidateNewUser(user));
  OG_RETURN_IF_ERROR(accounts::ValidatePassword(password, "password"));
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

core::Result<std::vector<accounts::User>> UserService::List(const AdminScope& by, std::int64_t after_id, int limit) {
  if (by.district_wide()) return List(after_id, limit);
  std::vector<accounts::User> out;
  constexpr int kPage = 500;
  while (static_cast<int>(out.size()) < limit) {
    OG_ASSIGN_OR_RETURN(auto page, store_.users().List(after_id, kPage));
    if (page.empty()) break;
    after_id = page.back().id;
    for (auto& u : page) {
      if (by.CoversUser(u) && static_cast<int>(out.size()) < limit) out.push_back(std::move(u));
    }
    if (page.size() < static_cast<std::size_t>(kPage)) break;
  }
  return out;
}

core::Result<accounts::User> UserService::Get(const AdminScope& by, std::int64_t id) {
  auto user = store_.users().FindById(id);
  if (!user) return std::move(user).error();
  if (!by.CoversUser(*user)) return core::NotFound("no user " + std::to_string(id));
  return user;
}

core::Result<void> UserService::SetPassword(const std::string& username,
                                            const std::string& password) {
  OG_RETURN_IF_ERROR(accounts::ValidatePassword(password, "password"));
  OG_ASSIGN_OR_RETURN(auto user, store_.users().FindByUsername(username));
  OG_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  OG_RETURN_IF_ERROR(store_.users().SetPasswordHash(user.id, hash, clock_.Now()));
  if (signed_out_) signed_out_();
  return core::Ok();
}

}  // namespace onegrid::service
