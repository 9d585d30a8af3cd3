#include "cases/coordination.hpp"

#include <algorithm>

#include "cases/case.hpp"

namespace onegrid::cases {
namespace {

using nlohmann::json;

std::int64_t Us(core::Instant t) { return t.time_since_epoch().count(); }
core::Instant FromUs(std::int64_t us) { return core::Instant(core::Duration(us)); }
json OptionalTime(const std::optional<core::Instant>& t) { return t ? json(Us(*t)) : json(nullptr); }
std::optional<core::Instant> ReadTime(const json& j) {
  if (j.is_null()) return std::nullopt;
  return FromUs(j.get<std::int64_t>());
}

WhistleCall* FindCall(std::vector<WhistleCall>& calls, int id) {
  for (auto& call : calls) {
    if (call.id == id) return &call;
  }
  return nullptr;
}

CalledUnit* FindUnit(WhistleCall& call, const std::string& unit) {
  for (auto& u : call.units) {
    if (u.unit == unit) return &u;
  }
  return nullptr;
}

}  // namespace

std::string_view TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kOpen: return "open";
    case TaskState::kDone: return "done";
    case TaskState::kWaived: return "waived";
  }
  return "open";
}

bool IsCoordinationAction(std::string_view a) {
  return a == kAssistReportAction || a == kWhistleAction || a == kCheckInAction || a == kWhistleReportAction ||
         a == kCloseWhistleAction || a == kCheckInOverdueAction;
}

json AssistsJson(const std::vector<Assist>& assists) {
  json out = json::array();
  for (const auto& a : assists) {
    out.push_back({{"unit", a.unit}, {"state", TaskStateName(a.state)}, {"note", a.note}, {"at", OptionalTime(a.at)}});
  }
  return out;
}

core::Result<std::vector<Assist>> ParseAssists(const json& j) {
  std::vector<Assist> out;
  try {
    for (const auto& a : j) {
      Assist x;
      x.unit = a.at("unit").get<std::string>();
      auto state = a.at("state").get<std::string>();
      x.state = state == "done" ? TaskState::kDone : state == "waived" ? TaskState::kWaived : TaskState::kOpen;
      x.note = a.at("note").get<std::string>();
      x.at = ReadTime(a.at("at"));
      out.push_back(std::move(x));
    }
  } catch (const std::exception& ex) {
    return core::Internal(std::string("bad assists: ") + ex.what());
  }
  return out;
}

json CallsJson(const std::vector<WhistleCall>& calls) {
  json out = json::array();
  for (const auto& c : calls) {
    json units = json::array();
    for (const auto& u : c.units) {
      units.push_back({{"unit", u.unit}, {"checked_in_at", OptionalTime(u.checked_in_at)},
                       {"reported_at", OptionalTime(u.reported_at)}, {"report", u.report}, {"missed", u.missed}});
    }
    out.push_back({{"id", c.id}, {"raised_by_unit", c.raised_by_unit}, {"raised_by", c.raised_by},
                   {"raised_at", Us(c.raised_at)}, {"checkin_due", Us(c.checkin_due)}, {"note", c.note},
                   {"units", units}, {"closed_at", OptionalTime(c.closed_at)}});
  }
  return out;
}

core::Result<std::vector<WhistleCall>> ParseCalls(const json& j) {
  std::vector<WhistleCall> out;
  try {
    for (const auto& c : j) {
      WhistleCall call;
      call.id = c.at("id").get<int>();
      call.raised_by_unit = c.at("raised_by_unit").get<std::string>();
      call.raised_by = c.at("raised_by").get<std::int64_t>();
      call.raised_at = FromUs(c.at("raised_at").get<std::int64_t>());
      call.checkin_due = FromUs(c.at("checkin_due").get<std::int64_t>());
      call.note = c.at("note").get<std::string>();
      for (const auto& u : c.at("units")) {
        call.units.push_back({u.at("unit").get<std::string>(), ReadTime(u.at("checked_in_at")),
                              ReadTime(u.at("reported_at")), u.at("report").get<std::string>(),
                              u.at("missed").get<bool>()});
      }
      call.closed_at = ReadTime(c.at("closed_at"));
      out.push_back(std::move(call));
    }
  } catch (const std::exception& ex) {
    return core::Internal(std::string("bad whistle calls: ") + ex.what());
  }
  return out;
}

