// The case state machine as one table (governance.md §5): every action names the state it
// starts from, the state it leads to and the roles that may take it; a kind (event, component
// fault, hazard, supervision item, whistle call) selects its variant by leaving actions out.
// Any (state, action) pair not in the table is refused, naming the state and the actions
// allowed there. Pure data and functions; thread-safe.
//
//   reported ─accept→ accepted ─register→ registered ─dispatch→ dispatched ─sign→ handling
//      └─reject→ rejected   │ └request_verify→ verifying ─confirm→ accepted / ─refute→ cancelled
//                           └cancel→ cancelled
//   dispatched|handling ─request_return→ return_requested ─approve_return→ registered
//                                                          └deny_return→ handling
//   handling ─request_extension→ extension_requested ─approve/deny_extension→ handling
//   handling ─request_hang→ hang_requested ─approve_hang→ hung ─resume→ handling
//                                          └deny_hang→ handling
//   handling ─feedback→ handled ─check_pass (核查通过)→ checking ─close (结案)→ closed
//                               └check_fail (返工)→ handling      └send_back (返工)→ handling
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/role.hpp"
#include "core/result.hpp"

namespace onegrid::cases {

enum class State {
  kReported,
  kAccepted,
  kVerifying,
  kRegistered,
  kDispatched,
  kHandling,
  kHandled,
  kChecking,
  kClosed,
  kRejected,
  kCancelled,
  kHung,
  kReturnRequested,     // 回退申请, awaiting the shift lead
  kExtensionRequested,  // 延期申请
  kHangRequested,       // 挂账申请
};
inline constexpr int kStateCount = 15;
std::string_view StateName(State s);
std::optional<State> ParseState(std::string_view name);
bool IsTerminal(State s);

enum class Kind { kEvent, kComponentFault, kHazard, kSupervisionItem, kWhistleCall };
std::string_view KindName(Kind k);
std::optional<Kind> ParseKind(std::string_view name);

struct ActionRule {
  std::string_view action;  // wire name, e.g. "dispatch"
  State from;
  State to;
  std::vector<accounts::Role> roles;
  std::string_view label_zh;
  bool needs_unit = false;  // the action names a unit (dispatch)
};

// Every row of the table.
const std::vector<ActionRule>& ActionTable();
bool KnownAction(std::string_view action);
// The actions a kind allows from a state.
std::vector<std::string_view> AllowedActions(Kind kind, State from);

// The row for (kind, state, action), or kFailedPrecondition naming the state and what is
// allowed there (kInvalidArgument for an action that does not exist at all).
core::Result<const ActionRule*> FindRule(Kind kind, State from, std::string_view action);

}  // namespace onegrid::cases
