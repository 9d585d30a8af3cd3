#include "api/case_view.hpp"

#include <chrono>
#include <cmath>

#include "core/time_format.hpp"

namespace onegrid::api {
namespace {

void Key(JsonOut& w, std::string_view k) { w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }

void Time(JsonOut& w, core::Instant t) { Text(w, core::FormatInstant(t)); }
void TimeOrNull(JsonOut& w, const std::optional<core::Instant>& t) {
  if (t) {
    Time(w, *t);
  } else {
    w.Null();
  }
}

void AreaRef(JsonOut& w, const areas::AreaMap& map, const std::string& code, std::int64_t version = 0) {
  if (code.empty()) {
    w.Null();
    return;
  }
  const auto* a = map.Find(code);
  w.StartObject();
  Field(w, "code", code);
  Field(w, "name", a ? std::string_view(a->name) : std::string_view());
  if (version != 0) {
    Key(w, "version");
    w.Int64(version);
  }
  w.EndObject();
}

void Strings(JsonOut& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& s : items) Text(w, s);
  w.EndArray();
}

// A clock as the case views show it: its deadlines and how far it is now.
void Clock(JsonOut& w, const cases::StepClock& clock, const service::Deadlines& deadlines, core::Instant now,
           bool with_alerts) {
  w.StartObject();
  Key(w, "due_at");
  Time(w, clock.due_at);
  Key(w, "started_at");
  Time(w, clock.started_at);
  Key(w, "limit_hours");
  w.Double(std::chrono::duration<double, std::ratio<3600>>(clock.limit).count());
  Field(w, "clock", clock.wall ? "wall" : "working");
  if (with_alerts) {
    Field(w, "step", cases::StepName(clock.step));
    Key(w, "yellow_at");
    Time(w, clock.yellow_at);
    Key(w, "escalate_at");
    Time(w, clock.escalate_at);
    Key(w, "alerts");
    w.StartObject();
    Key(w, "yellow");
    w.Bool((clock.fired & cases::kYellowAlert) != 0);
    Key(w, "overdue");
    w.Bool((clock.fired & cases::kOverdueAlert) != 0);
    Key(w, "escalated");
    w.Bool((clock.fired & cases::kEscalatedAlert) != 0);
    w.EndObject();
  }
  bool unknown = clock.calendar_unknown;
  if (auto p = deadlines.Measure(clock, now)) {
    Key(w, "left_seconds");
    w.Int64(std::chrono::duration_cast<std::chrono::seconds>(p->left).count());
    Key(w, "used_percent");
    w.Double(std::round(p->used * 1000) / 10);
    Field(w, "light", p->light);
    Key(w, "paused");
    w.Bool(p->paused);
    unknown = p->calendar_unknown;
  }
  Key(w, "calendar_unknown");
  w.Bool(unknown);
  w.EndObject();
}

void Deadlines(JsonOut& w, const cases::Case& c, const service::Deadlines& deadlines, core::Instant now) {
  if (c.sla_version == 0) {  // a case from before deadlines
    w.Null();
    return;
  }
  w.StartObject();
  Key(w, "policy");
  w.StartObject();
  Key(w, "version");
  w.Int(c.sla_version);
  Field(w, "name", c.sla_policy);
  w.EndObject();
  Key(w, "step");
  if (c.clock.step == cases::Step::kNone) {
    w.Null();
  } else {
    Clock(w, c.clock, deadlines, now, true);
  }
  Key(w, "whole");
  if (cases::IsTerminal(c.state)) {
    w.Null();
  } else {
    Clock(w, c.whole, deadlines, now, false);
  }
  w.EndObject();
}

void Candidates(JsonOut& w, const std::vector<cases::DuplicateCandidate>& candidates) {
  w.StartArray();
  for (const auto& d : candidates) {
    w.StartObject();
    Key(w, "id");
    w.Int64(d.id);
    Field(w, "number", d.number);
    Key(w, "distance_m");
    w.Double(d.distance_m);
    Key(w, "age_s");
    w.Int64(d.age_s);
    w.EndObject();
  }
  w.EndArray();
}

void Assists(JsonOut& w, const std::vector<cases::Assist>& assists) {
  w.StartArray();
  for (const auto& a : assists) {
    w.StartObject();
    Field(w, "unit", a.unit);
    Field(w, "state", cases::TaskStateName(a.state));
    Field(w, "note", a.note);
    Key(w, "at");
    TimeOrNull(w, a.at);
    w.EndObject();
  }
  w.EndArray();
}

void Calls(JsonOut& w, const std::vector<cases::WhistleCall>& calls) {
  w.StartArray();
  for (const auto& c : calls) {
    w.StartObject();
    Key(w, "call");
    w.Int(c.id);
    Key(w, "raised_by_unit");
    TextOrNull(w, c.raised_by_unit);
    Key(w, "raised_at");
    Time(w, c.raised_at);
    Key(w, "checkin_due");
    Time(w, c.checkin_due);
    Field(w, "note", c.note);
    Key(w, "units");
    w.StartArray();
    for (const auto& u : c.units) {
      w.StartObject();
      Field(w, "unit", u.unit);
      Key(w, "checked_in_at");
      TimeOrNull(w, u.checked_in_at);
      Key(w, "reported_at");
      TimeOrNull(w, u.reported_at);
      Field(w, "report", u.report);
      Key(w, "missed_check_in");
      w.Bool(u.missed);
      w.EndObject();
    }
    w.EndArray();
    Key(w, "closed_at");
    TimeOrNull(w, c.closed_at);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void Text(JsonOut& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void Field(JsonOut& w, std::string_view key, std::string_view value) {
  Key(w, key);
  Text(w, value);
}

void TextOrNull(JsonOut& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    Text(w, s);
  }
}

void WriteJson(JsonOut& w, const nlohmann::json& j) {
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  rapidjson::Type type = j.is_object()    ? rapidjson::kObjectType
                         : j.is_array()   ? rapidjson::kArrayType
                         : j.is_string()  ? rapidjson::kStringType
                         : j.is_number()  ? rapidjson::kNumberType
                         : j.is_boolean() ? (j.get<bool>() ? rapidjson::kTrueType : rapidjson::kFalseType)
                                          : rapidjson::kNullType;
  w.RawValue(text.data(), text.size(), type);
}

void WriteCase(JsonOut& w, const cases::Case& c, const ApiDeps& deps, const accounts::User& user,
               const areas::AreaMap& map, const std::function<void(JsonOut&)>& more) {
  const service::CaseService& service = deps.cases;
  const auto* category = cases::FindCategory(c.category_kind, c.category_code);
  w.StartObject();
  Key(w, "id");
  w.Int64(c.id);
  Field(w, "number", c.number);
  Field(w, "kind", cases::KindName(c.kind));
  Key(w, "category");
  w.StartObject();
  Field(w, "kind", cases::CategoryKindName(c.category_kind));
  Field(w, "code", c.category_code);
  Field(w, "name", category ? std::string_view(category->name) : std::string_view());
  Field(w, "major_name", category ? std::string_view(category->major_name) : std::string_view());
  w.EndObject();
  Field(w, "source", cases::SourceName(c.source));
  Field(w, "urgency", cases::UrgencyName(c.urgency));
  Field(w, "description", c.description);
  Field(w, "address", c.address);
  Key(w, "location");
  w.StartObject();
  Key(w, "lon");
  w.Double(c.lon);
  Key(w, "lat");
  w.Double(c.lat);
  Field(w, "crs", "wgs84");
  w.EndObject();
  Key(w, "areas");
  w.StartObject();
  Key(w, "district");
  AreaRef(w, map, c.district_code);
  Key(w, "street");
  AreaRef(w, map, c.street_code);
  Key(w, "community");
  AreaRef(w, map, c.community_code);
  Key(w, "grid");
  AreaRef(w, map, c.grid_code, c.grid_version);
  w.EndObject();
  Key(w, "reporter");
  w.StartObject();
  Field(w, "name", c.reporter_name);
  Field(w, "phone", c.reporter_phone);
  w.EndObject();
  Field(w, "state", cases::StateName(c.state));
  Key(w, "current_unit");
  TextOrNull(w, c.current_unit);
  Key(w, "units");
  Strings(w, c.units);
  Key(w, "dispatch_count");
  w.Int(c.dispatch_count);
  Key(w, "redispatch_count");
  w.Int(c.redispatch_count);
  Key(w, "rework_count");
  w.Int(c.rework_count);
  Key(w, "attachments");
  Strings(w, c.attachments);
  Key(w, "duplicate_candidates");
  Candidates(w, service.VisibleCandidates(user, c));
  Key(w, "merged_into");
  if (c.merged_into == 0) {
    w.Null();
  } else {
    w.Int64(c.merged_into);
  }
  Key(w, "assists");
  Assists(w, c.assists);
  Key(w, "calls");
  Calls(w, c.calls);
  Key(w, "version");
  w.Int64(c.version);
  Key(w, "created_at");
  Time(w, c.created_at);
  Key(w, "updated_at");
  Time(w, c.updated_at);
  Key(w, "deadlines");
  Deadlines(w, c, deps.deadlines, deps.clock.Now());
  Key(w, "actions");
  w.StartArray();
  for (auto a : service.ActionsFor(user, c)) Text(w, a);
  w.EndArray();
  if (more) more(w);
  w.EndObject();
}

void WriteEvent(JsonOut& w, const cases::Event& e) {
  w.StartObject();
  Key(w, "seq");
  w.Int64(e.seq);
  Field(w, "action", e.action);
  Key(w, "from");
  if (e.from) {
    Text(w, cases::StateName(*e.from));
  } else {
    w.Null();
  }
  Field(w, "to", cases::StateName(e.to));
  Key(w, "actor");
  w.StartObject();
  Key(w, "id");
  w.Int64(e.actor_id);
  Field(w, "name", e.actor_name);
  Field(w, "role", e.role);
  Field(w, "unit", e.unit);
  w.EndObject();
  Key(w, "at");
  Time(w, e.at);
  Field(w, "note", e.note);
  Key(w, "attachments");
  Strings(w, e.attachments);
  Key(w, "payload");
  WriteJson(w, e.payload);
  Field(w, "hash", e.hash);
  w.EndObject();
}

net::Response WrittenResponse(int status, const rapidjson::StringBuffer& body) {
  net::Response r;
  r.status = status;
  r.body.assign(body.GetString(), body.GetSize());
  return r;
}

void WriteFeedItem(JsonOut& w, const store::FeedItem& item, const ApiDeps& deps, const accounts::User& user,
                   const areas::AreaMap& map, const std::function<void(JsonOut&)>& more) {
  w.StartObject();
  if (more) more(w);
  w.Key("id");
  w.Int64(item.id);
  w.Key("event");
  WriteEvent(w, item.event);
  w.Key("case");
  WriteCase(w, item.now, deps, user, map);
  w.EndObject();
}

}  // namespace onegrid::api
