// Managing the units that handle cases: each unit checked field by field (accounts::ValidateUnit)
// and against what it names — its parent unit (no cycles), its leader (a user), the street a
// street office serves (a street of the map) — before anything is written; members are set as a
// whole list. Blocking; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "accounts/unit.hpp"
#include "core/clock.hpp"
#include "service/admin_scope.hpp"
#include "service/area_service.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class UnitService {
 public:
  UnitService(store::Store& store, AreaService& areas, const core::Clock& clock)
      : store_(store), areas_(areas), clock_(clock) {}

  // Without `by`: trusted callers (the demo's seed, fixtures). With it: after the unit's own
  // checks, the unit must lie inside what `by` manages, as it is and as it will be (403 naming
  // area_code, or parent_code for a unit without a street).
  core::Result<accounts::Unit> Create(accounts::Unit unit) { return Create(nullptr, std::move(unit)); }
  core::Result<accounts::Unit> Create(const AdminScope& by, accounts::Unit unit) { return Create(&by, std::move(unit)); }
  // Replaces every field but the code and the creation time.
  core::Result<accounts::Unit> Update(const AdminScope& by, accounts::Unit unit);
  core::Result<accounts::Unit> Get(const std::string& code) { return store_.units().Get(code); }
  core::Result<std::vector<accounts::Unit>> List(const std::string& after_code, int limit) {
    return store_.units().List(after_code, limit);
  }
  core::Result<std::vector<accounts::User>> Members(const std::string& code);
  core::Result<std::vector<accounts::User>> SetMembers(const std::string& code, const std::vector<std::int64_t>& user_ids) {
    return SetMembers(nullptr, code, user_ids);
  }
  // Also: the unit, and every account added or taken off, inside what `by` manages (403).
  core::Result<std::vector<accounts::User>> SetMembers(const AdminScope& by, const std::string& code,
                                                       const std::vector<std::int64_t>& user_ids) {
    return SetMembers(&by, code, user_ids);
  }

 private:
  core::Result<accounts::Unit> Create(const AdminScope* by, accounts::Unit unit);
  core::Result<std::vector<accounts::User>> SetMembers(const AdminScope* by, const std::string& code,
                                                       const std::vector<std::int64_t>& user_ids);
  core::Result<void> CheckReferences(const accounts::Unit& unit);
  store::Store& store_;
  AreaService& areas_;
  const core::Clock& clock_;
};

}  // namespace onegrid::service
