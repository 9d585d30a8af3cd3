#include "cases/report_draft.hpp"

#include "cases/clock.hpp"
#include "cases/json_text.hpp"
#include "cases/merge.hpp"
#include "core/sha256.hpp"

namespace onegrid::cases {
namespace {

// Where the case id and the payload go in the event's canonical text (its other fields are
// known): dumped with id 0 and an empty payload, then cut there. Every quote inside a dumped
// string is escaped, so these texts, with their unescaped quotes, can only be the fields.
constexpr std::string_view kCaseIdText = "\"case_id\":0,";
constexpr std::string_view kPayloadText = ",\"payload\":,\"role\":";

}  // namespace

core::Result<ReportDraft> ReportDraft::Make(const Case& fields, Event report) {
  using namespace json_text;
  ReportDraft d;
  Event& e = d.event_;
  e = std::move(report);
  e.case_id = 0;
  e.seq = 1;
  e.action = std::string(kReportAction);
  e.from.reset();
  e.to = State::kReported;
  e.prev_hash.clear();
  e.hash.clear();
  e.payload = nlohmann::json::object();  // what it holds is in the texts

  // ReportPayload(fields) as its dump, written key by key in the dump's (sorted) order: building
  // and dumping that tree took a third of an intake's time on its handler's thread.
  const Case& f = fields;
  std::string clock, whole;
  if (f.sla_version != 0) {
    clock = ClockText(f.clock);
    whole = ClockText(f.whole);
  }
  std::string& head = d.payload_head_;
  head.reserve(256 + f.description.size() + f.address.size() + clock.size());
  head += '{';
  StringMember(head, "address", f.address);
  StringMember(head, "category_code", f.category_code);
  StringMember(head, "category_kind", CategoryKindName(f.category_kind));
  if (!clock.empty()) {
    Key(head, "clock");
    head.append(clock).append(",");
  }
  StringMember(head, "community_code", f.community_code);
  StringMember(head, "description", f.description);
  StringMember(head, "district_code", f.district_code);
  std::string& middle = d.payload_middle_;  // the candidates go before it, the number after
  StringMember(middle, "grid_code", f.grid_code);
  IntMember(middle, "grid_version", f.grid_version);
  StringMember(middle, "kind", KindName(f.kind));
  DoubleMember(middle, "lat", f.lat);
  DoubleMember(middle, "lon", f.lon);
  middle.append("\"number\":\"");
  std::string& tail = d.payload_tail_;
  tail += "\",";
  StringMember(tail, "reporter_name", f.reporter_name);
  StringMember(tail, "reporter_phone", f.reporter_phone);
  if (f.sla_version != 0) {
    Key(tail, "sla");
    tail += '{';
    StringMember(tail, "policy", f.sla_policy);
    IntMember(tail, "version", f.sla_version);
    Key(tail, "whole");
    tail.append(whole).append("},");
  }
  StringMember(tail, "source", SourceName(f.source));
  StringMember(tail, "street_code", f.street_code);
  StringMember(tail, "urgency", UrgencyName(f.urgency));
  Close(tail);

  // Apply(Case{}, e) with that payload, field by field.
  Case& c = d.row_;
  c.kind = f.kind;
  c.category_kind = f.category_kind;
  c.category_code = f.category_code;
  c.source = f.source;
  c.urgency = f.urgency;
  c.description = f.description;
  c.address = f.address;
  c.lon = f.lon;
  c.lat = f.lat;
  c.district_code = f.district_code;
  c.street_code = f.street_code;
  c.community_code = f.community_code;
  c.grid_code = f.grid_code;
  c.grid_version = f.grid_version;
  c.reporter_name = f.reporter_name;
  c.reporter_phone = f.reporter_phone;
  if (f.sla_version != 0) {  // ClockJson and ParseClock give a clock back as it was
    c.sla_version = f.sla_version;
    c.sla_policy = f.sla_policy;
    c.clock = f.clock;
    c.whole = f.whole;
  }
  c.state = State::kReported;
  c.created_at = e.at;
  c.created_by = e.actor_id;
  c.attachments = e.attachments;
  c.version = e.seq;
  c.updated_at = e.at;

  const std::string canonical = CanonicalText(e, "");
  const auto id = canonical.find(kCaseIdText);
  const auto payload = canonical.find(kPayloadText);
  if (id == std::string::npos || payload == std::string::npos || payload < id) {
    return core::Internal("the report's canonical text is not shaped as expected: " + canonical);
  }
  const auto id_value = id + kCaseIdText.size() - 2;  // at the 0
  d.canonical_head_ = canonical.substr(0, id_value);
  const auto payload_value = payload + kPayloadText.size() - std::string_view(",\"role\":").size();
  d.canonical_middle_ = canonical.substr(id_value + 1, payload_value - (id_value + 1));
  d.canonical_tail_ = canonical.substr(payload_value);
  return d;
}

ReportDraft::Finished ReportDraft::Finish(std::int64_t case_id, const std::string& number,
                                          const std::vector<DuplicateCandidate>& candidates) const {
  Finished out;
  out.event = event_;
  out.event.case_id = case_id;
  out.candidates_text = CandidatesText(candidates);
  std::string& text = out.payload_text;
  text.reserve(payload_head_.size() + payload_middle_.size() + payload_tail_.size() + number.size() +
               out.candidates_text.size() + 32);
  text += payload_head_;
  if (!candidates.empty()) text.append("\"duplicate_candidates\":").append(out.candidates_text).append(",");
  text.append(payload_middle_).append(number).append(payload_tail_);  // a number needs no escape

  std::string hashed;
  hashed.reserve(1 + canonical_head_.size() + canonical_middle_.size() + canonical_tail_.size() + text.size() + 24);
  hashed.append("\n").append(canonical_head_).append(std::to_string(case_id)).append(canonical_middle_);
  hashed.append(text).append(canonical_tail_);
  out.event.hash = core::Sha256Hex(hashed);

  out.row = row_;
  out.row.id = case_id;
  out.row.number = number;
  out.row.duplicate_candidates = candidates;
  out.row.last_hash = out.event.hash;
  return out;
}

}  // namespace onegrid::cases
