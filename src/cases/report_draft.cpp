#include "cases/report_draft.hpp"

#include "cases/merge.hpp"
#include "core/sha256.hpp"

namespace onegrid::cases {
namespace {

// Marks dumped where the number and the candidates go. Every quote inside a dumped string is
// escaped, so a mark's text, with its unescaped quotes, can only be the mark itself; keys are
// sorted, so "duplicate_candidates" comes before "grid_code" (always there) and "number".
constexpr const char* kNumberMark = "\x01" "number";
constexpr const char* kCandidatesMark = "\x01" "candidates";
constexpr std::string_view kNumberText = "\"number\":\"\\u0001number\"";
constexpr std::string_view kCandidatesText = "\"duplicate_candidates\":\"\\u0001candidates\",";
constexpr std::string_view kCaseIdText = "\"case_id\":0,";
constexpr std::string_view kPayloadText = ",\"payload\":,\"role\":";

}  // namespace

core::Result<ReportDraft> ReportDraft::Make(const Case& fields, Event report) {
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
  Case f = fields;
  f.id = 0;
  f.number.clear();
  f.duplicate_candidates.clear();
  e.payload = ReportPayload(f);
  OG_RETURN_IF_ERROR(Apply(d.row_, e));

  e.payload["number"] = kNumberMark;  // the payload is dropped below: no copy to mark
  e.payload["duplicate_candidates"] = kCandidatesMark;
  const std::string text = e.payload.dump();
  const auto candidates = text.find(kCandidatesText);
  const auto number = text.find(kNumberText);
  if (candidates == std::string::npos || number == std::string::npos || number < candidates) {
    return core::Internal("the report payload's marks are not where they belong: " + text);
  }
  d.payload_head_ = text.substr(0, candidates);
  const auto after_candidates = candidates + kCandidatesText.size();
  d.payload_middle_ = text.substr(after_candidates, number - after_candidates) + "\"number\":\"";
  d.payload_tail_ = "\"" + text.substr(number + kNumberText.size());

  e.payload = nlohmann::json::object();  // what it holds is in the texts now
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
  out.candidates_text = candidates.empty() ? "[]" : CandidatesJson(candidates).dump();
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
