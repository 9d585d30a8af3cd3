#include "service/unit_service.hpp"

#include <set>

namespace onegrid::service {

core::Result<void> UnitService::CheckReferences(const accounts::Unit& u) {
  if (!u.parent_code.empty()) {
    // The parent must exist, and following parents must never come back to this unit.
    std::set<std::string> seen = {u.code};
    std::string at = u.parent_code;
    while (!at.empty()) {
      if (!seen.insert(at).second) return core::InvalidArgument("would make a cycle of parents", "parent_code");
      auto parent = store_.units().Get(at);
      if (!parent) {
        if (parent.error().code == core::ErrorCode::kNotFound) {
          return core::InvalidArgument("no unit " + at + " (see /api/v1/units)", "parent_code");
        }
        return std::move(parent).error();
      }
      at = parent->parent_code;
    }
  }
  if (u.leader_id) {
    auto leader = store_.users().FindById(*u.leader_id);
    if (!leader) {
      if (leader.error().code == core::ErrorCode::kNotFound) return core::InvalidArgument("no such user", "leader_id");
      return std::move(leader).error();
    }
  }
  if (!u.area_code.empty()) {
    const auto* area = areas_.map()->Find(u.area_code);
    if (area == nullptr || area->level != areas::AreaLevel::kStreet) {
      return core::InvalidArgument("must be the code of a street of the map", "area_code");
    }
  }
  return core::Ok();
}

namespace {

core::Error Outside(const accounts::Unit& u) {
  std::string field = u.area_code.empty() && !u.parent_code.empty() ? "parent_code" : "area_code";
  return {core::ErrorCode::kPermissionDenied, "is outside the areas and units you administer", field, {}};
}

}  // namespace

core::Result<accounts::Unit> UnitService::Create(const AdminScope* by, accounts::Unit u) {
  OG_RETURN_IF_ERROR(accounts::ValidateUnit(u));
  OG_RETURN_IF_ERROR(CheckReferences(u));
  if (by != nullptr && !by->CoversUnitRecord(u)) return Outside(u);
  u.created_at = u.updated_at = clock_.Now();
  OG_RETURN_IF_ERROR(store_.units().Create(u));
  return u;
}

core::Result<accounts::Unit> UnitService::Update(const AdminScope& by, accounts::Unit u) {
  OG_ASSIGN_OR_RETURN(auto current, store_.units().Get(u.code));
  OG_RETURN_IF_ERROR(accounts::ValidateUnit(u));
  OG_RETURN_IF_ERROR(CheckReferences(u));
  if (!by.CoversUnitRecord(current)) return core::PermissionDenied("unit " + u.code + " is outside what you administer");
  if (!by.CoversUnitRecord(u)) return Outside(u);
  u.created_at = current.created_at;
  u.updated_at = clock_.Now();
  OG_RETURN_IF_ERROR(store_.units().Update(u));
  return u;
}

core::Result<std::vector<accounts::User>> UnitService::Members(const std::string& code) {
  OG_RETURN_IF_ERROR(store_.units().Get(code));
  return store_.units().Members(code);
}

core::Result<std::vector<accounts::User>> UnitService::SetMembers(const AdminScope* by, const std::string& code,
                                                                 const std::vector<std::int64_t>& ids) {
  OG_ASSIGN_OR_RETURN(auto unit, store_.units().Get(code));
  std::set<std::int64_t> unique;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!unique.insert(ids[i]).second) {
      return core::InvalidArgument("names a user twice", "user_ids[" + std::to_string(i) + "]");
    }
  }
  if (by != nullptr) {
    if (!by->CoversUnitRecord(unit)) return core::PermissionDenied("unit " + code + " is outside what you administer");
    OG_ASSIGN_OR_RETURN(auto members, store_.units().Members(code));
    std::set<std::int64_t> before;
    for (const auto& m : members) {
      before.insert(m.id);
      if (!unique.contains(m.id) && !by->CoversUser(m)) {
        return core::Error{core::ErrorCode::kPermissionDenied,
                           "takes off " + m.username + ", an account outside what you administer", "user_ids", {}};
      }
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (before.contains(ids[i])) continue;
      auto user = store_.users().FindById(ids[i]);
      if (!user) {
        if (user.error().code != core::ErrorCode::kNotFound) return std::move(user).error();
        return core::NotFound("no user " + std::to_string(ids[i]), "user_ids[" + std::to_string(i) + "]");
      }
      if (!by->CoversUser(*user)) {
        return core::Error{core::ErrorCode::kPermissionDenied, "is an account outside what you administer",
                           "user_ids[" + std::to_string(i) + "]", {}};
      }
    }
  }
  OG_RETURN_IF_ERROR(store_.units().SetMembers(code, ids, clock_.Now()));
  return store_.units().Members(code);
}

}  // namespace onegrid::service
