// Which unit a case goes to (issue #6): the routing rules in force (versioned like the SLA
// policies; an admin's change stores a new version, checked against the map and the units
// before it is stored), the decision for a case — the most specific matching rule, or with no
// match the street office of the case's street (属地兜底) — and why each rule did or did not
// match. The time window of a rule is read at the case's intake time, in the district's zone.
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case.hpp"
#include "core/clock.hpp"
#include "routing/rules.hpp"
#include "service/area_service.hpp"
#include "service/rule_versions.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct RoutingSuggestion {
  int version = 0;             // of the rule set that decided
  std::string rule;            // empty: no rule matched
  bool fallback = false;       // 属地兜底: the street office of the case's street
  std::string lead_unit;       // empty when nothing applies (no rule, no street office)
  std::vector<std::string> assist_units;
  bool auto_dispatch = false;  // never for a fallback
  // The lead unit had the case before and returned it (an approved return): not dispatched
  // automatically, and the dispatcher is told.
  bool returned_by_lead = false;
};

struct RuleVerdict {
  std::string name;
  int weight = 0;
  bool matches = false;
  std::string why;  // why not, or that a more specific rule won
};

class RoutingService {
 public:
  RoutingService(store::Store& store, AreaService& areas, const core::Clock& clock);

  core::Result<void> Load();  // no stored version: an empty set (everything falls back)
  std::shared_ptr<const routing::RuleSet> Current() const;
  std::vector<store::RuleVersion> Versions() const { return versions_.Versions(); }
  std::shared_ptr<const routing::RuleSet> Version(int v) const { return versions_.Version(v); }
  // A new version replacing the whole set; kInvalidArgument naming the field (nothing stored).
  core::Result<std::shared_ptr<const routing::RuleSet>> Replace(const nlohmann::json& set, std::int64_t by,
                                                                const std::string& note);

  core::Result<RoutingSuggestion> Suggest(const cases::Case& c) const;
  // Every rule of the set in force with its verdict on the case, most specific first.
  core::Result<std::vector<RuleVerdict>> Explain(const cases::Case& c) const;

  static int LocalMinute(core::Instant t);

 private:
  routing::World CheckingWorld() const;
  store::Store& store_;
  AreaService& areas_;
  RuleVersions<routing::RuleSet> versions_;
};

}  // namespace onegrid::service
