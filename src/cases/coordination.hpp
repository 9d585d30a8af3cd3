// Work shared between units on one case (issue #6, governance.md §8):
// - 协办 assisting units: a dispatch may name units that assist the lead unit; each gets a
//   sub-task that it closes with its own report (assist_report). The lead unit's feedback waits
//   for every open sub-task, or records why it did not (the feedback's "assist_waived" reason,
//   which closes the open ones as waived). A new dispatch replaces the sub-tasks.
// - 吹哨报到 whistle calls: the street (the unit handling the case, or a leader over it) calls
//   named departments (whistle); each must check in (check_in, 报到) by the call's deadline and
//   then report what it did (whistle_report); a missed check-in raises checkin_overdue, once per
//   department, escalated like an overdue step; the street confirms to close the call
//   (close_whistle).
// All of these are events of the case's log that keep its state; Apply folds them here.
// Pure; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/clock.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::cases {

enum class TaskState { kOpen, kDone, kWaived };
std::string_view TaskStateName(TaskState s);  // open, done, waived

struct Assist {
  std::string unit;
  TaskState state = TaskState::kOpen;
  std::string note;                 // the report, or why it was waived
  std::optional<core::Instant> at;  // when it was reported or waived
  bool operator==(const Assist&) const = default;
};

struct CalledUnit {
  std::string unit;
  std::optional<core::Instant> checked_in_at, reported_at;
  std::string report;
  bool missed = false;  // checkin_overdue was raised
  bool operator==(const CalledUnit&) const = default;
};

struct WhistleCall {
  int id = 0;  // 1, 2, … within the case
  std::string raised_by_unit;  // empty when raised by a leader over the area
  std::int64_t raised_by = 0;
  core::Instant raised_at, checkin_due;
  std::string note;
  std::vector<CalledUnit> units;
  std::optional<core::Instant> closed_at;
  bool operator==(const WhistleCall&) const = default;
};

inline constexpr std::string_view kAssistReportAction = "assist_report";
inline constexpr std::string_view kWhistleAction = "whistle";
inline constexpr std::string_view kCheckInAction = "check_in";
inline constexpr std::string_view kWhistleReportAction = "whistle_report";
inline constexpr std::string_view kCloseWhistleAction = "close_whistle";
inline constexpr std::string_view kCheckInOverdueAction = "checkin_overdue";
// Same-state coordination events folded by ApplyCoordination.
bool IsCoordinationAction(std::string_view action);

nlohmann::json AssistsJson(const std::vector<Assist>& assists);
core::Result<std::vector<Assist>> ParseAssists(const nlohmann::json& j);
nlohmann::json CallsJson(const std::vector<WhistleCall>& calls);
core::Result<std::vector<WhistleCall>> ParseCalls(const nlohmann::json& j);

// The units taking part in a case besides its lead unit: assisting units and called departments.
std::vector<std::string> PartyUnits(const std::vector<Assist>& assists, const std::vector<WhistleCall>& calls);
std::vector<std::string> OpenAssists(const std::vector<Assist>& assists);

// The first check-in deadline still to be raised: (call id, unit, due).
struct CheckInTimer {
  int call = 0;
  std::string unit;
  core::Instant at;
};
std::optional<CheckInTimer> NextCheckIn(const std::vector<WhistleCall>& calls);

struct Case;
struct Event;
// Folds a coordination event (and the assist parts of dispatch and feedback) into the case.
core::Result<void> ApplyCoordination(Case& c, const Event& e);

}  // namespace onegrid::cases
