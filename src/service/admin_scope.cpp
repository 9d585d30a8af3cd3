#include "service/admin_scope.hpp"

#include <algorithm>

namespace onegrid::service {
namespace {

using accounts::Role;
using areas::AreaLevel;

// The area levels a role may be granted on (docs/access.md): an operations-center role serves
// the district or a street; a leader or administrator a community at the smallest; a grid
// worker any area down to a grid.
bool FitsLevel(Role role, AreaLevel level) {
  switch (role) {
    case Role::kGridWorker:
      return true;
    case Role::kIntakeOperator:
    case Role::kShiftLead:
    case Role::kDispatcher:
      return level == AreaLevel::kDistrict || level == AreaLevel::kStreet;
    case Role::kAdmin:
    case Role::kLeader:
      return level != AreaLevel::kGrid;
    case Role::kUnitStaff:
    case Role::kUnitLeader:
      return false;
  }
  return false;
}

std::string LevelsOf(Role role) {
  std::string out;
  for (int i = 0; i < areas::kLevelCount; ++i) {
    auto level = static_cast<AreaLevel>(i);
    if (!FitsLevel(role, level)) continue;
    if (!out.empty()) out += ", ";
    out += std::string(areas::LevelName(level));
  }
  return out;
}

}  // namespace

AdminScope AdminScope::Operator(std::shared_ptr<const areas::AreaMap> map, store::UnitRepository& units) {
  AdminScope s(std::move(map), units);
  s.map_empty_ = s.map_->AtLevel(AreaLevel::kDistrict).empty();
  s.district_wide_ = true;
  return s;
}

core::Result<AdminScope> AdminScope::Of(const accounts::User& user, std::shared_ptr<const areas::AreaMap> map,
                                        store::UnitRepository& units) {
  AdminScope s(std::move(map), units);
  s.map_empty_ = s.map_->AtLevel(AreaLevel::kDistrict).empty();
  bool admin = false;
  for (const auto& g : user.roles) {
    if (g.role != Role::kAdmin) continue;
    admin = true;
    auto level = s.LevelOf(g.scope);
    if (!level) continue;  // a grant on an area no longer on the map manages nothing
    if (*level == AreaLevel::kDistrict) s.district_wide_ = true;
    s.areas_.push_back(g.scope);
  }
  if (!admin) return core::PermissionDenied("only an administrator may do this");
  return s;
}

core::Result<void> AdminScope::RequireDistrictWide() const {
  if (district_wide_) return core::Ok();
  return core::PermissionDenied("only the district's administrator may change this for the whole district");
}

std::optional<AreaLevel> AdminScope::LevelOf(const std::string& code) const {
  if (const auto* a = map_->Find(code)) return a->level;
  if (!map_empty_) return std::nullopt;
  for (int i = 0; i < areas::kLevelCount; ++i) {
    auto level = static_cast<AreaLevel>(i);
    if (areas::ValidateCode(level, code, "scope")) return level;
  }
  return std::nullopt;
}

std::vector<std::string> AdminScope::AreaChain(const std::string& code) const {
  std::vector<std::string> chain;
  if (map_->Find(code) != nullptr) {
    for (const auto* a = map_->Find(code); a != nullptr && chain.size() < areas::kLevelCount;
         a = a->parent_code.empty() ? nullptr : map_->Find(a->parent_code)) {
      chain.push_back(a->code);
    }
    return chain;
  }
  auto level = LevelOf(code);
  if (!level) return chain;
  std::string at = code;
  for (int i = static_cast<int>(*level); i >= 0 && !at.empty(); --i) {
    chain.push_back(at);
    at = areas::ParentCode(static_cast<AreaLevel>(i), at);
  }
  return chain;
}

bool AdminScope::CoversArea(const std::string& code) const {
  auto chain = AreaChain(code);
  if (chain.empty()) return false;
  if (district_wide_) return true;
  return std::any_of(chain.begin(), chain.end(), [&](const std::string& c) {
    return std::find(areas_.begin(), areas_.end(), c) != areas_.end();
  });
}

bool AdminScope::CoversUnitRecord(const accounts::Unit& unit) const {
  if (district_wide_) return true;
  // A unit serves the street it names; a unit under a covered unit is covered (at most a few
  // levels: the parent chain has no cycles, UnitService checks that).
  accounts::Unit at = unit;
  for (int depth = 0; depth < 16; ++depth) {
    if (!at.area_code.empty() && CoversArea(at.area_code)) return true;
    if (at.parent_code.empty()) return false;
    auto parent = units_->Get(at.parent_code);
    if (!parent) return false;
    at = std::move(*parent);
  }
  return false;
}

bool AdminScope::CoversUnit(const std::string& code) const {
  auto unit = units_->Get(code);
  return unit && CoversUnitRecord(*unit);
}

bool AdminScope::CoversUser(const accounts::User& user) const {
  if (district_wide_) return true;
  if (user.roles.empty() && user.unit_code.empty()) return false;
  for (const auto& g : user.roles) {
    bool inside = accounts::IsUnitRole(g.role) ? CoversUnit(g.scope) : CoversArea(g.scope);
    if (!inside) return false;
  }
  return user.unit_code.empty() || CoversUnit(user.unit_code);
}

std::string AdminScope::Unfit(const accounts::RoleGrant& g) const {
  if (accounts::IsUnitRole(g.role)) {
    auto unit = units_->Get(g.scope);
    if (unit) return "";
    if (unit.error().code != core::ErrorCode::kNotFound) return "could not be checked: " + unit.error().message;
    return "is not a unit (" + std::string(accounts::RoleName(g.role)) + " is granted on the code of a unit)";
  }
  auto level = LevelOf(g.scope);
  if (!level) {
    return map_empty_ ? "is not an area code (6, 12 or 15 characters, GB/T 2260 and GB/T 47678.3)"
                      : "is not an area of the district's map";
  }
  if (!FitsLevel(g.role, *level)) {
    return "is a " + std::string(areas::LevelName(*level)) + "; a " + std::string(accounts::RoleName(g.role)) +
           " is granted on a " + LevelsOf(g.role);
  }
  return "";
}

core::Result<void> AdminScope::CheckAccount(const std::vector<accounts::RoleGrant>& roles,
                                            const std::string& unit_code) const {
  std::vector<core::ErrorDetail> bad, outside;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    std::string field = "roles[" + std::to_string(i) + "].scope";
    if (auto why = Unfit(roles[i]); !why.empty()) {
      bad.push_back({field, why});
      continue;
    }
    bool inside = accounts::IsUnitRole(roles[i].role) ? CoversUnit(roles[i].scope) : CoversArea(roles[i].scope);
    if (!inside) outside.push_back({field, "is outside the areas and units you administer"});
  }
  if (!unit_code.empty()) {
    auto unit = units_->Get(unit_code);
    if (!unit) {
      bad.push_back({"unit_code", "is not a unit"});
    } else if (!CoversUnitRecord(*unit)) {
      outside.push_back({"unit_code", "is outside the areas and units you administer"});
    }
  }
  if (!bad.empty()) {
    core::Error e = core::InvalidArgument(bad[0].message, bad[0].field);
    e.details = bad;
    return e;
  }
  if (!outside.empty()) {
    core::Error e{core::ErrorCode::kPermissionDenied, outside[0].message, outside[0].field, outside};
    return e;
  }
  return core::Ok();
}

}  // namespace onegrid::service
