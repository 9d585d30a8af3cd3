#include "app/seed.hpp"

#include "areas/demo_district.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& demo_data();
}  // namespace onegrid::embedded

namespace onegrid::app {
namespace {

std::string_view DemoFile(std::string_view name) {
  for (const auto& [n, bytes] : embedded::demo_data()) {
    if (n == name) return bytes;
  }
  return {};
}

}  // namespace

core::Result<std::vector<std::string>> SeedDemoDistrict(service::AreaService& areas,
                                                        const core::Clock& clock,
                                                        const service::ImportProgress& progress) {
  if (areas.map()->size() > 0) return std::vector<std::string>{};
  OG_ASSIGN_OR_RETURN(
      auto demo, areas::BuildDemoDistrict({DemoFile("guancheng_410104_wgs84.geojson"),
                                           DemoFile("guancheng_townships_2000s_wgs84.geojson"),
                                           DemoFile("guancheng_streets_codes_2022.json")},
                                          clock.Now(), progress));
  OG_RETURN_IF_ERROR(areas.ImportAreas(std::move(demo.areas), progress));
  return demo.notes;
}

core::Result<std::vector<DemoAccount>> SeedDemoAccounts(service::UserService& users,
                                                        service::UnitService& units,
                                                        store::Store& store,
                                                        const std::string& password) {
  using accounts::Role;
  struct Spec {
    const char* username;
    const char* display_name;
    Role role;
  };
  static const Spec kSpecs[] = {
      {"admin", "系统管理员", Role::kAdmin},
      {"grid_worker", "李网格（网格员）", Role::kGridWorker},
      {"intake_operator", "王受理（受理员）", Role::kIntakeOperator},
      {"shift_lead", "赵值班（值班长）", Role::kShiftLead},
      {"dispatcher", "陈派遣（派遣员）", Role::kDispatcher},
      {"unit_staff", "刘处置（处置单位）", Role::kUnitStaff},
      {"leader", "周指挥（指挥长）", Role::kLeader},
      {"unit_leader", "孙主任（处置单位负责人）", Role::kUnitLeader},
  };
  std::vector<DemoAccount> out;
  for (const auto& s : kSpecs) {
    DemoAccount a{s.username, s.display_name, std::string(accounts::RoleName(s.role)), false};
    auto existing = store.users().FindByUsername(s.username);
    if (!existing) {
      if (existing.error().code != core::ErrorCode::kNotFound) return std::move(existing).error();
      accounts::NewUser u{.username = s.username,
                          .display_name = s.display_name,
                          .phone = "",
                          .unit_code = "",
                          .roles = {{s.role, accounts::IsUnitRole(s.role) ? kDemoUnitCode : kDemoDistrictCode}}};
      OG_RETURN_IF_ERROR(users.Add(u, password));
      a.created = true;
    }
    out.push_back(std::move(a));
  }
  auto unit = units.Get(kDemoUnitCode);
  if (!unit && unit.error().code != core::ErrorCode::kNotFound) return std::move(unit).error();
  if (!unit) {
    OG_ASSIGN_OR_RETURN(auto leader, store.users().FindByUsername("unit_leader"));
    OG_ASSIGN_OR_RETURN(auto staff, store.users().FindByUsername("unit_staff"));
    accounts::Unit u;
    u.code = kDemoUnitCode;
    u.name = "管城回族区城市管理局";
    u.kind = accounts::UnitKind::kDepartment;
    u.contact = "12345";
    u.leader_id = leader.id;
    OG_RETURN_IF_ERROR(units.Create(u));
    OG_RETURN_IF_ERROR(units.SetMembers(kDemoUnitCode, {staff.id, leader.id}));
  }
  return out;
}

}  // namespace onegrid::app