std::vector<std::string> PartyUnits(const std::vector<Assist>& assists, const std::vector<WhistleCall>& calls) {
  std::vector<std::string> out;
  auto add = [&](const std::string& u) {
    if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  };
  for (const auto& a : assists) add(a.unit);
  for (const auto& c : calls) {
    for (const auto& u : c.units) add(u.unit);
  }
  return out;
}

std::vector<std::string> OpenAssists(const std::vector<Assist>& assists) {
  std::vector<std::string> out;
  for (const auto& a : assists) {
    if (a.state == TaskState::kOpen) out.push_back(a.unit);
  }
  return out;
}

std::optional<CheckInTimer> NextCheckIn(const std::vector<WhistleCall>& calls) {
  std::optional<CheckInTimer> best;
  for (const auto& c : calls) {
    if (c.closed_at) continue;
    for (const auto& u : c.units) {
      if (u.checked_in_at || u.missed) continue;
      if (!best || c.checkin_due < best->at) best = CheckInTimer{c.id, u.unit, c.checkin_due};
      break;  // one deadline per call: the first unit still due is as good as any
    }
  }
  return best;
}

core::Result<void> ApplyCoordination(Case& c, const Event& e) {
  auto broken = [&](const std::string& why) {
    return core::Internal("event " + std::to_string(e.seq) + " of case " + std::to_string(e.case_id) +
                          " cannot apply: " + why);
  };
  const auto& p = e.payload;
  if (e.action == "dispatch") {  // the sub-tasks of this dispatch replace any earlier ones
    c.assists.clear();
    if (p.contains("assist_units")) {
      for (const auto& u : p["assist_units"]) c.assists.push_back({u.get<std::string>(), TaskState::kOpen, "", {}});
    }
    return core::Ok();
  }
  if (e.action == "feedback") {
    if (!OpenAssists(c.assists).empty() && !p.contains("assist_waived")) {
      return broken("the lead unit's feedback waits for the assisting units");
    }
    for (auto& a : c.assists) {
      if (a.state != TaskState::kOpen) continue;
      a.state = TaskState::kWaived;
      a.note = p.value("assist_waived", "");
      a.at = e.at;
    }
    return core::Ok();
  }
  if (!e.from || *e.from != c.state || e.to != c.state) return broken("it keeps the state");
  if (IsTerminal(c.state)) return broken("the case is finished");
  if (e.action == kAssistReportAction) {
    for (auto& a : c.assists) {
      if (a.unit == p.value("unit", "") && a.state == TaskState::kOpen) {
        a.state = TaskState::kDone;
        a.note = e.note;
        a.at = e.at;
        return core::Ok();
      }
    }
    return broken("no open sub-task of " + p.value("unit", ""));
  }
  if (e.action == kWhistleAction) {
    WhistleCall call;
    call.id = static_cast<int>(c.calls.size()) + 1;
    if (p.value("call", 0) != call.id) return broken("calls are numbered in order");
    call.raised_by_unit = e.unit;
    call.raised_by = e.actor_id;
    call.raised_at = e.at;
    call.checkin_due = FromUs(p.at("checkin_due").get<std::int64_t>());
    call.note = e.note;
    for (const auto& u : p.at("units")) call.units.push_back({u.get<std::string>(), {}, {}, "", false});
    if (call.units.empty()) return broken("a call names departments");
    c.calls.push_back(std::move(call));
    return core::Ok();
  }
  WhistleCall* call = FindCall(c.calls, p.value("call", 0));
  if (call == nullptr) return broken("no such call");
  if (call->closed_at) return broken("the call is closed");
  if (e.action == kCloseWhistleAction) {
    call->closed_at = e.at;
    return core::Ok();
  }
  CalledUnit* unit = FindUnit(*call, p.value("unit", ""));
  if (unit == nullptr) return broken("the unit was not called");
  if (e.action == kCheckInAction) {
    if (unit->checked_in_at) return broken("checked in already");
    unit->checked_in_at = e.at;
  } else if (e.action == kWhistleReportAction) {
    if (!unit->checked_in_at || unit->reported_at) return broken("a report follows one check-in");
    unit->reported_at = e.at;
    unit->report = e.note;
  } else {  // checkin_overdue
    if (unit->checked_in_at || unit->missed) return broken("no check-in is due");
    unit->missed = true;
  }
  return core::Ok();
}

}  // namespace onegrid::cases
