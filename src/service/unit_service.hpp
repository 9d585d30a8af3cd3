// Managing the units that handle cases: each unit checked field by field (accounts::ValidateUnit)
// and against what it names — its parent unit (no cycles), its leader (a user), the street a
// street office serves (a street of the map) — before anything is written; members are set as a
// whole list. Blocking; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "accounts/unit.hpp"
#include "core/clock.hpp"
#include "service/area_service.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class UnitService {
 public:
  UnitService(store::Store& store, AreaService& areas, const core::Clock& clock)
      : store_(store), areas_(areas), clock_(clock) {}

  core::Result<accounts::Unit> Create(accounts::Unit unit);
  // Replaces every field but the code and the creation time.
  core::Result<accounts::Unit> Update(accounts::Unit unit);
  core::Result<accounts::Unit> Get(const std::string& code) { return store_.units().Get(code); }
  core::Result<std::vector<accounts::Unit>> List(const std::string& after_code, int limit) {
    return store_.units().List(after_code, limit);
  }
  core::Result<std::vector<accounts::User>> Members(const std::string& code);
  core::Result<std::vector<accounts::User>> SetMembers(const std::string& code, const std::vector<std::int64_t>& user_ids);

 private:
  core::Result<void> CheckReferences(const accounts::Unit& unit);
  store::Store& store_;
  AreaService& areas_;
  const core::Clock& clock_;
};

}  // namespace onegrid::service
