// Routing rules (issue #6): which unit a case goes to. A rule matches on the case's kind,
// category (an exact code or a major class), area (any level of the case's area chain),
// urgency, source and a daily time window (local time, e.g. nights), and names a lead unit,
// assisting units (协办) and whether to dispatch at once. The most specific matching rule wins:
// each constrained field adds to the rule's weight (the category 2 for a code and 1 for a class,
// the area 1 to 4 by level from district to grid, every other field 1). Two rules of the same
// weight that can match one case and name different results are refused when the set is saved,
// so there is never a tie to break. No match: the service sends the case to the street office of
// its street (属地兜底). Pure data and functions; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace onegrid::routing {

struct Window {
  int from_minute = 0, to_minute = 0;  // local time of day; from > to wraps midnight
  bool operator==(const Window&) const = default;
};

struct Rule {
  std::string name;
  std::optional<cases::Kind> kind;
  std::string category = "*";  // "*", "matter:06010" or a major class "matter:06"
  std::string area = "*";      // "*" or an area code of any level
  int area_level = 0;          // 1 district … 4 grid, set by the checker from the map
  std::optional<cases::Urgency> urgency;
  std::optional<cases::Source> source;
  std::optional<Window> window;
  std::string lead_unit;
  std::vector<std::string> assist_units;
  bool auto_dispatch = false;
};

// How far and how long back open cases count as candidate duplicates of a new one: per
// category pattern, the most specific wins; with none, kDefaultDuplicates (issue #6: 50 m, 72 h).
// `same_class`: candidates of the whole major class, not only the same category.
struct DuplicateRule {
  std::string category = "*";
  double radius_m = 50;
  int window_hours = 72;
  bool same_class = false;
  bool operator==(const DuplicateRule&) const = default;
};
inline const DuplicateRule kDefaultDuplicates{};

struct RuleSet {
  int version = 0;
  std::vector<Rule> rules;
  std::vector<DuplicateRule> duplicates;
};

const DuplicateRule& DuplicateRuleFor(const RuleSet& s, cases::CategoryKind kind, const std::string& code);

// What the checker needs to know of the world: the level of an area code (0: no such area),
// whether one area lies within another, and whether a unit exists.
struct World {
  std::function<int(const std::string& code)> area_level;
  std::function<bool(const std::string& inner, const std::string& outer)> within;
  std::function<bool(const std::string& unit)> unit_exists;
};

// Reads and checks a set: every field, every reference, and the conflicts; kInvalidArgument
// naming the field (e.g. "rules[2].lead_unit"), or "rules[i]" for a conflict with another rule.
core::Result<RuleSet> ParseRuleSet(const nlohmann::json& j, const World& world);
nlohmann::json RuleSetJson(const RuleSet& s);

int Weight(const Rule& r);

bool Matches(const Rule& r, const cases::Case& c, int local_minute);
// Why a rule does or does not match a case: empty when it matches, else the first field that
// fails, as a sentence.
std::string Mismatch(const Rule& r, const cases::Case& c, int local_minute);

struct Decision {
  const Rule* rule = nullptr;  // null: no rule matched (属地兜底)
};
// The winning rule for a case reported at local time-of-day `local_minute`.
Decision Route(const RuleSet& s, const cases::Case& c, int local_minute);

}  // namespace onegrid::routing
