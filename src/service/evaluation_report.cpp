// EvaluationService::BuildReport: the daily brief and the weekly and monthly reports.
#include <algorithm>
#include <map>

#include "cases/category.hpp"
#include "service/evaluation_service.hpp"

namespace onegrid::service {
namespace {

using evaluation::Measure;

std::string SourceLabel(cases::Source s) {
  switch (s) {
    case cases::Source::kGridWorker: return "网格员上报";
    case cases::Source::kHotline: return "12345热线";
    case cases::Source::kPublicApp: return "公众APP";
    case cases::Source::kOpen311: return "Open311";
    case cases::Source::kLeader: return "领导交办";
    case cases::Source::kVideo: return "视频发现";
    case cases::Source::kPatrol: return "巡查发现";
    case cases::Source::kImport: return "导入";
  }
  return "";
}

std::string StateLabel(cases::State s) {
  static const char* kLabels[] = {"待受理", "已受理", "核实中", "已立案", "已派遣", "处置中", "已处置", "核查通过",
                                  "已结案", "不予受理", "已作废", "挂账", "回退申请", "延期申请", "挂账申请"};
  return kLabels[static_cast<int>(s)];
}

std::vector<NamedCount> Largest(const std::map<std::string, NamedCount>& counts, std::size_t limit) {
  std::vector<NamedCount> out;
  for (const auto& [k, v] : counts) out.push_back(v);
  std::stable_sort(out.begin(), out.end(), [](const NamedCount& a, const NamedCount& b) { return a.n > b.n; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

bool InArea(const evaluation::CaseFacts& c, const std::string& area) {
  return area == c.district_code || area == c.street_code || area == c.community_code || area == c.grid_code;
}

}  // namespace

core::Result<Report> EvaluationService::BuildReport(const accounts::User& /*user*/, const evaluation::Period& period,
                                                    const EvaluationScope& scope, const EvaluationProgress& progress) {
  OG_ASSIGN_OR_RETURN(auto facts, Facts(period, progress));
  if (progress) progress("counting", 0, 1);
  Report r;
  r.period = period;
  r.scope = scope;
  r.as_of = AsOf(period);
  auto in_scope = [&](const evaluation::CaseFacts& c) {
    switch (scope.kind) {
      case EvaluationScope::Kind::kDistrict:
      case EvaluationScope::Kind::kRole: return c.created_at >= period.from && c.created_at < r.as_of;
      case EvaluationScope::Kind::kArea:
        return c.created_at >= period.from && c.created_at < r.as_of && InArea(c, scope.code);
      case EvaluationScope::Kind::kWorker:
        return c.created_at >= period.from && c.created_at < r.as_of && std::to_string(c.reporter) == scope.code;
      case EvaluationScope::Kind::kUnit:
        return std::any_of(c.facts.begin(), c.facts.end(), [&](const evaluation::Fact& f) {
          return f.measure == Measure::kAssigned && f.unit == scope.code && f.at >= period.from && f.at < r.as_of;
        });
    }
    return false;
  };
  std::map<std::string, NamedCount> sources, categories, states, grids;
  auto map = areas_.map();
  for (const auto& c : facts) {
    if (!in_scope(c)) continue;
    ++r.reported;
    auto& s = sources[std::string(cases::SourceName(c.source))];
    s.code = cases::SourceName(c.source), s.name = SourceLabel(c.source), ++s.n;
    auto& k = categories[c.category_code];
    if (k.code.empty()) {
      const cases::Category* cat = cases::FindCategory(c.category_kind, c.category_code);
      k.code = c.category_code;
      k.name = cat ? cat->name : c.category_code;
    }
    ++k.n;
    auto& st = states[std::string(cases::StateName(c.state))];
    st.code = cases::StateName(c.state), st.name = StateLabel(c.state), ++st.n;
    auto& g = grids[c.grid_code];
    if (g.code.empty()) {
      const areas::Area* a = map->Find(c.grid_code);
      g.code = c.grid_code;
      g.name = a ? a->name : c.grid_code;
    }
    ++g.n;
  }
  r.by_source = Largest(sources, sources.size());
  r.by_category = Largest(categories, 10);
  r.by_state = Largest(states, states.size());
  r.hot_grids = Largest(grids, 10);
  // The rates over the scope: the units' for an area or a unit, every one with a denominator
  // for a person or a role.
  auto all = evaluation::Indicators(evaluation::CountFacts(facts, period.from, r.as_of, ScopeFor(scope), false));
  static const std::vector<std::string_view> kUnitRates = {
      "handle_rate", "on_time_handle_rate", "close_rate", "on_time_close_rate",
      "rework_rate", "extension_rate", "overdue_rate", "accurate_dispatch_rate"};
  bool person = scope.kind == EvaluationScope::Kind::kWorker || scope.kind == EvaluationScope::Kind::kRole;
  for (auto& ind : all) {
    bool unit_rate = std::find(kUnitRates.begin(), kUnitRates.end(), ind.code) != kUnitRates.end();
    if (person ? ind.denominator > 0 : unit_rate) r.rates.push_back(std::move(ind));
  }
  // The overdue list: unhandled past the deadline at the period's end, longest over first.
  for (const auto& c : facts) {
    bool area_ok = scope.kind != EvaluationScope::Kind::kArea || InArea(c, scope.code);
    if (!area_ok) continue;
    for (const auto& f : c.facts) {
      if (f.measure != Measure::kOverdueUnhandled) continue;
      if (scope.kind == EvaluationScope::Kind::kUnit && f.unit != scope.code) continue;
      OverdueItem o;
      o.case_id = c.case_id;
      o.number = c.number;
      o.category_code = c.category_code;
      const cases::Category* cat = cases::FindCategory(c.category_kind, c.category_code);
      o.category_name = cat ? cat->name : c.category_code;
      o.unit = f.unit;
      o.street_code = c.street_code;
      o.due_at = f.at;
      o.hours_over = std::chrono::duration<double, std::ratio<3600>>(r.as_of - f.at).count();
      r.overdue.push_back(std::move(o));
    }
  }
  std::sort(r.overdue.begin(), r.overdue.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.case_id < b.case_id;
  });
  if (progress) progress("counting", 1, 1);
  return r;
}

}  // namespace onegrid::service
