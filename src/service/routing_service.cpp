#include "service/routing_service.hpp"

#include <algorithm>

#include "core/time_format.hpp"

namespace onegrid::service {
namespace {

int LevelOf(const areas::AreaMap& map, const std::string& code) {
  const areas::Area* a = map.Find(code);
  return a ? static_cast<int>(a->level) + 1 : 0;  // 1 district … 4 grid
}

// The world a stored set is read back in: it was checked when it was saved, and a unit made
// inactive or an area since replaced must not stop the server from starting.
routing::World TrustingWorld(const AreaService& areas) {
  return {.area_level = [&areas](const std::string& code) {
            int level = LevelOf(*areas.map(), code);
            if (level > 0) return level;
            for (int l = areas::kLevelCount - 1; l >= 0; --l) {
              if (areas::ValidateCode(static_cast<areas::AreaLevel>(l), code, "area")) return l + 1;
            }
            return 1;
          },
          .within = [](const std::string&, const std::string&) { return false; },
          .unit_exists = [](const std::string&) { return true; }};
}

}  // namespace

RoutingService::RoutingService(store::Store& store, AreaService& areas, const core::Clock& clock)
    : store_(store),
      areas_(areas),
      versions_(store.routing(), clock, "routing rule set",
                [&areas](const nlohmann::json& j) { return routing::ParseRuleSet(j, TrustingWorld(areas)); },
                routing::RuleSetJson) {}

core::Result<void> RoutingService::Load() { return versions_.Load(nullptr, ""); }

std::shared_ptr<const routing::RuleSet> RoutingService::Current() const {
  static const auto empty = std::make_shared<const routing::RuleSet>();
  auto current = versions_.Current();
  return current ? current : empty;
}

routing::World RoutingService::CheckingWorld() const {
  auto map = areas_.map();
  return {.area_level = [map](const std::string& code) { return LevelOf(*map, code); },
          .within = [map](const std::string& inner, const std::string& outer) {
            for (const areas::Area* a = map->Find(inner); a && !a->parent_code.empty();
                 a = map->Find(a->parent_code)) {
              if (a->parent_code == outer) return true;
            }
            return false;
          },
          .unit_exists = [this](const std::string& code) {
            auto unit = store_.units().Get(code);
            return unit.has_value() && unit->active;
          }};
}

core::Result<std::shared_ptr<const routing::RuleSet>> RoutingService::Replace(const nlohmann::json& set,
                                                                            std::int64_t by,
                                                                            const std::string& note) {
  OG_ASSIGN_OR_RETURN(auto parsed, routing::ParseRuleSet(set, CheckingWorld()));
  return versions_.Store(parsed, by, note);
}

int RoutingService::LocalMinute(core::Instant t) {
  auto local = std::chrono::floor<std::chrono::minutes>(t.time_since_epoch()) + core::kDistrictUtcOffset;
  auto m = local.count() % (24 * 60);
  return static_cast<int>(m < 0 ? m + 24 * 60 : m);
}

core::Result<RoutingSuggestion> RoutingService::Suggest(const cases::Case& c) const {
  auto set = Current();
  RoutingSuggestion s;
  s.version = set->version;
  auto decision = routing::Route(*set, c, LocalMinute(c.created_at));
  if (decision.rule) {
    s.rule = decision.rule->name;
    s.lead_unit = decision.rule->lead_unit;
    s.assist_units = decision.rule->assist_units;
    s.auto_dispatch = decision.rule->auto_dispatch;
  } else {
    s.fallback = true;
    OG_ASSIGN_OR_RETURN(auto offices, store_.units().ForArea(c.street_code));
    if (!offices.empty()) s.lead_unit = offices.front().code;
  }
  if (!s.lead_unit.empty() && std::find(c.units.begin(), c.units.end(), s.lead_unit) != c.units.end()) {
    s.returned_by_lead = true;
    s.auto_dispatch = false;
  }
  return s;
}

core::Result<std::vector<RuleVerdict>> RoutingService::Explain(const cases::Case& c) const {
  auto set = Current();
  int minute = LocalMinute(c.created_at);
  auto decision = routing::Route(*set, c, minute);
  std::vector<RuleVerdict> out;
  for (const auto& r : set->rules) {
    RuleVerdict v{r.name, routing::Weight(r), false, routing::Mismatch(r, c, minute)};
    if (v.why.empty()) {
      v.matches = true;
      if (decision.rule != &r) {
        v.why = "matches, but " + decision.rule->name + " is more specific (" +
                std::to_string(routing::Weight(*decision.rule)) + " > " + std::to_string(v.weight) + ")";
      }
    }
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleVerdict& a, const RuleVerdict& b) { return a.weight > b.weight; });
  return out;
}

}  // namespace onegrid::service
