#include "service/evaluation_service.hpp"

#include <algorithm>
#include <charconv>

namespace onegrid::service {
namespace {

using accounts::Role;
using evaluation::SchemeSet;

}  // namespace

bool EvaluationService::Overseer(Role r) { return r == Role::kLeader || r == Role::kShiftLead || r == Role::kDispatcher; }

bool EvaluationService::DistrictWide(const accounts::User& user) const {
  auto map = areas_.map();
  return std::any_of(user.roles.begin(), user.roles.end(), [&](const accounts::RoleGrant& g) {
    const areas::Area* a = map->Find(g.scope);
    return Overseer(g.role) && a != nullptr && a->level == areas::AreaLevel::kDistrict;
  });
}

EvaluationService::EvaluationService(store::Store& store, AreaService& areas, const core::Clock& clock)
    : store_(store),
      areas_(areas),
      clock_(clock),
      schemes_(store.schemes(), clock, "evaluation scheme set", evaluation::ParseSchemeSet,
               evaluation::SchemeSetJson) {}

core::Result<void> EvaluationService::Load() {
  return schemes_.Load(evaluation::DefaultSchemeSet(), "the composite scores of governance.md §7, seeded");
}

core::Result<std::shared_ptr<const SchemeSet>> EvaluationService::ReplaceSchemes(const accounts::User& user,
                                                                                const nlohmann::json& doc,
                                                                                const std::string& note) {
  if (!user.HasRole(Role::kAdmin)) return core::PermissionDenied("only an administrator changes evaluation schemes");
  OG_ASSIGN_OR_RETURN(auto set, evaluation::ParseSchemeSet(doc));
  OG_ASSIGN_OR_RETURN(auto stored, schemes_.Store(set, user.id, note));
  return stored;
}

bool EvaluationService::CoversArea(const accounts::User& user, const std::string& area) const {
  auto map = areas_.map();
  for (const auto& g : user.roles) {
    if (!Overseer(g.role)) continue;
    const areas::Area* a = map->Find(g.scope);
    if (a == nullptr) continue;
    for (const areas::Area* x = map->Find(area); x != nullptr; x = map->Find(x->parent_code)) {
      if (x->code == g.scope) return true;
      if (x->parent_code.empty()) break;
    }
  }
  return false;
}

std::string EvaluationService::AreaName(const std::string& code) const {
  const areas::Area* a = areas_.map()->Find(code);
  return a ? a->name : code;
}

core::Result<std::string> EvaluationService::UnitName(const std::string& code) const {
  auto unit = store_.units().Get(code);
  if (!unit) {
    if (unit.error().code == core::ErrorCode::kNotFound) return core::NotFound("no unit " + code, "scope");
    return std::move(unit).error();
  }
  return unit->name;
}

core::Result<EvaluationScope> EvaluationService::ResolveScope(const accounts::User& user,
                                                              const std::string& text) const {
  EvaluationScope s;
  auto map = areas_.map();
  const areas::Area* district = nullptr;
  for (const auto* d : map->AtLevel(areas::AreaLevel::kDistrict)) district = d;
  if (district == nullptr) return core::FailedPrecondition("the district has no map yet");
  auto colon = text.find(':');
  std::string kind = text.substr(0, colon), code = colon == std::string::npos ? "" : text.substr(colon + 1);
  auto denied = [] { return core::PermissionDenied("these figures are outside your scope"); };
  if (text == "district") {
    s.kind = EvaluationScope::Kind::kDistrict;
    s.code = district->code;
    s.name = district->name;
    if (!CoversArea(user, s.code)) return denied();
    return s;
  }
  if (code.empty()) {
    return core::InvalidArgument("scope is district, street:CODE, community:CODE, grid:CODE, unit:CODE, worker:ID or role:NAME", "scope");
  }
  if (kind == "street" || kind == "community" || kind == "grid") {
    const areas::Area* a = map->Find(code);
    auto level = kind == "street" ? areas::AreaLevel::kStreet
                 : kind == "community" ? areas::AreaLevel::kCommunity : areas::AreaLevel::kGrid;
    if (a == nullptr || a->level != level) return core::NotFound("no " + kind + " " + code, "scope");
    s.kind = EvaluationScope::Kind::kArea;
    s.code = code;
    s.name = a->name;
    if (!CoversArea(user, code)) return denied();
    return s;
  }
  if (kind == "unit") {
    OG_ASSIGN_OR_RETURN(s.name, UnitName(code));
    s.kind = EvaluationScope::Kind::kUnit;
    s.code = code;
    bool own = std::any_of(user.roles.begin(), user.roles.end(), [&](const accounts::RoleGrant& g) {
      return (g.role == Role::kUnitLeader || g.role == Role::kUnitStaff) && g.scope == code;
    });
    if (!own && !DistrictWide(user)) return denied();
    return s;
  }
  if (kind == "worker") {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), id);
    if (ec != std::errc() || end != code.data() + code.size() || id <= 0) {
      return core::InvalidArgument("worker:ID takes a user id", "scope");
    }
    auto person = store_.users().FindById(id);
    if (!person) {
      if (person.error().code == core::ErrorCode::kNotFound) return core::NotFound("no user " + code, "scope");
      return std::move(person).error();
    }
    s.kind = EvaluationScope::Kind::kWorker;
    s.code = code;
    s.name = person->display_name;
    if (id != user.id && !DistrictWide(user)) return denied();
    return s;
  }
  if (kind == "role") {
    auto role = accounts::ParseRole(code);
    if (!role) return core::NotFound("no role " + code, "scope");
    s.kind = EvaluationScope::Kind::kRole;
    s.code = code;
    for (const auto& info : accounts::AllRoles()) {
      if (info.role == *role) s.name = std::string(info.label_zh);
    }
    if (!DistrictWide(user)) return denied();
    return s;
  }
  return core::InvalidArgument("scope is district, street:CODE, community:CODE, grid:CODE, unit:CODE, worker:ID or role:NAME", "scope");
}

