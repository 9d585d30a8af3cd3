#include "app/seed.hpp"

#include <nlohmann/json.hpp>

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

core::Result<void> SeedDemoRouting(service::AreaService& areas, service::UnitService& units,
                                   service::RoutingService& routing) {
  auto ensure = [&](accounts::Unit u) -> core::Result<void> {
    auto found = units.Get(u.code);
    if (found) return core::Ok();
    if (found.error().code != core::ErrorCode::kNotFound) return std::move(found).error();
    OG_RETURN_IF_ERROR(units.Create(std::move(u)));
    return core::Ok();
  };
  for (const areas::Area* street : areas.map()->AtLevel(areas::AreaLevel::kStreet)) {
    accounts::Unit u;
    u.code = "JD" + street->code.substr(6, 3);  // 街道: the street's own three digits
    u.name = street->name + "办事处";
    u.kind = accounts::UnitKind::kStreetOffice;
    u.area_code = street->code;
    u.contact = "12345";
    OG_RETURN_IF_ERROR(ensure(std::move(u)));
  }
  struct Department {
    const char* code;
    const char* name;
  };
  static const Department kDepartments[] = {
      {"ZJJ", "管城回族区住房和城乡建设局"},
      {"JJDD", "郑州市公安局交通警察支队管城大队"},
      {"YLJ", "管城回族区园林绿化中心"},
  };
  for (const auto& d : kDepartments) {
    accounts::Unit u;
    u.code = d.code;
    u.name = d.name;
    u.kind = accounts::UnitKind::kDepartment;
    u.contact = "12345";
    OG_RETURN_IF_ERROR(ensure(std::move(u)));
  }
  if (!routing.Versions().empty()) return core::Ok();
  auto rules = nlohmann::json::parse(R"({"rules": [
    {"name": "市容环境 → 城管局", "category": "matter:06", "lead_unit": "CGJ", "auto_dispatch": true},
    {"name": "宣传广告 → 城管局", "category": "matter:07", "lead_unit": "CGJ", "auto_dispatch": true},
    {"name": "街面秩序 → 城管局", "category": "matter:09", "lead_unit": "CGJ"},
    {"name": "机动车乱停放 → 交警", "category": "matter:09009", "lead_unit": "JJDD", "auto_dispatch": true},
    {"name": "施工管理 → 住建局", "category": "matter:08", "lead_unit": "ZJJ"},
    {"name": "园林绿化 → 园林中心", "category": "matter:04", "lead_unit": "YLJ"},
    {"name": "园林绿化部件 → 园林中心", "category": "component:04", "lead_unit": "YLJ"},
    {"name": "市容环卫部件 → 城管局", "category": "component:03", "lead_unit": "CGJ"}
  ]})");
  OG_RETURN_IF_ERROR(routing.Replace(rules, 0, "demo rules, seeded"));
  return core::Ok();
}

}  // namespace onegrid::app
