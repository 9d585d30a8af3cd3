// Evaluation (综合评价, issue #8) over the store: the indicators of any period and scope, traced
// to their cases; rankings of units, streets and people under a scheme, beside the previous
// period; daily, weekly and monthly reports; the command center's figures from the rollups; and
// the schemes themselves, versioned. Facts are read off the event logs of the cases active in
// the period (evaluation/facts.hpp) as the logs stood at its end (or now, for a running period).
//
// Who may see what (docs/evaluation.md): a leader, shift lead or dispatcher sees the figures of
// the areas their grants cover (a district grant: everything, rankings included); a handling
// unit's leader and staff see their unit's; a person sees their own. Anything else is
// kPermissionDenied; an unknown street, unit or person in a scope is kNotFound (field "scope").
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/user.hpp"
#include "core/clock.hpp"
#include "evaluation/facts.hpp"
#include "evaluation/indicators.hpp"
#include "evaluation/period.hpp"
#include "evaluation/ranking.hpp"
#include "evaluation/scheme.hpp"
#include "service/area_service.hpp"
#include "service/rule_versions.hpp"
#include "store/store.hpp"

namespace onegrid::service {

// (stage, done, total), for a progress bar.
using EvaluationProgress = std::function<void(std::string_view, std::size_t, std::size_t)>;

// What a set of figures is about: the district, an area, a unit, a person, or a role.
struct EvaluationScope {
  enum class Kind { kDistrict, kArea, kUnit, kWorker, kRole } kind = Kind::kDistrict;
  std::string code;  // area code, unit code, role name; the person's id as text
  std::string name;  // 管城回族区, 城东路街道, 城管局, 李网格 …
};

struct IndicatorReport {
  evaluation::Period period;
  EvaluationScope scope;
  core::Instant as_of;
  std::vector<evaluation::Indicator> indicators;
};

struct NamedCount {
  std::string code, name;
  std::int64_t n = 0;
};
struct OverdueItem {
  std::int64_t case_id = 0;
  std::string number, category_code, category_name, unit, street_code;
  core::Instant due_at;
  double hours_over = 0;
};

struct Report {
  evaluation::Period period;
  EvaluationScope scope;
  core::Instant as_of;
  std::int64_t reported = 0;   // cases reported in the period (for a unit: dispatched to it)
  std::vector<NamedCount> by_source, by_category, by_state, hot_grids;  // counts, largest first
  std::vector<evaluation::Indicator> rates;  // the unit rates over the scope
  std::vector<OverdueItem> overdue;          // unhandled past the deadline at the period's end
};

struct Dashboard {
  core::Instant as_of;
  std::int64_t open = 0;
  std::vector<NamedCount> by_state, by_light, by_category;
  struct Street {
    std::string code, name;
    std::int64_t open = 0, yellow = 0, red = 0, reported_today = 0;
  };
  std::vector<Street> by_street;
  struct Day {
    std::string day;
    std::int64_t reported = 0, closed = 0, overdue = 0;
  };
  std::vector<Day> trend;  // the last 90 days, oldest first, days without cases included
  struct Grid {
    std::string code, name, street_code;
    std::int64_t reported = 0, open = 0;  // reported in the last 30 days; open now
  };
  std::vector<Grid> hot_grids;  // the 10 with the most reported in the last 30 days (then by code)
  std::int64_t reported_today = 0, closed_today = 0;
};

class EvaluationService {
 public:
  EvaluationService(store::Store& store, AreaService& areas, const core::Clock& clock);

  // Loads the stored schemes; with none, stores the default set as version 1.
  core::Result<void> Load();
  std::shared_ptr<const evaluation::SchemeSet> Schemes() const { return schemes_.Current(); }
  std::vector<store::RuleVersion> SchemeVersions() const { return schemes_.Versions(); }
  // Administrators only; kInvalidArgument naming the field of a bad document.
  core::Result<std::shared_ptr<const evaluation::SchemeSet>> ReplaceSchemes(const accounts::User& user,
                                                                           const nlohmann::json& doc,
                                                                           const std::string& note);

  // "district", "street:CODE" (or community:/grid:), "unit:CODE", "worker:ID", "role:NAME";
  // kInvalidArgument / kNotFound with field "scope"; kPermissionDenied outside the user's reach.
  core::Result<EvaluationScope> ResolveScope(const accounts::User& user, const std::string& text) const;

  core::Result<IndicatorReport> Indicators(const accounts::User& user, const evaluation::Period& period,
                                           const EvaluationScope& scope, bool traces);
  // Under the scheme `code` (kNotFound, field "scheme"); district-wide grants only.
  core::Result<evaluation::Ranking> Rankings(const accounts::User& user, const evaluation::Period& period,
                                             const std::string& scheme_code);
  core::Result<Report> BuildReport(const accounts::User& user, const evaluation::Period& period,
                                   const EvaluationScope& scope, const EvaluationProgress& progress = {});
  core::Result<Dashboard> Figures(const accounts::User& user);

  // The facts of the cases active in the period, as their logs stood at its end (or now).
  core::Result<std::vector<evaluation::CaseFacts>> Facts(const evaluation::Period& period,
                                                         const EvaluationProgress& progress = {});

 private:
  core::Instant AsOf(const evaluation::Period& p) const;
  evaluation::Scope ScopeFor(const EvaluationScope& s) const;
  // Leaders, shift leads and dispatchers read figures over the areas of their grants.
  static bool Overseer(accounts::Role r);
  bool CoversArea(const accounts::User& user, const std::string& area) const;
  // The user oversees the whole district (a district grant).
  bool DistrictWide(const accounts::User& user) const;
  std::string AreaName(const std::string& code) const;
  core::Result<std::string> UnitName(const std::string& code) const;

  store::Store& store_;
  AreaService& areas_;
  const core::Clock& clock_;
  RuleVersions<evaluation::SchemeSet> schemes_;
};

}  // namespace onegrid::service
