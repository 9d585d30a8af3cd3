#include "accounts/role.hpp"

namespace onegrid::accounts {

const std::vector<RoleInfo>& AllRoles() {
  static const std::vector<RoleInfo> roles = {
      {Role::kAdmin, "admin", "系统管理员", "Administrator"},
      {Role::kGridWorker, "grid_worker", "网格员", "Grid worker"},
      {Role::kIntakeOperator, "intake_operator", "受理员", "Intake operator"},
      {Role::kShiftLead, "shift_lead", "值班长", "Shift lead"},
      {Role::kDispatcher, "dispatcher", "派遣员", "Dispatcher"},
      {Role::kUnitStaff, "unit_staff", "处置单位人员", "Handling unit staff"},
      {Role::kLeader, "leader", "指挥长", "Leader"},
      {Role::kUnitLeader, "unit_leader", "处置单位负责人", "Handling unit leader"},
  };
  return roles;
}

bool IsUnitRole(Role role) { return role == Role::kUnitStaff || role == Role::kUnitLeader; }

std::string_view RoleName(Role role) {
  for (const auto& r : AllRoles()) {
    if (r.role == role) return r.name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : AllRoles()) {
    if (r.name == name) return r.role;
  }
  return std::nullopt;
}

}  // namespace onegrid::accounts
