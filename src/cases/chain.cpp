#include "cases/chain.hpp"

namespace onegrid::cases {

std::vector<ChainFinding> VerifyChain(std::int64_t case_id, const std::optional<Case>& row,
                                      const std::vector<Event>& events) {
  std::vector<ChainFinding> out;
  auto report = [&](std::int64_t seq, std::string problem) {
    out.push_back({case_id, seq, std::move(problem)});
  };
  std::int64_t expect = 1;
  std::string prev;
  for (const auto& e : events) {
    if (e.seq != expect) {
      if (e.seq > expect) {
        report(expect, "missing: events " + std::to_string(expect) + " to " +
                           std::to_string(e.seq - 1) + " are not in the log");
      } else {
        report(e.seq, "inserted: a second event numbered " + std::to_string(e.seq));
      }
    }
    if (e.prev_hash != prev) {
      report(e.seq, "inserted or reordered: it does not follow the event before it in the chain");
    }
    if (ComputeHash(e) != e.hash) report(e.seq, "altered: its content does not match its hash");
    prev = e.hash;
    expect = e.seq + 1;
  }
  if (!row) {
    if (!events.empty()) report(0, "the case row is missing");
  } else if (events.empty()) {
    report(0, "the case has no events");
  } else if (row->version != events.back().seq || row->last_hash != events.back().hash) {
    report(events.back().seq + 1, row->version > events.back().seq
                                      ? "missing: the case row has seen " + std::to_string(row->version) +
                                            " events, the log ends at " + std::to_string(events.back().seq)
                                      : "the case row does not end where the log ends");
  }
  return out;
}

core::Result<Case> Replay(const std::vector<Event>& events) {
  Case c;
  for (const auto& e : events) OG_RETURN_IF_ERROR(Apply(c, e));
  return c;
}

}  // namespace onegrid::cases
