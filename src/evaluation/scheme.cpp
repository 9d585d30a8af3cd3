#include "evaluation/scheme.hpp"

#include <cmath>
#include <set>

namespace onegrid::evaluation {
namespace {

using nlohmann::json;

core::Error Bad(const std::string& field, const std::string& why) { return core::InvalidArgument(why, field); }

core::Result<const json*> Member(const json& obj, const char* key, const std::string& at, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Bad(at + key, "required");
    return nullptr;
  }
  return &*it;
}

core::Result<std::string> Text(const json& obj, const char* key, const std::string& at, bool required = true) {
  OG_ASSIGN_OR_RETURN(const json* v, Member(obj, key, at, required));
  if (v == nullptr) return std::string();
  if (!v->is_string() || v->get_ref<const std::string&>().empty()) return Bad(at + key, "must be a non-empty string");
  return v->get<std::string>();
}

core::Result<double> Number(const json& obj, const char* key, const std::string& at, double lo, double hi,
                            std::optional<double> fallback = std::nullopt) {
  OG_ASSIGN_OR_RETURN(const json* v, Member(obj, key, at, !fallback));
  if (v == nullptr) return *fallback;
  if (!v->is_number()) return Bad(at + key, "must be a number");
  double d = v->get<double>();
  if (!(d >= lo && d <= hi)) {
    return Bad(at + key, "must be between " + std::to_string(static_cast<long long>(lo)) + " and " +
                             std::to_string(static_cast<long long>(hi)));
  }
  return d;
}

core::Result<void> OnlyKeys(const json& obj, std::initializer_list<const char*> keys, const std::string& at) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) return Bad(at + k, "unknown field");
  }
  return core::Ok();
}

core::Result<ListRule> ParseList(const json& obj, const char* key, const std::string& at, ListRule fallback) {
  OG_ASSIGN_OR_RETURN(const json* v, Member(obj, key, at, false));
  if (v == nullptr) return fallback;
  std::string here = at + key + ".";
  if (!v->is_object()) return Bad(at + key, "must be an object");
  OG_RETURN_IF_ERROR(OnlyKeys(*v, {"score", "size"}, here));
  ListRule r;
  OG_ASSIGN_OR_RETURN(r.score, Number(*v, "score", here, 0, 100));
  OG_ASSIGN_OR_RETURN(double size, Number(*v, "size", here, 0, 1000));
  if (size != std::floor(size)) return Bad(here + "size", "must be a whole number");
  r.size = static_cast<int>(size);
  return r;
}

