// What an administrator may manage (issue #21, docs/access.md "Administration"): the areas of
// their admin grants with everything below them, the units serving those areas (a street
// office's street) with the units under them, and the accounts all of whose grants and unit lie
// inside. An admin grant on a district manages all of it (district-wide), and only the
// district-wide administrator changes what holds for the whole district: the map, the calendar,
// SLA policies, routing rules and evaluation schemes.
//
// Grants given to an account are checked against what exists and the role's kind: area roles
// on an area of the map of a fitting level, unit roles on a unit; on a map with no district yet
// (a new installation) an area grant needs only a well-formed code of a fitting level, so that
// the first administrator can be made before the map is imported. A grant outside what the
// granting administrator manages is refused (403), one that is not well-formed (400), both
// naming the field (roles[i].scope, unit_code).
//
// A value made for one request from the map and units in force; not thread-safe, cheap to make.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "areas/area_map.hpp"
#include "core/result.hpp"
#include "store/unit_repository.hpp"

namespace onegrid::service {

class AdminScope {
 public:
  // The operator at the server's shell (the CLI): manages everything; grants are still checked
  // against what exists.
  static AdminScope Operator(std::shared_ptr<const areas::AreaMap> map, store::UnitRepository& units);
  // The signed-in user's administration; kPermissionDenied without an admin grant.
  static core::Result<AdminScope> Of(const accounts::User& user, std::shared_ptr<const areas::AreaMap> map,
                                     store::UnitRepository& units);

  bool district_wide() const { return district_wide_; }
  // kPermissionDenied unless district-wide.
  core::Result<void> RequireDistrictWide() const;

  // Whether the area (a code of the map, or on an empty map a well-formed code) lies inside.
  bool CoversArea(const std::string& code) const;
  // Whether the unit with this code exists and lies inside (its street, or a unit above it).
  bool CoversUnit(const std::string& code) const;
  bool CoversUnitRecord(const accounts::Unit& unit) const;
  // Whether every grant and the unit of the account lie inside.
  bool CoversUser(const accounts::User& user) const;

  // Checks the grants and unit an account is to have: each grant's scope exists and fits its
  // role (400 roles[i].scope), the unit exists (400 unit_code), and all lie inside (403, the
  // same fields). Every problem is listed in the details.
  core::Result<void> CheckAccount(const std::vector<accounts::RoleGrant>& roles, const std::string& unit_code) const;

 private:
  AdminScope(std::shared_ptr<const areas::AreaMap> map, store::UnitRepository& units)
      : map_(std::move(map)), units_(&units) {}
  // The level of an area code: from the map, or on a map without a district from its form.
  std::optional<areas::AreaLevel> LevelOf(const std::string& code) const;
  // The code and its ancestors, nearest first (the map's parents, or the form's on an empty map).
  std::vector<std::string> AreaChain(const std::string& code) const;
  // Why the grant cannot be given at all (empty when it can).
  std::string Unfit(const accounts::RoleGrant& grant) const;

  std::shared_ptr<const areas::AreaMap> map_;
  store::UnitRepository* units_;
  bool district_wide_ = false;
  bool map_empty_ = false;
  std::vector<std::string> areas_;  // the admin grants' area codes
};

}  // namespace onegrid::service
