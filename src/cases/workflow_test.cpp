#include "cases/workflow.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace onegrid::cases {
namespace {

// The whole table, written out once more by hand: (state, action) → next state, for an event.
const std::map<std::pair<std::string, std::string>, std::string>& Expected() {
  static const std::map<std::pair<std::string, std::string>, std::string> m = {
      {{"reported", "accept"}, "accepted"},
      {{"reported", "reject"}, "rejected"},
      {{"accepted", "request_verify"}, "verifying"},
      {{"verifying", "confirm"}, "accepted"},
      {{"verifying", "refute"}, "cancelled"},
      {{"accepted", "register"}, "registered"},
      {{"accepted", "cancel"}, "cancelled"},
      {{"registered", "dispatch"}, "dispatched"},
      {{"dispatched", "sign"}, "handling"},
      {{"dispatched", "request_return"}, "return_requested"},
      {{"handling", "request_return"}, "return_requested"},
      {{"return_requested", "approve_return"}, "registered"},
      {{"return_requested", "deny_return"}, "handling"},
      {{"handling", "request_extension"}, "extension_requested"},
      {{"extension_requested", "approve_extension"}, "handling"},
      {{"extension_requested", "deny_extension"}, "handling"},
      {{"handling", "request_hang"}, "hang_requested"},
      {{"hang_requested", "approve_hang"}, "hung"},
      {{"hang_requested", "deny_hang"}, "handling"},
      {{"hung", "resume"}, "handling"},
      {{"handling", "feedback"}, "handled"},
      {{"handled", "check_pass"}, "checking"},
      {{"handled", "check_fail"}, "handling"},
      {{"checking", "close"}, "closed"},
      {{"checking", "send_back"}, "handling"},
  };
  return m;
}

TEST(Workflow, EveryStateActionPairIsDecided) {
  std::set<std::string> actions;
  for (const auto& r : ActionTable()) actions.insert(std::string(r.action));
  int allowed = 0, refused = 0;
  for (int s = 0; s < kStateCount; ++s) {
    State state = static_cast<State>(s);
    for (const auto& action : actions) {
      auto rule = FindRule(Kind::kEvent, state, action);
      auto it = Expected().find({std::string(StateName(state)), action});
      if (it == Expected().end()) {
        ASSERT_FALSE(rule.has_value()) << StateName(state) << " " << action;
        EXPECT_EQ(rule.error().code, core::ErrorCode::kFailedPrecondition);
        EXPECT_NE(rule.error().message.find("in state " + std::string(StateName(state))), std::string::npos);
        EXPECT_NE(rule.error().message.find("allowed there: "), std::string::npos);
        ++refused;
      } else {
        ASSERT_TRUE(rule.has_value()) << StateName(state) << " " << action;
        EXPECT_EQ(StateName((*rule)->to), it->second) << StateName(state) << " " << action;
        EXPECT_FALSE((*rule)->roles.empty());
        ++allowed;
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(Expected().size()));
  EXPECT_EQ(allowed + refused, kStateCount * static_cast<int>(actions.size()));
}

TEST(Workflow, RefusalsNameWhatIsAllowed) {
  auto r = FindRule(Kind::kEvent, State::kHandling, "close");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "a event case in state handling cannot close; allowed there: request_return, "
            "request_extension, request_hang, feedback");
  r = FindRule(Kind::kEvent, State::kClosed, "accept");
  EXPECT_NE(r.error().message.find("allowed there: none"), std::string::npos);
  EXPECT_EQ(FindRule(Kind::kEvent, State::kReported, "teleport").error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST(Workflow, KindsPickTheirVariant) {
  EXPECT_TRUE(FindRule(Kind::kComponentFault, State::kAccepted, "request_verify").has_value());
  for (Kind k : {Kind::kHazard, Kind::kSupervisionItem, Kind::kWhistleCall}) {
    EXPECT_EQ(FindRule(k, State::kAccepted, "request_verify").error().code,
              core::ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(FindRule(k, State::kAccepted, "register").has_value());
  }
}

TEST(Workflow, NamesRoundTrip) {
  for (int s = 0; s < kStateCount; ++s) EXPECT_EQ(ParseState(StateName(static_cast<State>(s))), static_cast<State>(s));
  EXPECT_EQ(ParseKind("whistle_call"), Kind::kWhistleCall);
  EXPECT_TRUE(IsTerminal(State::kClosed));
  EXPECT_FALSE(IsTerminal(State::kHung));
}

}  // namespace
}  // namespace onegrid::cases