core::Result<SchemeTerm> ParseTerm(const json& j, const std::string& at) {
  if (!j.is_object()) return Bad(at.substr(0, at.size() - 1), "must be an object");
  OG_RETURN_IF_ERROR(OnlyKeys(j, {"indicator", "count", "weight", "invert", "bands", "else"}, at));
  SchemeTerm t;
  OG_ASSIGN_OR_RETURN(t.indicator, Text(j, "indicator", at, false));
  OG_ASSIGN_OR_RETURN(t.count, Text(j, "count", at, false));
  if (t.indicator.empty() == t.count.empty()) return Bad(at + "indicator", "name exactly one of indicator or count");
  OG_ASSIGN_OR_RETURN(t.weight, Number(j, "weight", at, 0, 100));
  if (t.weight <= 0) return Bad(at + "weight", "must be more than 0");
  if (!t.indicator.empty()) {
    if (!KnownIndicator(t.indicator)) return Bad(at + "indicator", "unknown indicator " + t.indicator);
    if (j.contains("bands") || j.contains("else")) return Bad(at + "bands", "bands score a count, not an indicator");
    if (auto inv = j.find("invert"); inv != j.end()) {
      if (!inv->is_boolean()) return Bad(at + "invert", "must be true or false");
      t.invert = inv->get<bool>();
    }
    return t;
  }
  bool known = false;
  for (int i = 0; i < kMeasureCount; ++i) known = known || MeasureName(static_cast<Measure>(i)) == t.count;
  if (!known) return Bad(at + "count", "unknown count " + t.count);
  if (j.contains("invert")) return Bad(at + "invert", "a count is scored by its bands");
  auto bands = j.find("bands");
  if (bands == j.end() || !bands->is_array() || bands->empty()) return Bad(at + "bands", "a count needs bands");
  std::optional<bool> at_most;
  for (std::size_t i = 0; i < bands->size(); ++i) {
    const json& b = (*bands)[i];
    std::string here = at + "bands[" + std::to_string(i) + "].";
    if (!b.is_object()) return Bad(here.substr(0, here.size() - 1), "must be an object");
    OG_RETURN_IF_ERROR(OnlyKeys(b, {"max", "min", "score"}, here));
    bool is_max = b.contains("max");
    if (is_max == b.contains("min")) return Bad(here + "max", "name exactly one of max or min");
    if (at_most && *at_most != is_max) return Bad(here + (is_max ? "max" : "min"), "all bands of a count use max, or all min");
    at_most = is_max;
    Band band;
    OG_ASSIGN_OR_RETURN(double bound, Number(b, is_max ? "max" : "min", here, 0, 1e12));
    band.bound = static_cast<std::int64_t>(bound);
    OG_ASSIGN_OR_RETURN(band.score, Number(b, "score", here, 0, 100));
    if (!t.bands.empty() && (is_max ? band.bound <= t.bands.back().bound : band.bound >= t.bands.back().bound)) {
      return Bad(here + (is_max ? "max" : "min"), is_max ? "bounds must rise" : "bounds must fall");
    }
    t.bands.push_back(band);
  }
  t.at_most = *at_most;
  OG_ASSIGN_OR_RETURN(t.otherwise, Number(j, "else", at, 0, 100, 0.0));
  return t;
}

core::Result<Scheme> ParseScheme(const json& j, const std::string& at) {
  if (!j.is_object()) return Bad(at.substr(0, at.size() - 1), "must be an object");
  OG_RETURN_IF_ERROR(OnlyKeys(j, {"code", "name", "subject", "role", "terms", "commend", "lagging"}, at));
  Scheme s;
  OG_ASSIGN_OR_RETURN(s.code, Text(j, "code", at));
  OG_ASSIGN_OR_RETURN(s.name, Text(j, "name", at));
  OG_ASSIGN_OR_RETURN(std::string subject, Text(j, "subject", at));
  if (subject == "unit") {
    s.subject = Subject::kUnit;
  } else if (subject == "street") {
    s.subject = Subject::kStreet;
  } else if (subject == "worker") {
    s.subject = Subject::kWorker;
  } else {
    return Bad(at + "subject", "must be unit, street or worker");
  }
  OG_ASSIGN_OR_RETURN(s.role, Text(j, "role", at, s.subject == Subject::kWorker));
  if (s.subject != Subject::kWorker && !s.role.empty()) return Bad(at + "role", "only a worker scheme names a role");
  if (!s.role.empty() && !accounts::ParseRole(s.role)) return Bad(at + "role", "unknown role " + s.role);
  auto terms = j.find("terms");
  if (terms == j.end() || !terms->is_array() || terms->empty()) return Bad(at + "terms", "must be a non-empty array");
  double sum = 0;
  for (std::size_t i = 0; i < terms->size(); ++i) {
    OG_ASSIGN_OR_RETURN(auto t, ParseTerm((*terms)[i], at + "terms[" + std::to_string(i) + "]."));
    sum += t.weight;
    s.terms.push_back(std::move(t));
  }
  if (std::abs(sum - 100) > 1e-6) return Bad(at + "terms", "the weights must sum to 100 (they sum to " + std::to_string(sum) + ")");
  OG_ASSIGN_OR_RETURN(s.commend, ParseList(j, "commend", at, s.commend));
  OG_ASSIGN_OR_RETURN(s.lagging, ParseList(j, "lagging", at, s.lagging));
  return s;
}

