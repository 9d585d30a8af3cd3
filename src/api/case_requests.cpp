#include "api/case_requests.hpp"

#include <algorithm>
#include <charconv>

#include "api/json_body.hpp"
#include "api/params.hpp"
#include "core/time_format.hpp"

namespace onegrid::api {

core::Result<service::IntakeRequest> ParseIntake(const net::Request& req) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req));
  service::IntakeRequest r;
  auto kind = body.RequiredString("kind", 32);
  if (kind && !cases::ParseKind(*kind)) {
    body.AddProblem("kind",
                    "must be event, component_fault, hazard, supervision_item or whistle_call");
  }
  r.category_code = body.RequiredString("category_code", 16).value_or("");
  r.description = body.RequiredString("description", 4000).value_or("");
  r.address = body.OptionalString("address", 400).value_or("");
  auto urgency = body.OptionalString("urgency", 16);
  if (urgency && !cases::ParseUrgency(*urgency))
    body.AddProblem("urgency", "must be normal or urgent");
  auto source = body.RequiredString("source", 32);
  if (source && !cases::ParseSource(*source)) {
    std::string names;
    for (auto n : cases::SourceNames()) names += (names.empty() ? "" : ", ") + std::string(n);
    body.AddProblem("source", "must be one of " + names);
  }
  if (auto loc = body.RequiredObject("location")) {
    JsonBody l = JsonBody::Nested(*loc, "location");
    auto lon = l.RequiredNumber("lon");
    auto lat = l.RequiredNumber("lat");
    if (lon && (*lon < -180 || *lon > 180)) l.AddProblem("lon", "must be between -180 and 180");
    if (lat && (*lat < -90 || *lat > 90)) l.AddProblem("lat", "must be between -90 and 90");
    auto crs = l.OptionalString("crs", 8);
    if (crs && !geo::ParseCrs(*crs)) l.AddProblem("crs", "must be wgs84, gcj02 or bd09");
    l.FinishInto(body);
    r.location = {lon.value_or(0), lat.value_or(0)};
    r.crs = crs ? geo::ParseCrs(*crs).value_or(geo::Crs::kWgs84) : geo::Crs::kWgs84;
  }
  if (auto rep = body.OptionalObject("reporter")) {
    JsonBody p = JsonBody::Nested(*rep, "reporter");
    r.reporter_name = p.OptionalString("name", 64).value_or("");
    r.reporter_phone = p.OptionalString("phone", 32).value_or("");
    p.FinishInto(body);
  }
  OG_RETURN_IF_ERROR(body.Finish());
  if (r.description.size() > 0 && std::all_of(r.description.begin(), r.description.end(),
                                              [](char c) { return c == ' ' || c == '\n'; })) {
    return core::InvalidArgument("must not be blank", "description");
  }
  r.kind = *cases::ParseKind(*kind);
  r.urgency = urgency ? *cases::ParseUrgency(*urgency) : cases::Urgency::kNormal;
  r.source = *cases::ParseSource(*source);
  return r;
}

core::Result<store::CaseFilter> ParseCaseFilter(const net::Request& req, core::Instant now) {
  store::CaseFilter f;
  for (const auto& [k, v] : req.query) {
    if (k == "state") {
      auto s = cases::ParseState(v);
      if (!s) return core::InvalidArgument("is not a case state (see /api/v1/dictionary)", k);
      f.state = s;
    } else if (k == "kind") {
      auto x = cases::ParseKind(v);
      if (!x) return core::InvalidArgument("is not a case kind", k);
      f.kind = x;
    } else if (k == "source") {
      auto x = cases::ParseSource(v);
      if (!x) return core::InvalidArgument("is not a source", k);
      f.source = x;
    } else if (k == "category") {
      f.category_code = v;
    } else if (k == "street") {
      f.street = v;
    } else if (k == "community") {
      f.community = v;
    } else if (k == "grid") {
      f.grid = v;
    } else if (k == "unit") {
      f.unit = v;
    } else if (k == "created_from" || k == "created_to") {
      OG_ASSIGN_OR_RETURN(auto t, core::ParseInstant(v, k));
      (k == "created_from" ? f.created_from : f.created_to) = t;
    } else if (k == "sort") {
      if (v != "created_at" && v != "-created_at") {
        return core::InvalidArgument("must be created_at or -created_at", k);
      }
      f.oldest_first = v == "created_at";
    } else if (k == "cursor") {
      auto dot = v.find('.');
      long long t = 0, id = 0;
      bool ok = dot != std::string::npos &&
                std::from_chars(v.data(), v.data() + dot, t).ec == std::errc() &&
                std::from_chars(v.data() + dot + 1, v.data() + v.size(), id).ec == std::errc();
      if (!ok) return core::InvalidArgument("is not a cursor from this list", k);
      f.after = {{core::Instant(core::Duration(t)), id}};
    } else if (k == "overdue") {
      if (v != "true")
        return core::InvalidArgument("must be true (leave it out for every case)", k);
      f.overdue_at = now;
    } else if (k == "light") {
      if (v != "green" && v != "yellow" && v != "red")
        return core::InvalidArgument("must be green, yellow or red", k);
      f.light = v;
      f.light_at = now;
    } else if (k == "q") {
      if (v.empty() || v.size() > 200)
        return core::InvalidArgument("must be 1 to 200 bytes of text", k);
      f.text = v;
    } else if (k != "limit") {
      return core::InvalidArgument("is not a known parameter", k);
    }
  }
  OG_ASSIGN_OR_RETURN(f.limit, ParseLimit(req));
  return f;
}

core::Result<service::ActionRequest> ParseAction(const net::Request& req,
                                                 const std::string& action) {
  OG_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req));
  service::ActionRequest a;
  a.action = action;
  auto version = body.RequiredInteger("expected_version");
  a.note = body.OptionalString("note", 2000).value_or("");
  a.unit_code = body.OptionalString("unit_code", 64).value_or("");
  a.master_id = body.OptionalInteger("master_id").value_or(0);
  a.assist_units =
      body.OptionalStringList("assist_units", 64, 20).value_or(std::vector<std::string>{});
  a.assist_waived = body.OptionalString("assist_waived", 2000).value_or("");
  a.units = body.OptionalStringList("units", 64, 20).value_or(std::vector<std::string>{});
  a.checkin_limit = body.OptionalString("checkin_limit", 16).value_or("");
  auto call = body.OptionalInteger("call");
  if (call && (*call < 1 || *call > 1000))
    body.AddProblem("call", "must be the number of a call on the case");
  a.call = call ? static_cast<int>(*call) : 0;
  auto deadline = body.OptionalString("deadline", 64);
  OG_RETURN_IF_ERROR(body.Finish());
  if (deadline) {
    OG_ASSIGN_OR_RETURN(a.deadline, core::ParseInstant(*deadline, "deadline"));
  }
  a.expected_version = *version;
  return a;
}

}  // namespace onegrid::api
