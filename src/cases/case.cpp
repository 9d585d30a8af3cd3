#include "cases/case.hpp"

#include <algorithm>
#include <array>

#include "cases/json_text.hpp"
#include "cases/merge.hpp"
#include "core/sha256.hpp"
#include "core/time_format.hpp"

namespace onegrid::cases {
namespace {

constexpr std::array<std::string_view, 8> kSources = {
    "grid_worker", "hotline", "public_app", "open311", "leader", "video", "patrol", "import"};

}  // namespace

std::string_view SourceName(Source s) { return kSources[static_cast<int>(s)]; }

std::optional<Source> ParseSource(std::string_view name) {
  for (size_t i = 0; i < kSources.size(); ++i) {
    if (kSources[i] == name) return static_cast<Source>(i);
  }
  return std::nullopt;
}

const std::vector<std::string_view>& SourceNames() {
  static const std::vector<std::string_view> names(kSources.begin(), kSources.end());
  return names;
}

std::string_view UrgencyName(Urgency u) { return u == Urgency::kUrgent ? "urgent" : "normal"; }

std::optional<Urgency> ParseUrgency(std::string_view name) {
  if (name == "normal") return Urgency::kNormal;
  if (name == "urgent") return Urgency::kUrgent;
  return std::nullopt;
}

std::string CanonicalText(const Event& e) {
  return CanonicalText(e, e.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
}

std::string CanonicalText(const Event& e, std::string_view payload_text) {
  // The sorted-key dump of the event's fields with the payload's own dump at its place, as
  // dumping one tree holding all of it would write it (case_test.cpp compares the two), written
  // member by member: every event's hash and `onegrid verify` read this text.
  using namespace json_text;
  std::string out = "{";
  out.reserve(320 + e.actor_name.size() + e.note.size() + payload_text.size() + 70 * e.attachments.size());
  StringMember(out, "action", e.action);
  IntMember(out, "actor_id", e.actor_id);
  StringMember(out, "actor_name", e.actor_name);
  IntMember(out, "at", e.at.time_since_epoch().count());
  StringsMember(out, "attachments", e.attachments);
  IntMember(out, "case_id", e.case_id);
  if (e.from) {
    StringMember(out, "from", StateName(*e.from));
  } else {
    Key(out, "from");
    out.append("null,");
  }
  StringMember(out, "note", e.note);
  Key(out, "payload");
  out.append(payload_text).append(",");
  StringMember(out, "role", e.role);
  IntMember(out, "seq", e.seq);
  StringMember(out, "to", StateName(e.to));
  StringMember(out, "unit", e.unit);
  Close(out);
  return out;
}

std::string ComputeHash(const Event& e) { return core::Sha256Hex(e.prev_hash + "\n" + CanonicalText(e)); }

std::string ComputeHash(const Event& e, std::string_view payload_text) {
  return core::Sha256Hex(e.prev_hash + "\n" + CanonicalText(e, payload_text));
}

std::string NumberDay(core::Instant at) {
  return core::FormatInstant(at).substr(0, 10).erase(7, 1).erase(4, 1);
}

std::string CaseNumber(std::string_view district, core::Instant at, std::int64_t seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(seq));
  return std::string(district) + "-" + NumberDay(at) + "-" + buf;
}

nlohmann::json ReportPayload(const Case& c) {
  nlohmann::json p = {{"number", c.number},
          {"kind", KindName(c.kind)},
          {"category_kind", CategoryKindName(c.category_kind)},
          {"category_code", c.category_code},
          {"source", SourceName(c.source)},
          {"urgency", UrgencyName(c.urgency)},
          {"description", c.description},
          {"address", c.address},
          {"lon", c.lon},
          {"lat", c.lat},
          {"district_code", c.district_code},
          {"street_code", c.street_code},
          {"community_code", c.community_code},
          {"grid_code", c.grid_code},
          {"grid_version", c.grid_version},
          {"reporter_name", c.reporter_name},
          {"reporter_phone", c.reporter_phone}};
  if (!c.duplicate_candidates.empty()) p["duplicate_candidates"] = CandidatesJson(c.duplicate_candidates);
  if (c.sla_version != 0) {
    p["sla"] = {{"version", c.sla_version}, {"policy", c.sla_policy}, {"whole", ClockJson(c.whole)}};
    p["clock"] = ClockJson(c.clock);
  }
  return p;
}

std::optional<CaseTimer> NextCaseTimer(const Case& c) {
  std::optional<CaseTimer> out;
  if (auto step = NextTimer(c.clock)) out = CaseTimer{step->at, step->action, 0, ""};
  if (auto checkin = NextCheckIn(c.calls); checkin && (!out || checkin->at < out->at)) {
    out = CaseTimer{checkin->at, kCheckInOverdueAction, checkin->call, checkin->unit};
  }
  return out;
}

core::Result<void> Apply(Case& c, const Event& e) {
  auto broken = [&](const std::string& why) {
    return core::Internal("event " + std::to_string(e.seq) + " of case " + std::to_string(e.case_id) +
                          " cannot apply: " + why);
  };
  if (e.seq != c.version + 1) return broken("expected sequence " + std::to_string(c.version + 1));
  if (e.action == kReportAction) {
    if (c.version != 0) return broken("a case is reported once");
    const auto& p = e.payload;
    try {
      c.id = e.case_id;
      c.number = p.at("number");
      c.kind = ParseKind(p.at("kind").get<std::string>()).value();
      c.category_kind = ParseCategoryKind(p.at("category_kind").get<std::string>()).value();
      c.category_code = p.at("category_code");
      c.source = ParseSource(p.at("source").get<std::string>()).value();
      c.urgency = ParseUrgency(p.at("urgency").get<std::string>()).value();
      c.description = p.at("description");
      c.address = p.at("address");
      c.lon = p.at("lon");
      c.lat = p.at("lat");
      c.district_code = p.at("district_code");
      c.street_code = p.at("street_code");
      c.community_code = p.at("community_code");
      c.grid_code = p.at("grid_code");
      c.grid_version = p.at("grid_version");
      c.reporter_name = p.at("reporter_name");
      c.reporter_phone = p.at("reporter_phone");
    } catch (const std::exception& ex) {
      return broken(std::string("bad report payload: ") + ex.what());
    }
    c.state = State::kReported;
    c.created_at = e.at;
    c.created_by = e.actor_id;
    if (e.payload.contains("duplicate_candidates")) {
      auto candidates = ParseCandidates(e.payload["duplicate_candidates"]);
      if (!candidates) return broken(candidates.error().message);
      c.duplicate_candidates = std::move(*candidates);
    }
    if (e.payload.contains("sla")) {
      const auto& sla = e.payload["sla"];
      try {
        c.sla_version = sla.at("version").get<int>();
        c.sla_policy = sla.at("policy").get<std::string>();
      } catch (const std::exception& ex) {
        return broken(std::string("bad sla: ") + ex.what());
      }
      auto whole = ParseClock(sla.at("whole"));
      if (!whole) return broken(whole.error().message);
      c.whole = *whole;
    }
    if (e.payload.contains("clock")) {
      auto clock = ParseClock(e.payload["clock"]);
      if (!clock) return broken(clock.error().message);
      c.clock = *clock;
    }
  } else if (IsCoordinationAction(e.action)) {
    OG_RETURN_IF_ERROR(ApplyCoordination(c, e));
  } else if (IsMergeAction(e.action)) {
    OG_RETURN_IF_ERROR(ApplyMerge(c, e));
  } else if (e.action == kAttachAction || e.action == kRemindAction) {
    if (!e.from || *e.from != c.state || e.to != c.state) return broken("it keeps the state");
    if (IsTerminal(c.state)) return broken("the case is finished");
  } else if (e.action == kRetimeAction) {
    if (!e.from || *e.from != c.state || e.to != c.state) return broken("retiming keeps the state");
    for (auto [key, clock] : {std::pair{"clock", &c.clock}, std::pair{"whole", &c.whole}}) {
      if (!e.payload.contains(key)) continue;
      auto parsed = ParseClock(e.payload[key]);
      if (!parsed) return broken(parsed.error().message);
      if (parsed->step != clock->step) return broken("retiming keeps the step");
      *clock = *parsed;
    }
  } else if (IsTimerAction(e.action)) {
    if (!e.from || *e.from != c.state || e.to != c.state) return broken("a timer keeps the state");
    auto next = NextTimer(c.clock);
    if (!next || next->action != e.action) return broken("no " + e.action + " timer is due on this step");
    c.clock.fired |= e.action == kYellowAction ? kYellowAlert
                     : e.action == kOverdueAction ? kOverdueAlert : kEscalatedAlert;
  } else {
    if (!e.from || *e.from != c.state) return broken("it starts from another state");
    auto rule = FindRule(c.kind, c.state, e.action);
    if (!rule || (*rule)->to != e.to) return broken("the workflow does not allow it");
    if (e.action == "dispatch" || e.action == "feedback") OG_RETURN_IF_ERROR(ApplyCoordination(c, e));
    if (e.action == "dispatch") {
      std::string unit = e.payload.value("unit", "");
      if (unit.empty()) return broken("a dispatch names a unit");
      if (!c.units.empty() && c.units.back() != unit) ++c.redispatch_count;
      auto it = std::find(c.units.begin(), c.units.end(), unit);
      if (it != c.units.end()) c.units.erase(it);
      c.units.push_back(unit);
      ++c.dispatch_count;
      c.current_unit = unit;
    } else if (e.action == "approve_return") {
      c.current_unit.clear();
    } else if (e.action == "check_fail" || e.action == "send_back") {
      ++c.rework_count;
    }
    c.state = e.to;
    if (e.payload.contains("clock")) {
      auto clock = ParseClock(e.payload["clock"]);
      if (!clock) return broken(clock.error().message);
      c.clock = *clock;
    }
    if (IsTerminal(c.state)) c.clock = StepClock{};
  }
  for (const auto& a : e.attachments) c.attachments.push_back(a);
  c.version = e.seq;
  c.updated_at = e.at;
  c.last_hash = e.hash;
  return core::Ok();
}

}  // namespace onegrid::cases
