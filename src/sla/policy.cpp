#include "sla/policy.hpp"

#include <set>
#include <tuple>

#include "cases/category.hpp"

namespace onegrid::sla {
namespace {

using nlohmann::json;
using cases::Step;

constexpr Step kSteps[] = {Step::kAccept, Step::kVerify, Step::kDispatch, Step::kSign, Step::kHandle, Step::kCheck};

core::Error Bad(const std::string& field, const std::string& why) { return core::InvalidArgument(why, field); }

const std::pair<std::string_view, Limit::Unit> kUnits[] = {
    {"wm", Limit::Unit::kWorkingMinutes}, {"wh", Limit::Unit::kWorkingHours},
    {"wd", Limit::Unit::kWorkingDays},    {"m", Limit::Unit::kWallMinutes},
    {"h", Limit::Unit::kWallHours}};

std::string Text(const json& j, const char* key, const std::string& at) {
  if (!j.contains(key)) return "*";
  if (!j[key].is_string()) throw core::Error(Bad(at.empty() ? std::string(key) : at + "." + key, "must be text"));
  return j[key].get<std::string>();
}

}  // namespace

core::Result<Limit> ParseLimit(std::string_view text, const std::string& field) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string_view unit = text.substr(digits);
  if (digits == 0 || digits > 6) {
    return Bad(field, "\"" + std::string(text) + "\" is not a limit like 30m, 2h, 30wm, 4wh or 2wd");
  }
  Limit l;
  l.amount = std::stoll(std::string(text.substr(0, digits)));
  if (l.amount <= 0) return Bad(field, "a limit must be longer than zero");
  for (const auto& [name, u] : kUnits) {
    if (unit == name) {
      l.unit = u;
      return l;
    }
  }
  return Bad(field, "\"" + std::string(text) + "\" is not a limit like 30m, 2h, 30wm, 4wh or 2wd");
}

std::string FormatLimit(const Limit& l) {
  for (const auto& [name, u] : kUnits) {
    if (u == l.unit) return std::to_string(l.amount) + std::string(name);
  }
  return std::to_string(l.amount);
}

core::Result<PolicySet> ParsePolicySet(const json& j) {
  if (!j.is_object()) return Bad("policies", "the policy set must be an object");
  for (const auto& [key, _] : j.items()) {
    if (key != "policies" && key != "area_classes" && key != "default_area_class" && key != "escalate_after") {
      return Bad(key, "is not a field of a policy set (policies, area_classes, default_area_class, escalate_after)");
    }
  }
  PolicySet s;
  try {
    if (!j.contains("escalate_after") || !j["escalate_after"].is_string()) {
      return Bad("escalate_after", "must be a limit like 4wh: the time from a deadline to the district leader's supervision");
    }
    OG_ASSIGN_OR_RETURN(s.escalate_after, ParseLimit(j["escalate_after"].get<std::string>(), "escalate_after"));
    s.default_area_class = j.contains("default_area_class") ? Text(j, "default_area_class", "") : "A";
    auto valid_class = [](const std::string& c) { return c == "A" || c == "B" || c == "C"; };
    if (!valid_class(s.default_area_class)) return Bad("default_area_class", "must be A, B or C");
    if (j.contains("area_classes")) {
      if (!j["area_classes"].is_object()) return Bad("area_classes", "must map area codes to A, B or C");
      for (const auto& [code, cls] : j["area_classes"].items()) {
        if (!cls.is_string() || !valid_class(cls.get<std::string>())) {
          return Bad("area_classes." + code, "must be A, B or C");
        }
        s.area_classes[code] = cls.get<std::string>();
      }
    }
    if (!j.contains("policies") || !j["policies"].is_array() || j["policies"].empty()) {
      return Bad("policies", "must be a list of policies");
    }
    std::set<std::string> names;
    std::set<std::tuple<std::string, std::string, std::string>> keys;
    for (std::size_t i = 0; i < j["policies"].size(); ++i) {
      const auto& p = j["policies"][i];
      std::string at = "policies[" + std::to_string(i) + "]";
      if (!p.is_object()) return Bad(at, "must be an object");
      for (const auto& [key, _] : p.items()) {
        if (key != "name" && key != "urgency" && key != "category" && key != "area_class" && key != "limits" &&
            key != "whole") {
          return Bad(at + "." + key, "is not a field of a policy (name, urgency, category, area_class, limits, whole)");
        }
      }
      Policy pol;
      if (!p.contains("name") || !p["name"].is_string() || p["name"].get<std::string>().empty()) {
        return Bad(at + ".name", "must name the policy");
      }
      pol.name = p["name"].get<std::string>();
      if (!names.insert(pol.name).second) return Bad(at + ".name", "another policy is named " + pol.name);
      pol.urgency = Text(p, "urgency", at);
      if (pol.urgency != "*" && !cases::ParseUrgency(pol.urgency)) return Bad(at + ".urgency", "must be urgent, normal or *");
      pol.category = Text(p, "category", at);
      if (!cases::ValidCategoryPattern(pol.category)) {
        return Bad(at + ".category", "must be * or kind:code of GB/T 47678.5, e.g. matter:06010 or the major class matter:06");
      }
      pol.area_class = Text(p, "area_class", at);
      if (pol.area_class != "*" && !valid_class(pol.area_class)) return Bad(at + ".area_class", "must be A, B, C or *");
      if (!keys.insert({pol.urgency, pol.category, pol.area_class}).second) {
        return Bad(at, "another policy matches the same urgency, category and area class");
      }
      if (p.contains("limits")) {
        if (!p["limits"].is_object()) return Bad(at + ".limits", "must map steps to limits");
        for (const auto& [step, limit] : p["limits"].items()) {
          auto st = cases::ParseStep(step);
          if (!st) return Bad(at + ".limits." + step, "is not a step (accept, verify, dispatch, sign, handle, check)");
          if (!limit.is_string()) return Bad(at + ".limits." + step, "must be a limit like 4wh");
          OG_ASSIGN_OR_RETURN(pol.limits[*st], ParseLimit(limit.get<std::string>(), at + ".limits." + step));
        }
      }
      if (p.contains("whole")) {
        if (!p["whole"].is_string()) return Bad(at + ".whole", "must be a limit like 5wd");
        OG_ASSIGN_OR_RETURN(pol.whole, ParseLimit(p["whole"].get<std::string>(), at + ".whole"));
      }
      if (pol.limits.empty() && !pol.whole) return Bad(at + ".limits", "the policy sets no limit");
      s.policies.push_back(std::move(pol));
    }
  } catch (const core::Error& e) {
    return e;
  }
  const Policy* fallback = nullptr;
  for (const auto& p : s.policies) {
    if (p.urgency == "*" && p.category == "*" && p.area_class == "*") fallback = &p;
  }
  if (!fallback) return Bad("policies", "a catch-all policy (urgency, category and area class all *) is needed");
  for (Step st : kSteps) {
    if (!fallback->limits.count(st)) {
      return Bad("policies", "the catch-all policy " + fallback->name + " must give a limit for " +
                                 std::string(cases::StepName(st)));
    }
  }
  if (!fallback->whole) return Bad("policies", "the catch-all policy " + fallback->name + " must give the whole-case limit");
  return s;
}