json TermJson(const SchemeTerm& t) {
  json j = json::object();
  if (!t.indicator.empty()) {
    j["indicator"] = t.indicator;
    j["weight"] = t.weight;
    if (t.invert) j["invert"] = true;
    return j;
  }
  j["count"] = t.count;
  j["weight"] = t.weight;
  json bands = json::array();
  for (const auto& b : t.bands) bands.push_back({{t.at_most ? "max" : "min", b.bound}, {"score", b.score}});
  j["bands"] = std::move(bands);
  j["else"] = t.otherwise;
  return j;
}

double BandScore(const SchemeTerm& t, std::int64_t count) {
  for (const auto& b : t.bands) {
    if (t.at_most ? count <= b.bound : count >= b.bound) return b.score;
  }
  return t.otherwise;
}

}  // namespace

std::string_view SubjectName(Subject s) {
  switch (s) {
    case Subject::kUnit: return "unit";
    case Subject::kStreet: return "street";
    case Subject::kWorker: return "worker";
  }
  return "unit";
}

const Scheme* SchemeSet::Find(std::string_view code) const {
  for (const auto& s : schemes) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

core::Result<SchemeSet> ParseSchemeSet(const json& j) {
  if (!j.is_object()) return Bad("", "an evaluation scheme set must be a JSON object");
  OG_RETURN_IF_ERROR(OnlyKeys(j, {"grades", "schemes"}, ""));
  SchemeSet set;
  auto grades = j.find("grades");
  if (grades == j.end() || !grades->is_array() || grades->empty()) return Bad("grades", "must be a non-empty array");
  for (std::size_t i = 0; i < grades->size(); ++i) {
    std::string at = "grades[" + std::to_string(i) + "].";
    const json& g = (*grades)[i];
    if (!g.is_object()) return Bad(at.substr(0, at.size() - 1), "must be an object");
    OG_RETURN_IF_ERROR(OnlyKeys(g, {"grade", "min"}, at));
    Grade grade;
    OG_ASSIGN_OR_RETURN(grade.grade, Text(g, "grade", at));
    OG_ASSIGN_OR_RETURN(grade.min, Number(g, "min", at, 0, 100));
    if (!set.grades.empty() && grade.min >= set.grades.back().min) return Bad(at + "min", "grades must be listed highest first");
    set.grades.push_back(std::move(grade));
  }
  if (set.grades.back().min != 0) return Bad("grades[" + std::to_string(grades->size() - 1) + "].min", "the lowest grade must start at 0");
  auto schemes = j.find("schemes");
  if (schemes == j.end() || !schemes->is_array() || schemes->empty()) return Bad("schemes", "must be a non-empty array");
  std::set<std::string> codes;
  for (std::size_t i = 0; i < schemes->size(); ++i) {
    std::string at = "schemes[" + std::to_string(i) + "].";
    OG_ASSIGN_OR_RETURN(auto s, ParseScheme((*schemes)[i], at));
    if (!codes.insert(s.code).second) return Bad(at + "code", "scheme " + s.code + " is defined twice");
    set.schemes.push_back(std::move(s));
  }
  return set;
}

json SchemeSetJson(const SchemeSet& s) {
  json grades = json::array();
  for (const auto& g : s.grades) grades.push_back({{"grade", g.grade}, {"min", g.min}});
  json schemes = json::array();
  for (const auto& sc : s.schemes) {
    json terms = json::array();
    for (const auto& t : sc.terms) terms.push_back(TermJson(t));
    json j = {{"code", sc.code}, {"name", sc.name}, {"subject", SubjectName(sc.subject)}, {"terms", std::move(terms)},
              {"commend", {{"score", sc.commend.score}, {"size", sc.commend.size}}},
              {"lagging", {{"score", sc.lagging.score}, {"size", sc.lagging.size}}}};
    if (!sc.role.empty()) j["role"] = sc.role;
    schemes.push_back(std::move(j));
  }
  return {{"grades", std::move(grades)}, {"schemes", std::move(schemes)}};
}

json DefaultSchemeSet() {
  return json::parse(R"({
  "grades": [{"grade": "A", "min": 90}, {"grade": "B", "min": 75}, {"grade": "C", "min": 60},
             {"grade": "D", "min": 40}, {"grade": "E", "min": 0}],
  "schemes": [
    {"code": "unit", "name": "专业部门综合评价", "subject": "unit", "terms": [
      {"count": "assigned", "weight": 10, "bands": [{"max": 50, "score": 100}, {"max": 100, "score": 90},
        {"max": 200, "score": 75}, {"max": 500, "score": 60}, {"max": 1000, "score": 40}], "else": 0},
      {"indicator": "close_rate", "weight": 30},
      {"indicator": "on_time_handle_rate", "weight": 30},
      {"indicator": "rework_rate", "weight": 30, "invert": true}]},
    {"code": "district_100", "name": "处置单位百分制考核", "subject": "unit", "terms": [
      {"indicator": "handle_rate", "weight": 30},
      {"indicator": "on_time_handle_rate", "weight": 20},
      {"indicator": "rework_rate", "weight": 20, "invert": true},
      {"indicator": "overdue_rate", "weight": 20, "invert": true},
      {"indicator": "extension_rate", "weight": 10, "invert": true}]},
    {"code": "street", "name": "街道百分制考核", "subject": "street", "terms": [
      {"indicator": "handle_rate", "weight": 30},
      {"indicator": "on_time_handle_rate", "weight": 20},
      {"indicator": "rework_rate", "weight": 20, "invert": true},
      {"indicator": "overdue_rate", "weight": 20, "invert": true},
      {"indicator": "extension_rate", "weight": 10, "invert": true}]},
    {"code": "grid_worker", "name": "监督员考核", "subject": "worker", "role": "grid_worker", "terms": [
      {"indicator": "valid_report_rate", "weight": 40},
      {"indicator": "missed_report_rate", "weight": 20, "invert": true},
      {"indicator": "on_time_verify_rate", "weight": 20},
      {"indicator": "on_time_check_rate", "weight": 20}]},
    {"code": "shift_lead", "name": "值班长考核", "subject": "worker", "role": "shift_lead", "terms": [
      {"indicator": "on_time_register_rate", "weight": 25},
      {"indicator": "accurate_register_rate", "weight": 40},
      {"indicator": "on_time_closing_rate", "weight": 35}]},
    {"code": "dispatcher", "name": "派遣员考核", "subject": "worker", "role": "dispatcher", "terms": [
      {"count": "dispatched", "weight": 20, "bands": [{"min": 300, "score": 100}, {"min": 200, "score": 90},
        {"min": 100, "score": 75}, {"min": 50, "score": 60}], "else": 40},
      {"indicator": "on_time_dispatch_rate", "weight": 40},
      {"indicator": "accurate_dispatch_rate", "weight": 40}]}
  ]})");
}

