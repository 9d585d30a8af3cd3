// The roles a user can hold (shared/domain/governance.md §4) with their wire names and labels.
// Each grant is scoped: to an area code (district, street, community, grid) or a unit code.
// Pure values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onegrid::accounts {

enum class Role {
  kAdmin,           // 系统管理员: users, units, rules, policies
  kGridWorker,      // 监督员/网格员: patrol, report, verify (核实), check (核查)
  kIntakeOperator,  // 受理员: accepts reports
  kShiftLead,       // 值班长: registers (立案), closes (结案), approves return/extension/hang
  kDispatcher,      // 派遣员: dispatches to the handling unit
  kUnitStaff,       // 专业部门/处置单位: signs for and handles cases
  kLeader,          // 指挥长/领导: supervises (督办), watches rankings
  kUnitLeader,      // 处置单位负责人: sees the unit's cases, receives their supervision (督办)
};

// Roles scoped to a unit (the case's current unit) rather than to an area.
bool IsUnitRole(Role role);

struct RoleInfo {
  Role role;
  std::string_view name;      // wire name, e.g. "grid_worker"
  std::string_view label_zh;  // 网格员
  std::string_view label_en;  // Grid worker
};

const std::vector<RoleInfo>& AllRoles();
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct RoleGrant {
  Role role = Role::kGridWorker;
  std::string scope;  // area code ("410104") or unit code the role applies to
  bool operator==(const RoleGrant&) const = default;
};

}  // namespace onegrid::accounts
