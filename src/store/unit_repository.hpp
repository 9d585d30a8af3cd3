// Storage of units and of who belongs to them (users.unit_code). Contract as in store.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/unit.hpp"
#include "accounts/user.hpp"
#include "core/result.hpp"

namespace onegrid::store {

class UnitRepository {
 public:
  virtual ~UnitRepository() = default;
  // kAlreadyExists (field "code") when the code is taken.
  virtual core::Result<void> Create(const accounts::Unit& unit) = 0;
  // kNotFound when there is no such unit.
  virtual core::Result<void> Update(const accounts::Unit& unit) = 0;
  virtual core::Result<accounts::Unit> Get(const std::string& code) = 0;
  // Ordered by code, codes after `after_code`.
  virtual core::Result<std::vector<accounts::Unit>> List(const std::string& after_code, int limit) = 0;
  // The active street offices serving this street (属地), by code.
  virtual core::Result<std::vector<accounts::Unit>> ForArea(const std::string& area_code) = 0;
  // The users whose unit this is, by id.
  virtual core::Result<std::vector<accounts::User>> Members(const std::string& code) = 0;
  // Makes exactly these users the unit's members (others of it leave it), in one transaction.
  // kNotFound (field "user_ids") when a user does not exist.
  virtual core::Result<void> SetMembers(const std::string& code, const std::vector<std::int64_t>& user_ids,
                                        core::Instant now) = 0;
};

}  // namespace onegrid::store