evaluation::Scope EvaluationService::ScopeFor(const EvaluationScope& s) const {
  evaluation::Scope out;
  switch (s.kind) {
    case EvaluationScope::Kind::kDistrict: break;
    case EvaluationScope::Kind::kArea: out.areas = {s.code}; break;
    case EvaluationScope::Kind::kUnit: out.unit = s.code; break;
    case EvaluationScope::Kind::kRole: out.role = s.code; break;
    case EvaluationScope::Kind::kWorker: {
      out.actor = std::stoll(s.code);
      // The areas whose registrations count for their 漏报率: their grid-worker grants.
      if (auto person = store_.users().FindById(*out.actor)) {
        for (const auto& g : person->roles) {
          if (g.role == Role::kGridWorker) out.watched_areas.push_back(g.scope);
        }
      }
      break;
    }
  }
  return out;
}

core::Instant EvaluationService::AsOf(const evaluation::Period& p) const { return std::min(p.to, clock_.Now()); }

core::Result<std::vector<evaluation::CaseFacts>> EvaluationService::Facts(const evaluation::Period& period,
                                                                          const EvaluationProgress& progress) {
  core::Instant as_of = AsOf(period);
  OG_ASSIGN_OR_RETURN(auto ids, store_.cases().Active(period.from, as_of));
  std::vector<evaluation::CaseFacts> out;
  out.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (progress && (i % 256 == 0 || i + 1 == ids.size())) progress("reading case logs", i + 1, ids.size());
    OG_ASSIGN_OR_RETURN(auto events, store_.cases().Events(ids[i]));
    auto facts = evaluation::Extract(events, as_of);
    if (!facts) {
      if (facts.error().code == core::ErrorCode::kNotFound) continue;  // reported after the instant
      return std::move(facts).error();
    }
    out.push_back(std::move(*facts));
  }
  return out;
}

core::Result<IndicatorReport> EvaluationService::Indicators(const accounts::User& /*user*/,
                                                            const evaluation::Period& period,
                                                            const EvaluationScope& scope, bool traces) {
  OG_ASSIGN_OR_RETURN(auto facts, Facts(period));
  IndicatorReport out;
  out.period = period;
  out.scope = scope;
  out.as_of = AsOf(period);
  out.indicators = evaluation::Indicators(evaluation::CountFacts(facts, period.from, out.as_of, ScopeFor(scope), traces));
  return out;
}

core::Result<evaluation::Ranking> EvaluationService::Rankings(const accounts::User& user,
                                                              const evaluation::Period& period,
                                                              const std::string& scheme_code) {
  auto set = Schemes();
  const evaluation::Scheme* scheme = set->Find(scheme_code);
  if (scheme == nullptr) return core::NotFound("no evaluation scheme " + scheme_code, "scheme");
  if (!DistrictWide(user)) return core::PermissionDenied("rankings are for district-wide grants");
  // The subjects: every unit, every street, or every person holding the scheme's role.
  std::vector<std::pair<std::string, std::string>> subjects;  // code, name
  std::map<std::string, evaluation::Scope> scopes;
  if (scheme->subject == evaluation::Subject::kUnit) {
    OG_ASSIGN_OR_RETURN(auto units, store_.units().List("", 100000));
    for (const auto& u : units) {
      subjects.emplace_back(u.code, u.name);
      scopes[u.code].unit = u.code;
    }
  } else if (scheme->subject == evaluation::Subject::kStreet) {
    for (const auto* street : areas_.map()->AtLevel(areas::AreaLevel::kStreet)) {
      subjects.emplace_back(street->code, street->name);
      scopes[street->code].areas = {street->code};
    }
  } else {
    auto role = accounts::ParseRole(scheme->role);
    std::int64_t after = 0;
    for (;;) {
      OG_ASSIGN_OR_RETURN(auto page, store_.users().List(after, 500));
      if (page.empty()) break;
      after = page.back().id;
      for (const auto& person : page) {
        evaluation::Scope scope;
        for (const auto& g : person.roles) {
          if (g.role == *role) scope.watched_areas.push_back(g.scope);
        }
        if (scope.watched_areas.empty() || person.disabled) continue;
        std::string code = std::to_string(person.id);
        scope.actor = person.id;
        scope.role = scheme->role;
        subjects.emplace_back(code, person.display_name);
        scopes[code] = std::move(scope);
      }
    }
  }
  OG_ASSIGN_OR_RETURN(auto now_facts, Facts(period));
  auto previous = evaluation::Previous(period);
  OG_ASSIGN_OR_RETURN(auto previous_facts, Facts(previous));
  std::vector<evaluation::Scored> scored;
  core::Instant as_of = AsOf(period), previous_as_of = AsOf(previous);
  for (const auto& [code, name] : subjects) {
    const auto& scope = scopes[code];
    evaluation::Scored s{code, name, {}, {}};
    s.now = evaluation::ScoreOf(*set, *scheme, evaluation::CountFacts(now_facts, period.from, as_of, scope, false));
    s.previous = evaluation::ScoreOf(*set, *scheme,
                                     evaluation::CountFacts(previous_facts, previous.from, previous_as_of, scope, false));
    scored.push_back(std::move(s));
  }
  return evaluation::Rank(*scheme, std::move(scored));
}

}  // namespace onegrid::service
