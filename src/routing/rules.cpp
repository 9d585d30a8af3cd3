#include "routing/rules.hpp"

#include "core/json_parse.hpp"

#include <algorithm>
#include <set>

#include "cases/category.hpp"

namespace onegrid::routing {
namespace {

using nlohmann::json;

core::Error Bad(const std::string& field, const std::string& why) { return core::InvalidArgument(why, field); }

std::optional<int> Clock(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  }
  int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<Window> ParseWindow(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto a = Clock(std::string_view(text).substr(0, dash)), b = Clock(std::string_view(text).substr(dash + 1));
  if (!a || !b || *a == *b) return std::nullopt;
  return Window{*a, *b};
}

std::string FormatWindow(const Window& w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", w.from_minute / 60 % 100, w.from_minute % 60,
                w.to_minute / 60 % 100, w.to_minute % 60);
  return buf;
}

bool InWindow(const Window& w, int minute) {
  return w.from_minute < w.to_minute ? (minute >= w.from_minute && minute < w.to_minute)
                                     : (minute >= w.from_minute || minute < w.to_minute);
}

bool WindowsOverlap(const Window& a, const Window& b) {
  for (int m = 0; m < 24 * 60; ++m) {  // 1440 steps, only when a set is saved
    if (InWindow(a, m) && InWindow(b, m)) return true;
  }
  return false;
}

bool CategoriesOverlap(const std::string& a, const std::string& b) {
  if (a == "*" || b == "*" || a == b) return true;
  // One names a code of the other's major class: "matter:06010" within "matter:06".
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return longer.rfind(shorter, 0) == 0;
}

bool SameResult(const Rule& a, const Rule& b) {
  auto sa = a.assist_units, sb = b.assist_units;
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  return a.lead_unit == b.lead_unit && sa == sb && a.auto_dispatch == b.auto_dispatch;
}

bool CanMatchOneCase(const Rule& a, const Rule& b, const World& world) {
  if (a.kind && b.kind && *a.kind != *b.kind) return false;
  if (a.urgency && b.urgency && *a.urgency != *b.urgency) return false;
  if (a.source && b.source && *a.source != *b.source) return false;
  if (!CategoriesOverlap(a.category, b.category)) return false;
  if (a.area != "*" && b.area != "*" && a.area != b.area && !world.within(a.area, b.area) &&
      !world.within(b.area, a.area)) {
    return false;
  }
  if (a.window && b.window && !WindowsOverlap(*a.window, *b.window)) return false;
  return true;
}

}  // namespace

int Weight(const Rule& r) {
  int w = 0;
  if (r.kind) ++w;
  if (r.category != "*") w += r.category.size() - r.category.find(':') - 1 == 2 ? 1 : 2;  // class : code
  w += r.area_level;
  if (r.urgency) ++w;
  if (r.source) ++w;
  if (r.window) ++w;
  return w;
}

