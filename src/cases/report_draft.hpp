// A case's first event (its report) prepared before the case has an id, a number and its
// duplicate candidates, which only the writing transaction can give: the report's payload and
// canonical text are written, and the case row filled, by the caller's thread; Finish() splices
// the three in. The single writer thread so does a few string splices and one SHA-256 instead of
// building, dumping and applying JSON. The payload is written member by member as dumping
// ReportPayload() would write it, and the row filled as Apply() would fill it: Finish() gives the
// same event, payload text, hash and row as building the event whole and applying it
// (report_draft_test.cpp; a field added to the report must be added here too). Pure;
// thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cases/case.hpp"

namespace onegrid::cases {

class ReportDraft {
 public:
  // `fields`: the case as reported (no id, number or candidates); `report`: its first event
  // with who reported it and when (actor, role, unit, at, note, attachments).
  static core::Result<ReportDraft> Make(const Case& fields, Event report);

  struct Finished {
    // The report, numbered and hashed. Its payload is payload_text; event.payload is left
    // empty (a JSON tree copied per intake cost the writer more than the rest of Finish).
    Event event;
    std::string payload_text;  // the payload's dump, as hashed
    std::string candidates_text;  // CandidatesJson(candidates).dump(); "[]" when none
    Case row;                  // Apply(Case{}, event)
  };
  Finished Finish(std::int64_t case_id, const std::string& number,
                  const std::vector<DuplicateCandidate>& candidates) const;

  // The row before Finish (id 0, no number, no candidates): what does not change.
  const Case& row() const { return row_; }

 private:
  Event event_;          // case_id 0, hash and payload empty
  std::string payload_head_, payload_middle_, payload_tail_;  // around the candidates and the number
  std::string canonical_head_, canonical_middle_, canonical_tail_;  // around the case id and the payload
  Case row_;
};

}  // namespace onegrid::cases