json PolicySetJson(const PolicySet& s) {
  json policies = json::array();
  for (const auto& p : s.policies) {
    json limits = json::object();
    for (const auto& [step, l] : p.limits) limits[std::string(cases::StepName(step))] = FormatLimit(l);
    json j = {{"name", p.name}, {"urgency", p.urgency}, {"category", p.category},
              {"area_class", p.area_class}, {"limits", limits}};
    if (p.whole) j["whole"] = FormatLimit(*p.whole);
    policies.push_back(std::move(j));
  }
  return {{"escalate_after", FormatLimit(s.escalate_after)},
          {"default_area_class", s.default_area_class},
          {"area_classes", s.area_classes},
          {"policies", policies}};
}

const json& DefaultPolicySet() {
  // governance.md §6. Urgent types run on the wall clock; handling limits per category from the
  // local rules quoted there; verify and check take longer at the edge of the district (class C).
  static const json set = json::parse(R"({
    "escalate_after": "4wh",
    "default_area_class": "A",
    "area_classes": {"410104202000": "C"},
    "policies": [
      {"name": "一般案件", "limits": {"accept": "30wm", "verify": "1wh", "dispatch": "30wm", "sign": "1wh",
                                      "handle": "2wd", "check": "1wh"}, "whole": "5wd"},
      {"name": "C类区域核实核查", "area_class": "C", "limits": {"verify": "2wh", "check": "2wh"}},
      {"name": "紧急案件", "urgency": "urgent", "limits": {"accept": "10m", "verify": "30m", "dispatch": "10m",
                                                             "sign": "30m", "handle": "4h", "check": "30m"}, "whole": "24h"},
      {"name": "暴露垃圾", "category": "matter:06010", "limits": {"handle": "4wh"}},
      {"name": "积存垃圾渣土", "category": "matter:06011", "limits": {"handle": "2wd"}},
      {"name": "道路不洁", "category": "matter:06012", "limits": {"handle": "2wh"}},
      {"name": "绿地脏乱", "category": "matter:06017", "limits": {"handle": "5wd"}},
      {"name": "私搭乱建", "category": "matter:06001", "limits": {"handle": "15wd"}, "whole": "20wd"},
      {"name": "路灯异常", "category": "matter:01037", "limits": {"handle": "1wd"}},
      {"name": "污水井盖缺失", "category": "matter:01002", "limits": {"handle": "2h"}}
    ]})");
  return set;
}

std::string AreaClassOf(const PolicySet& s, const cases::Case& c) {
  for (const auto* code : {&c.grid_code, &c.community_code, &c.street_code, &c.district_code}) {
    if (auto it = s.area_classes.find(*code); it != s.area_classes.end()) return it->second;
  }
  return s.default_area_class;
}

Resolved Resolve(const PolicySet& s, const cases::Case& c, Step step) {
  std::string urgency(cases::UrgencyName(c.urgency));
  std::string cls = AreaClassOf(s, c);
  Resolved best;
  int best_score = -1;
  for (const auto& p : s.policies) {
    std::optional<Limit> limit;
    if (step == Step::kNone) {
      limit = p.whole;
    } else if (auto it = p.limits.find(step); it != p.limits.end()) {
      limit = it->second;
    }
    if (!limit) continue;
    if (p.urgency != "*" && p.urgency != urgency) continue;
    int category = cases::CategoryPatternMatch(p.category, c.category_kind, c.category_code);
    if (category < 0) continue;
    if (p.area_class != "*" && p.area_class != cls) continue;
    int score = (p.urgency != "*" ? 100 : 0) + category * 10 +
                (p.area_class != "*" ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      best = {&p, *limit};
    }
  }
  return best;  // the catch-all always matches
}

}  // namespace onegrid::sla
