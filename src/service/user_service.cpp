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

core::Result<std::vector<accounts::User>> UserService::List(std::int64_t after_id, int limit) {
  return store_.users().List(after_id, limit);
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
