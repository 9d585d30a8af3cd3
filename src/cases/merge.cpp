#include "cases/merge.hpp"

#include "cases/json_text.hpp"

namespace onegrid::cases {

using nlohmann::json;

bool IsMergeAction(std::string_view action) {
  return action == kMergeAction || action == kUnmergeAction || action == kFollowAction;
}

json CandidatesJson(const std::vector<DuplicateCandidate>& candidates) {
  json out = json::array();
  for (const auto& d : candidates) {
    out.push_back({{"id", d.id},
                   {"number", d.number},
                   {"distance_m", d.distance_m},
                   {"age_s", d.age_s},
                   {"district_code", d.district_code},
                   {"street_code", d.street_code},
                   {"community_code", d.community_code},
                   {"grid_code", d.grid_code}});
  }
  return out;
}

std::string CandidatesText(const std::vector<DuplicateCandidate>& candidates) {
  using namespace json_text;
  std::string out = "[";
  out.reserve(2 + 200 * candidates.size());
  for (const auto& d : candidates) {
    if (out.size() > 1) out += ',';
    out += '{';
    IntMember(out, "age_s", d.age_s);
    StringMember(out, "community_code", d.community_code);
    DoubleMember(out, "distance_m", d.distance_m);
    StringMember(out, "district_code", d.district_code);
    StringMember(out, "grid_code", d.grid_code);
    IntMember(out, "id", d.id);
    StringMember(out, "number", d.number);
    StringMember(out, "street_code", d.street_code);
    Close(out);
  }
  out += ']';
  return out;
}

core::Result<std::vector<DuplicateCandidate>> ParseCandidates(const json& j) {
  std::vector<DuplicateCandidate> out;
  try {
    for (const auto& d : j) {
      out.push_back({d.at("id").get<std::int64_t>(), d.at("number").get<std::string>(),
                     d.at("distance_m").get<double>(), d.at("age_s").get<std::int64_t>(),
                     d.at("district_code").get<std::string>(), d.at("street_code").get<std::string>(),
                     d.at("community_code").get<std::string>(), d.at("grid_code").get<std::string>()});
    }
  } catch (const std::exception& ex) {
    return core::Internal(std::string("bad duplicate candidates: ") + ex.what());
  }
  return out;
}

json MergePayload(const Case& master, const Case& follower) {
  return {{"master_id", master.id},
          {"master_number", master.number},
          {"unit", master.current_unit},
          {"before", {{"state", StateName(follower.state)},
                      {"unit", follower.current_unit},
                      {"clock", ClockJson(follower.clock)}}}};
}

core::Result<json> UnmergePayload(const Event& merge_event) {
  if (merge_event.action != kMergeAction || !merge_event.payload.contains("before")) {
    return core::Internal("not a merge event");
  }
  const auto& before = merge_event.payload["before"];
  return json{{"master_id", merge_event.payload.value("master_id", std::int64_t{0})},
              {"unit", before.value("unit", "")},
              {"clock", before.value("clock", json::object())}};
}

std::optional<Event> FollowEvent(const Case& master, const Case& follower, core::Instant at) {
  if (follower.merged_into != master.id) return std::nullopt;
  if (follower.state == master.state && follower.current_unit == master.current_unit) return std::nullopt;
  Event e;
  e.action = std::string(kFollowAction);
  e.from = follower.state;
  e.to = master.state;
  e.actor_id = 0;
  e.actor_name = std::string(kSystemActor);
  e.role = "system";
  e.at = at;
  e.note = "随主案卷 " + master.number;
  e.payload = {{"master_id", master.id}, {"master_number", master.number}, {"unit", master.current_unit}};
  if (IsTerminal(master.state) && follower.created_by != 0) e.payload["notify"] = {follower.created_by};
  return e;
}

core::Result<void> ApplyMerge(Case& c, const Event& e) {
  auto broken = [&](const std::string& why) {
    return core::Internal("event " + std::to_string(e.seq) + " of case " + std::to_string(e.case_id) +
                          " cannot apply: " + why);
  };
  if (!e.from || *e.from != c.state) return broken("it starts from another state");
  if (IsTerminal(c.state)) return broken("the case is finished");
  std::int64_t master = e.payload.value("master_id", std::int64_t{0});
  if (master == 0) return broken("it names no master");
  if (e.action == kMergeAction) {
    if (c.merged_into != 0) return broken("the case is merged already");
    if (master == c.id) return broken("a case cannot follow itself");
    c.merged_into = master;
    c.clock = StepClock{};  // the master's clock runs for both
  } else if (e.action == kFollowAction) {
    if (c.merged_into != master) return broken("the case does not follow " + std::to_string(master));
  } else {  // unmerge
    if (c.merged_into != master) return broken("the case does not follow " + std::to_string(master));
    c.merged_into = 0;
    if (e.payload.contains("clock")) {
      auto clock = ParseClock(e.payload["clock"]);
      if (!clock) return broken(clock.error().message);
      c.clock = *clock;
    }
  }
  c.state = e.to;
  // The master's unit handles it through the master: not a dispatch of this case, so its own
  // dispatch history (units, counts) is left as it was.
  c.current_unit = e.payload.value("unit", "");
  return core::Ok();
}

}  // namespace onegrid::cases
