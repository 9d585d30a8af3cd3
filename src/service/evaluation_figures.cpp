// EvaluationService::Figures: the command center's figures, read from the rollups the writer
// keeps (store/rollup_repository.hpp) — rows that grow with the open cases, the communities and
// the grids, never with the cases of the past (bench/dashboard.cpp: 10 M cases).
#include <algorithm>
#include <map>
#include <set>

#include "cases/category.hpp"
#include "service/evaluation_service.hpp"

namespace onegrid::service {
namespace {

constexpr int kTrendDays = 90;
constexpr int kHotDays = store::kHotGridDays;
constexpr int kHotGrids = 10;

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
  store::AreaFilter filter;       // the same, by level
  if (!everything) {
    std::set<std::string> s;
    for (const auto* a : grants) {
      covered.insert(a->code);
      if (a->level == areas::AreaLevel::kStreet) filter.streets.push_back(a->code);
      if (a->level == areas::AreaLevel::kCommunity) filter.communities.push_back(a->code);
      if (a->level == areas::AreaLevel::kGrid) filter.grids.push_back(a->code);
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
  // The trend per day and street; a grant of single grids reads their own days instead.
  std::vector<store::DailyRow> days;
  if (filter.grids.empty()) {
    OG_ASSIGN_OR_RETURN(days, store_.rollups().Trend(trend_from, filter));
  } else {
    OG_ASSIGN_OR_RETURN(days, store_.rollups().Daily(trend_from, streets));
    std::erase_if(days, [&](const auto& r) { return !within(r.street_code, r.community_code, r.grid_code); });
  }
  OG_ASSIGN_OR_RETURN(auto hot, store_.rollups().HotGrids(hot_from, filter, kHotGrids));

  std::map<std::string, std::int64_t> states, lights, categories, open_by_grid;
  std::map<std::string, Dashboard::Street> by_street;
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
    open_by_grid[row.grid_code] += row.n;
  }
  std::map<std::string, Dashboard::Day> trend;
  for (const auto& row : days) {
    auto& t = trend[row.day];
    t.reported += row.reported;
    t.closed += row.closed;
    t.overdue += row.overdue;
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
  for (const auto& g : hot) {
    if (g.grid_code.empty()) continue;
    d.hot_grids.push_back({g.grid_code, AreaName(g.grid_code), g.street_code, g.reported, open_by_grid[g.grid_code]});
  }
  return d;
}

}  // namespace onegrid::service
