// Checks a case's event log against its hash chain and its case row: every altered, inserted,
// reordered or missing event is reported. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"

namespace onegrid::cases {

struct ChainFinding {
  std::int64_t case_id = 0;
  std::int64_t seq = 0;  // the event concerned (0: the case row)
  std::string problem;
};

// `events` as stored, ordered by seq; `row` the stored case row, if there is one.
std::vector<ChainFinding> VerifyChain(std::int64_t case_id, const std::optional<Case>& row,
                                      const std::vector<Event>& events);

// Replays the events into a case, as the live path built it.
core::Result<Case> Replay(const std::vector<Event>& events);

}  // namespace onegrid::cases
