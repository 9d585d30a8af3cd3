#include "cases/workflow.hpp"

#include <algorithm>
#include <array>

namespace onegrid::cases {
namespace {

using accounts::Role;

constexpr std::array<std::string_view, kStateCount> kStateNames = {
    "reported", "accepted", "verifying", "registered", "dispatched",
    "handling", "handled",  "checking",  "closed",     "rejected",
    "cancelled", "hung",    "return_requested", "extension_requested", "hang_requested"};

constexpr std::array<std::string_view, 5> kKindNames = {"event", "component_fault", "hazard",
                                                        "supervision_item", "whistle_call"};

// Actions each kind leaves out: work found by the district's own staff (hazards on patrol,
// supervision items, a street's call) needs no on-site verification of a public report.
bool KindAllows(Kind kind, std::string_view action) {
  bool verify = action == "request_verify" || action == "confirm" || action == "refute";
  if (!verify) return true;
  return kind == Kind::kEvent || kind == Kind::kComponentFault;
}

}  // namespace

std::string_view StateName(State s) { return kStateNames[static_cast<int>(s)]; }

std::optional<State> ParseState(std::string_view name) {
  for (int i = 0; i < kStateCount; ++i) {
    if (kStateNames[i] == name) return static_cast<State>(i);
  }
  return std::nullopt;
}

bool IsTerminal(State s) {
  return s == State::kClosed || s == State::kRejected || s == State::kCancelled;
}

std::string_view KindName(Kind k) { return kKindNames[static_cast<int>(k)]; }

std::optional<Kind> ParseKind(std::string_view name) {
  for (int i = 0; i < static_cast<int>(kKindNames.size()); ++i) {
    if (kKindNames[i] == name) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

const std::vector<ActionRule>& ActionTable() {
  static const std::vector<ActionRule> table = {
      {"accept", State::kReported, State::kAccepted, {Role::kIntakeOperator, Role::kShiftLead}, "受理"},
      {"reject", State::kReported, State::kRejected, {Role::kIntakeOperator, Role::kShiftLead}, "不予受理"},
      {"request_verify", State::kAccepted, State::kVerifying, {Role::kIntakeOperator, Role::kShiftLead}, "发核实"},
      {"confirm", State::kVerifying, State::kAccepted, {Role::kGridWorker}, "核实属实"},
      {"refute", State::kVerifying, State::kCancelled, {Role::kGridWorker}, "核实不属实"},
      {"register", State::kAccepted, State::kRegistered, {Role::kShiftLead}, "立案"},
      {"cancel", State::kAccepted, State::kCancelled, {Role::kShiftLead}, "作废"},
      {"dispatch", State::kRegistered, State::kDispatched, {Role::kDispatcher, Role::kShiftLead}, "派遣", true},
      {"sign", State::kDispatched, State::kHandling, {Role::kUnitStaff}, "签收"},
      {"request_return", State::kDispatched, State::kReturnRequested, {Role::kUnitStaff}, "申请回退"},
      {"request_return", State::kHandling, State::kReturnRequested, {Role::kUnitStaff}, "申请回退"},
      {"approve_return", State::kReturnRequested, State::kRegistered, {Role::kShiftLead}, "同意回退"},
      {"deny_return", State::kReturnRequested, State::kHandling, {Role::kShiftLead}, "驳回回退"},
      {"request_extension", State::kHandling, State::kExtensionRequested, {Role::kUnitStaff}, "申请延期"},
      {"approve_extension", State::kExtensionRequested, State::kHandling, {Role::kShiftLead}, "同意延期"},
      {"deny_extension", State::kExtensionRequested, State::kHandling, {Role::kShiftLead}, "驳回延期"},
      {"request_hang", State::kHandling, State::kHangRequested, {Role::kUnitStaff}, "申请挂账"},
      {"approve_hang", State::kHangRequested, State::kHung, {Role::kShiftLead}, "同意挂账"},
      {"deny_hang", State::kHangRequested, State::kHandling, {Role::kShiftLead}, "驳回挂账"},
      {"resume", State::kHung, State::kHandling, {Role::kShiftLead}, "恢复处置"},
      {"feedback", State::kHandling, State::kHandled, {Role::kUnitStaff}, "处置反馈"},
      {"check_pass", State::kHandled, State::kChecking, {Role::kGridWorker}, "核查通过"},
      {"check_fail", State::kHandled, State::kHandling, {Role::kGridWorker}, "核查不通过（返工）"},
      {"close", State::kChecking, State::kClosed, {Role::kShiftLead}, "结案"},
      {"send_back", State::kChecking, State::kHandling, {Role::kShiftLead}, "退回返工"},
  };
  return table;
}

bool KnownAction(std::string_view action) {
  const auto& t = ActionTable();
  return std::any_of(t.begin(), t.end(), [&](const ActionRule& r) { return r.action == action; });
}

std::vector<std::string_view> AllowedActions(Kind kind, State from) {
  std::vector<std::string_view> out;
  for (const auto& r : ActionTable()) {
    if (r.from == from && KindAllows(kind, r.action)) out.push_back(r.action);
  }
  return out;
}

core::Result<const ActionRule*> FindRule(Kind kind, State from, std::string_view action) {
  if (!KnownAction(action)) {
    return core::InvalidArgument("\"" + std::string(action) + "\" is not an action", "action");
  }
  if (KindAllows(kind, action)) {
    for (const auto& r : ActionTable()) {
      if (r.from == from && r.action == action) return &r;
    }
  }
  std::string allowed;
  for (auto a : AllowedActions(kind, from)) allowed += (allowed.empty() ? "" : ", ") + std::string(a);
  return core::FailedPrecondition("a " + std::string(KindName(kind)) + " case in state " +
                                  std::string(StateName(from)) + " cannot " + std::string(action) +
                                  "; allowed there: " + (allowed.empty() ? "none" : allowed));
}

}  // namespace onegrid::cases
