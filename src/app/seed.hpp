// `onegrid seed demo`: the demo district's accounts — an administrator and one user per role of
// governance.md §4 — created when missing, never overwritten.
#pragma once

#include <string>
#include <vector>

#include "service/area_service.hpp"
#include "service/routing_service.hpp"
#include "service/unit_service.hpp"
#include "service/user_service.hpp"
#include "store/store.hpp"

namespace onegrid::app {

struct DemoAccount {
  std::string username;
  std::string display_name;
  std::string role;
  bool created = false;  // false when it existed already
};

inline constexpr const char* kDemoDistrictCode = "410104";  // 管城回族区
inline constexpr const char* kDemoUnitCode = "CGJ";        // 管城回族区城市管理局, the demo unit

// Builds the real demo district from the boundary data shipped in the binary and imports it
// through the same rules as any import, unless the map already has areas. Returns the notes
// of what was chosen (empty when nothing was done).
core::Result<std::vector<std::string>> SeedDemoDistrict(service::AreaService& areas,
                                                        const core::Clock& clock,
                                                        const service::ImportProgress& progress);

// The demo accounts (the unit roles scoped to the demo unit), then the demo unit with its
// leader and members, each only where missing.
core::Result<std::vector<DemoAccount>> SeedDemoAccounts(service::UserService& users,
                                                        service::UnitService& units,
                                                        store::Store& store,
                                                        const std::string& password);

// The units that handle the demo district's cases — the street office of every street (属地) and
// the departments the demo rules name — and, when no routing rules were ever saved, a first rule
// set sending each class of problem to its department (the rest falls back to the street). Each
// only where missing.
core::Result<void> SeedDemoRouting(service::AreaService& areas, service::UnitService& units,
                                   service::RoutingService& routing);

}  // namespace onegrid::app
