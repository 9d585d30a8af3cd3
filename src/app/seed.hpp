// `onegrid seed demo`: the demo district's accounts — an administrator and one user per role of
// governance.md §4 — created when missing, never overwritten.
#pragma once

#include <string>
#include <vector>

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

core::Result<std::vector<DemoAccount>> SeedDemoAccounts(service::UserService& users,
                                                        store::Store& store,
                                                        const std::string& password);

}  // namespace onegrid::app
