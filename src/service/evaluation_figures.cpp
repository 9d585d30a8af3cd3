// EvaluationService::Figures: the command center's figures, read from the rollups the writer
// keeps (store/rollup_repository.hpp) — a few thousand rows whatever the number of cases.
#include <algorithm>
#include <map>
#include <set>

#include "cases/category.hpp"
#include "service/evaluation_service.hpp"

namespace onegrid::service {
namespace {

constexpr int kTrendDays = 90;
constexpr int kHotDays = 30;

bool Terminal(const std::string& state) { return state == "closed" || state == "rejected" || state == "cancelled"; }

}  // namespace

core::Result<Dashboard> EvaluationService::Figures(const accounts::User& user) {
  auto map = areas_.map();
  // The areas the user oversees; a district grant sees everything.
  std::vector<const areas::Area*> grants;
  for (const auto& g : user.roles) {
    const areas::Area* a = map->Find(g.scope);
    if (Overseer(g.role) && a != nullptr) grants.push_back(a);
  }
  const bool everything = DistrictWide(user);
  if (grants.empty()) return core::PermissionDenied("the command center is for leaders, shift leads and dispatchers");
  std::vector<std::string> streets;
  std::set<std::string> covered;  // the grant areas below the district
  if (!everything) {
    std::set<std::string> s;
    for (const auto* a : grants) {
      covered.insert(a->code);
      for (const areas::Area* x = a; x != nullptr; x = map->Find(x->parent_code)) {
        if (x->level == areas::AreaLevel::kStreet) s.insert(x->code);
        if (x->parent_code.empty()) break;
      }
    }
    streets.assign(s.begin(), s.end());
  }
  auto within = [&](const std::string& street, const std::string& community, const std::string& grid) {
    return everything || covered.count(street) || (!community.empty() && covered.count(community)) ||
           (!grid.empty() && covered.count(grid));
  };

  Dashboard d;
  d.as_of = clock_.Now();
  std::string today = evaluation::PeriodOf(evaluation::PeriodKind::kDay, d.as_of).label;
  std::string trend_from =
      evaluation::PeriodOf(evaluation::PeriodKind::kDay, d.as_of - std::chrono::hours(24 * (kTrendDays - 1))).label;
  std::string hot_from =
      evaluation::PeriodOf(evaluation::PeriodKind::kDay, d.as_of - std::chrono::hours(24 * (kHotDays - 1))).label;
  OG_ASSIGN_OR_RETURN(auto tally, store_.rollups().Tally(streets));
  OG_ASSIGN_OR_RETURN(auto days, store_.rollups().Daily(trend_from, streets));

  std::map<std::string, std::int64_t> states, lights, categories;
  std::map<std::string, Dashboard::Street> by_street;
  std::map<std::string, Dashboard::Grid> grids;
  for (const auto* street : map->AtLevel(areas::AreaLevel::kStreet)) {
    if (everything || std::binary_search(streets.begin(), streets.end(), street->code)) {
      by_street[street->code] = {street->code, street->name, 0, 0, 0, 0};
    }
  }
  for (const auto& row : tally) {
    if (!within(row.street_code, row.community_code, row.grid_code)) continue;
    states[row.state] += row.n;
    if (Terminal(row.state)) continue;
    d.open += row.n;
    lights[row.light] += row.n;
    categories[row.category_code] += row.n;
    auto& s = by_street[row.street_code];
    s.code = row.street_code;
    s.open += row.n;
    if (row.light == "yellow") s.yellow += row.n;
    if (row.light == "red") s.red += row.n;
    auto& g = grids[row.grid_code];
    g.code = row.grid_code;
    g.street_code = row.street_code;
    g.open += row.n;
  }
  std::map<std::string, Dashboard::Day> trend;
  for (const auto& row : days) {
    if (!within(row.street_code, row.community_code, row.grid_code)) continue;
    auto& t = trend[row.day];
    t.reported += row.reported;
    t.closed += row.closed;
    t.overdue += row.overdue;
    if (row.day >= hot_from) {
      auto& g = grids[row.grid_code];
      g.code = row.grid_code;
      g.street_code = row.street_code;
      g.reported += row.reported;
    }
    if (row.day == today) by_street[row.street_code].reported_today += row.reported;
  }
  for (int i = kTrendDays - 1; i >= 0; --i) {
    std::string day = evaluation::PeriodOf(evaluation::PeriodKind::kDay, d.as_of - std::chrono::hours(24 * i)).label;
    auto it = trend.find(day);
    Dashboard::Day t = it == trend.end() ? Dashboard::Day{} : it->second;
    t.day = day;
    d.trend.push_back(t);
  }
  d.reported_today = d.trend.back().reported;
  d.closed_today = d.trend.back().closed;
  for (const auto& [code, n] : states) {
    auto s = cases::ParseState(code);
    d.by_state.push_back({code, s ? std::string(cases::StateName(*s)) : code, n});
  }
  for (const char* light : {"green", "yellow", "red"}) d.by_light.push_back({light, light, lights[light]});
  for (const auto& [code, n] : categories) {
    const cases::Category* c = cases::FindCategory(cases::CategoryKind::kMatter, code);
    if (c == nullptr) c = cases::FindCategory(cases::CategoryKind::kComponent, code);
    d.by_category.push_back({code, c ? c->name : code, n});
  }
  std::stable_sort(d.by_category.begin(), d.by_category.end(), [](const auto& a, const auto& b) { return a.n > b.n; });
  if (d.by_category.size() > 15) d.by_category.resize(15);
  for (auto& [code, s] : by_street) {
    if (s.name.empty()) s.name = AreaName(code);
    d.by_street.push_back(s);
  }
  for (auto& [code, g] : grids) {
    if (code.empty()) continue;
    g.name = AreaName(code);
    d.hot_grids.push_back(g);
  }
  std::stable_sort(d.hot_grids.begin(), d.hot_grids.end(), [](const auto& a, const auto& b) {
    return a.reported != b.reported ? a.reported > b.reported : a.open > b.open;
  });
  if (d.hot_grids.size() > 10) d.hot_grids.resize(10);
  return d;
}

}  // namespace onegrid::service
