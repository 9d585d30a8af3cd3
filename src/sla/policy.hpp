// SLA policies (governance.md §6): the time allowed for each step of a case and for the whole
// case (捆绑时限), by urgency × category × area class. Policies are data: a versioned set, edited
// by admins; each case keeps the version it started with.
//
// A limit is written as an amount and a unit: "30m" and "2h" on the wall clock (urgent types
// run on it), "30wm", "4wh" and "2wd" in working minutes, hours and days of the calendar.
//
// Matching: a policy names an urgency ("urgent", "normal" or "*"), a category ("matter:06010",
// a major class "matter:06", or "*") and an area class ("A", "B", "C" or "*"). For each step the
// most specific policy with a limit for that step wins, urgency weighing most, then category
// (exact over major class), then area class; two policies with the same three keys are refused,
// so there are never two winners. A catch-all policy (*, *, *) must give every limit.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace onegrid::sla {

struct Limit {
  enum class Unit { kWallMinutes, kWallHours, kWorkingMinutes, kWorkingHours, kWorkingDays };
  std::int64_t amount = 0;
  Unit unit = Unit::kWorkingHours;
  bool wall() const { return unit == Unit::kWallMinutes || unit == Unit::kWallHours; }
  bool operator==(const Limit&) const = default;
};
core::Result<Limit> ParseLimit(std::string_view text, const std::string& field);
std::string FormatLimit(const Limit& l);

struct Policy {
  std::string name;
  std::string urgency = "*";
  std::string category = "*";
  std::string area_class = "*";
  std::map<cases::Step, Limit> limits;
  std::optional<Limit> whole;
};

struct PolicySet {
  int version = 0;
  std::vector<Policy> policies;
  std::string default_area_class = "A";
  std::map<std::string, std::string> area_classes;  // area code → class; most specific wins
  Limit escalate_after;  // from a step's deadline to the second level of supervision
};

// Reads and checks a set (without its version): kInvalidArgument naming the field, e.g.
// "policies[2].limits.handle".
core::Result<PolicySet> ParsePolicySet(const nlohmann::json& j);
nlohmann::json PolicySetJson(const PolicySet& s);  // without the version
// The figures of governance.md §6, seeded as version 1.
const nlohmann::json& DefaultPolicySet();

// The class of a case's place: the most specific of grid, community, street, district listed.
std::string AreaClassOf(const PolicySet& s, const cases::Case& c);

struct Resolved {
  const Policy* policy = nullptr;
  Limit limit;
};
// The winning limit for a step (kNone: the whole case) of this case.
Resolved Resolve(const PolicySet& s, const cases::Case& c, cases::Step step);

}  // namespace onegrid::sla
