#include "service/case_audit.hpp"

namespace onegrid::service {

core::Result<void> CaseAudit::ForEach(const AuditProgress& progress,
                                      const std::function<core::Result<void>(std::int64_t)>& fn) {
  OG_ASSIGN_OR_RETURN(std::int64_t total, store_.cases().Count());
  std::size_t done = 0;
  std::int64_t after = 0;
  for (;;) {
    OG_ASSIGN_OR_RETURN(auto ids, store_.cases().Ids(after, 1000));
    if (ids.empty()) break;
    for (auto id : ids) {
      OG_RETURN_IF_ERROR(fn(id));
      if (progress) progress(++done, std::max<std::size_t>(done, static_cast<std::size_t>(total)));
      after = id;
    }
  }
  return core::Ok();
}

core::Result<RebuildReport> CaseAudit::Rebuild(const AuditProgress& progress) {
  RebuildReport report;
  OG_RETURN_IF_ERROR(ForEach(progress, [&](std::int64_t id) -> core::Result<void> {
    OG_ASSIGN_OR_RETURN(auto events, store_.cases().Events(id));
    OG_ASSIGN_OR_RETURN(cases::Case rebuilt, cases::Replay(events));
    ++report.cases;
    report.events += events.size();
    auto live = store_.cases().Get(id);
    if (live && *live == rebuilt) return core::Ok();
    if (!live && live.error().code != core::ErrorCode::kNotFound) return std::move(live).error();
    if (!live) return core::FailedPrecondition("case " + std::to_string(id) + " has events but no row; restore the row from a backup, then rebuild");
    OG_RETURN_IF_ERROR(store_.cases().WriteRow(rebuilt));
    ++report.rewritten;
    return core::Ok();
  }));
  return report;
}

core::Result<std::vector<cases::ChainFinding>> CaseAudit::Verify(const AuditProgress& progress) {
  std::vector<cases::ChainFinding> findings;
  OG_RETURN_IF_ERROR(ForEach(progress, [&](std::int64_t id) -> core::Result<void> {
    OG_ASSIGN_OR_RETURN(auto events, store_.cases().Events(id));
    auto row = store_.cases().Get(id);
    if (!row && row.error().code != core::ErrorCode::kNotFound) return std::move(row).error();
    std::optional<cases::Case> r;
    if (row) r = std::move(*row);
    for (auto& f : cases::VerifyChain(id, r, events)) findings.push_back(std::move(f));
    return core::Ok();
  }));
  OG_ASSIGN_OR_RETURN(auto t, store_.feed().Tally());
  auto feed = [&](std::string problem) { findings.push_back({0, 0, "feed: " + std::move(problem)}); };
  if (t.unnumbered > 0) feed(std::to_string(t.unnumbered) + " events have no feed number");
  if (t.orphans > 0) feed(std::to_string(t.orphans) + " feed numbers name no event");
  if (t.repeated > 0) feed(std::to_string(t.repeated) + " events have more than one feed number");
  if (t.numbers > 0 && (t.first != 1 || t.last != t.numbers)) {
    feed("the numbers are not 1 … " + std::to_string(t.numbers) + " without gaps: " + std::to_string(t.numbers) +
         " numbers from " + std::to_string(t.first) + " to " + std::to_string(t.last));
  }
  if (t.counter != t.last) {
    feed("the counter stands at " + std::to_string(t.counter) + ", the last number is " + std::to_string(t.last));
  }
  return findings;
}

}  // namespace onegrid::service