namespace {

core::Result<std::vector<DuplicateRule>> ParseDuplicates(const json& j) {
  std::vector<DuplicateRule> out;
  if (!j.is_array()) return Bad("duplicates", "must be a list of {category, radius_m, window_hours, match}");
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& d = j[i];
    std::string at = "duplicates[" + std::to_string(i) + "]";
    if (!d.is_object()) return Bad(at, "must be an object");
    for (const auto& [key, _] : d.items()) {
      if (key != "category" && key != "radius_m" && key != "window_hours" && key != "match") {
        return Bad(at + "." + key, "is not a field of a duplicate rule (category, radius_m, window_hours, match)");
      }
    }
    DuplicateRule r;
    r.category = d.value("category", json("*")).is_string() ? d.value("category", "*") : "";
    if (!cases::ValidCategoryPattern(r.category)) {
      return Bad(at + ".category", "must be * or kind:code of GB/T 47678.5, e.g. matter:06010 or matter:06");
    }
    for (const auto& other : out) {
      if (other.category == r.category) return Bad(at + ".category", "another duplicate rule has this category");
    }
    if (d.contains("radius_m")) {
      if (!d["radius_m"].is_number() || d["radius_m"].get<double>() < 1 || d["radius_m"].get<double>() > 5000) {
        return Bad(at + ".radius_m", "must be a distance in metres from 1 to 5000");
      }
      r.radius_m = d["radius_m"].get<double>();
    }
    if (d.contains("window_hours")) {
      if (!core::IntegerIn(d["window_hours"], 1, 24 * 365)) {
        return Bad(at + ".window_hours", "must be a whole number of hours from 1 to 8760");
      }
      r.window_hours = d["window_hours"].get<int>();
    }
    if (d.contains("match")) {
      if (d["match"] != "code" && d["match"] != "class") return Bad(at + ".match", "must be code or class");
      r.same_class = d["match"] == "class";
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

core::Result<RuleSet> ParseRuleSet(const json& j, const World& world) {
  if (!j.is_object() || !j.contains("rules") || !j["rules"].is_array()) return Bad("rules", "must be a list of rules");
  RuleSet s;
  for (const auto& [key, value] : j.items()) {
    if (key == "duplicates") {
      OG_ASSIGN_OR_RETURN(s.duplicates, ParseDuplicates(value));
    } else if (key != "rules") {
      return Bad(key, "is not a field of a rule set (rules, duplicates)");
    }
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < j["rules"].size(); ++i) {
    const auto& r = j["rules"][i];
    std::string at = "rules[" + std::to_string(i) + "]";
    if (!r.is_object()) return Bad(at, "must be an object");
    auto text = [&](const char* key) -> core::Result<std::optional<std::string>> {
      if (!r.contains(key) || r[key].is_null()) return std::optional<std::string>{};
      if (!r[key].is_string()) return Bad(at + "." + key, "must be text");
      return std::optional<std::string>{r[key].get<std::string>()};
    };
    for (const auto& [key, _] : r.items()) {
      static const std::set<std::string> known = {"name", "kind", "category", "area", "urgency", "source",
                                                  "window", "lead_unit", "assist_units", "auto_dispatch"};
      if (!known.count(key)) return Bad(at + "." + key, "is not a field of a rule");
    }
    Rule rule;
    OG_ASSIGN_OR_RETURN(auto name, text("name"));
    if (!name || name->empty()) return Bad(at + ".name", "must name the rule");
    if (!names.insert(*name).second) return Bad(at + ".name", "another rule is named " + *name);
    rule.name = *name;
    OG_ASSIGN_OR_RETURN(auto kind, text("kind"));
    if (kind && *kind != "*") {
      rule.kind = cases::ParseKind(*kind);
      if (!rule.kind) return Bad(at + ".kind", "is not a case kind");
    }
    OG_ASSIGN_OR_RETURN(auto category, text("category"));
    rule.category = category.value_or("*");
    if (!cases::ValidCategoryPattern(rule.category)) {
      return Bad(at + ".category", "must be * or kind:code of GB/T 47678.5, e.g. matter:06010 or matter:06");
    }
    OG_ASSIGN_OR_RETURN(auto area, text("area"));
    rule.area = area.value_or("*");
    if (rule.area != "*") {
      rule.area_level = world.area_level(rule.area);
      if (rule.area_level == 0) return Bad(at + ".area", "is not an area of the map");
    }
    OG_ASSIGN_OR_RETURN(auto urgency, text("urgency"));
    if (urgency && *urgency != "*") {
      rule.urgency = cases::ParseUrgency(*urgency);
      if (!rule.urgency) return Bad(at + ".urgency", "must be urgent, normal or *");
    }
    OG_ASSIGN_OR_RETURN(auto source, text("source"));
    if (source && *source != "*") {
      rule.source = cases::ParseSource(*source);
      if (!rule.source) return Bad(at + ".source", "is not a source channel");
    }
    OG_ASSIGN_OR_RETURN(auto window, text("window"));
    if (window) {
      rule.window = ParseWindow(*window);
      if (!rule.window) return Bad(at + ".window", "must be a time of day HH:MM-HH:MM (it may wrap midnight)");
    }
    OG_ASSIGN_OR_RETURN(auto lead, text("lead_unit"));
    if (!lead || lead->empty()) return Bad(at + ".lead_unit", "names the unit that leads");
    if (!world.unit_exists(*lead)) return Bad(at + ".lead_unit", "is not a unit (see /api/v1/units)");
    rule.lead_unit = *lead;
    if (r.contains("assist_units")) {
      if (!r["assist_units"].is_array()) return Bad(at + ".assist_units", "must be a list of unit codes");
      for (std::size_t k = 0; k < r["assist_units"].size(); ++k) {
        std::string where = at + ".assist_units[" + std::to_string(k) + "]";
        const auto& u = r["assist_units"][k];
        if (!u.is_string() || !world.unit_exists(u.get<std::string>())) return Bad(where, "is not a unit");
        std::string code = u.get<std::string>();
        if (code == rule.lead_unit) return Bad(where, "is the lead unit");
        if (std::find(rule.assist_units.begin(), rule.assist_units.end(), code) != rule.assist_units.end()) {
          return Bad(where, "is named twice");
        }
        rule.assist_units.push_back(code);
      }
    }
    if (r.contains("auto_dispatch")) {
      if (!r["auto_dispatch"].is_boolean()) return Bad(at + ".auto_dispatch", "must be true or false");
      rule.auto_dispatch = r["auto_dispatch"].get<bool>();
    }
    // A conflict with an earlier rule: same weight, one case could match both, other result.
    for (std::size_t k = 0; k < s.rules.size(); ++k) {
      const auto& other = s.rules[k];
      if (Weight(other) == Weight(rule) && !SameResult(other, rule) && CanMatchOneCase(other, rule, world)) {
        return Bad(at, "conflicts with rules[" + std::to_string(k) + "] (" + other.name +
                           "): as specific, both can match one case, and they name other units");
      }
    }
    s.rules.push_back(std::move(rule));
  }
  return s;
}

json RuleSetJson(const RuleSet& s) {
  json rules = json::array();
  for (const auto& r : s.rules) {
    json j = {{"name", r.name}, {"category", r.category}, {"area", r.area}, {"lead_unit", r.lead_unit},
              {"assist_units", r.assist_units}, {"auto_dispatch", r.auto_dispatch}};
    if (r.kind) j["kind"] = cases::KindName(*r.kind);
    if (r.urgency) j["urgency"] = cases::UrgencyName(*r.urgency);
    if (r.source) j["source"] = cases::SourceName(*r.source);
    if (r.window) j["window"] = FormatWindow(*r.window);
    rules.push_back(std::move(j));
  }
  json out = {{"rules", rules}};
  if (!s.duplicates.empty()) {
    json dups = json::array();
    for (const auto& d : s.duplicates) {
      dups.push_back({{"category", d.category}, {"radius_m", d.radius_m}, {"window_hours", d.window_hours},
                      {"match", d.same_class ? "class" : "code"}});
    }
    out["duplicates"] = dups;
  }
  return out;
}

const DuplicateRule& DuplicateRuleFor(const RuleSet& s, cases::CategoryKind kind, const std::string& code) {
  const DuplicateRule* best = &kDefaultDuplicates;
  int best_match = -1;
  for (const auto& d : s.duplicates) {
    int m = cases::CategoryPatternMatch(d.category, kind, code);
    if (m > best_match) {
      best_match = m;
      best = &d;
    }
  }
  return *best;
}

std::string Mismatch(const Rule& r, const cases::Case& c, int minute) {
  if (r.kind && *r.kind != c.kind) return "the case is a " + std::string(cases::KindName(c.kind));
  if (cases::CategoryPatternMatch(r.category, c.category_kind, c.category_code) < 0) {
    return "the category is " + std::string(cases::CategoryKindName(c.category_kind)) + ":" + c.category_code;
  }
  if (r.area != "*" && r.area != c.district_code && r.area != c.street_code && r.area != c.community_code &&
      r.area != c.grid_code) {
    return "the case lies outside " + r.area;
  }
  if (r.urgency && *r.urgency != c.urgency) return "the urgency is " + std::string(cases::UrgencyName(c.urgency));
  if (r.source && *r.source != c.source) return "the source is " + std::string(cases::SourceName(c.source));
  if (r.window && !InWindow(*r.window, minute)) return "the time of day lies outside " + FormatWindow(*r.window);
  return "";
}

bool Matches(const Rule& r, const cases::Case& c, int minute) {
  return (!r.kind || *r.kind == c.kind) &&
         cases::CategoryPatternMatch(r.category, c.category_kind, c.category_code) >= 0 &&
         (r.area == "*" || r.area == c.district_code || r.area == c.street_code || r.area == c.community_code ||
          r.area == c.grid_code) &&
         (!r.urgency || *r.urgency == c.urgency) && (!r.source || *r.source == c.source) &&
         (!r.window || InWindow(*r.window, minute));
}

Decision Route(const RuleSet& s, const cases::Case& c, int minute) {
  Decision best;
  int best_weight = -1;
  for (const auto& r : s.rules) {
    if (!Matches(r, c, minute)) continue;
    int w = Weight(r);
    if (w > best_weight) {
      best_weight = w;
      best.rule = &r;
    }
  }
  return best;
}

}  // namespace onegrid::routing