std::string GradeOf(const SchemeSet& set, double total) {
  for (const auto& g : set.grades) {
    if (total >= g.min) return g.grade;
  }
  return set.grades.empty() ? "" : set.grades.back().grade;
}

Score ScoreOf(const SchemeSet& set, const Scheme& scheme, const Tally& tally) {
  Score out;
  double sum = 0, weights = 0;
  bool rated = false;  // a subject with no rate at all (nothing to do) gets no score from counts alone
  bool has_rate = false;
  for (const auto& t : scheme.terms) {
    TermScore ts;
    ts.code = t.indicator.empty() ? t.count : t.indicator;
    ts.weight = t.weight;
    if (!t.indicator.empty()) {
      auto ind = IndicatorOf(tally, t.indicator);
      has_rate = true;
      if (ind && ind->value) {
        rated = true;
        ts.value = *ind->value;
        ts.score = 100 * (t.invert ? 1 - *ind->value : *ind->value);
      }
    } else if (auto n = CountOf(tally, t.count)) {
      ts.value = static_cast<double>(*n);
      ts.score = BandScore(t, *n);
    }
    if (ts.score) {
      sum += *ts.score * t.weight;
      weights += t.weight;
    }
    out.terms.push_back(std::move(ts));
  }
  if (weights > 0 && (rated || !has_rate)) {
    out.total = std::round(sum / weights * 100) / 100;  // two decimals
    out.grade = GradeOf(set, *out.total);
  }
  return out;
}

}  // namespace onegrid::evaluation
