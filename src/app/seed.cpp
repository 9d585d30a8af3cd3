#include "app/seed.hpp"

namespace onegrid::app {

core::Result<std::vector<DemoAccount>> SeedDemoAccounts(service::UserService& users,
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
                          .roles = {{s.role, kDemoDistrictCode}}};
      OG_RETURN_IF_ERROR(users.Add(u, password));
      a.created = true;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace onegrid::app
