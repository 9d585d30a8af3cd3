// Whole-log maintenance for operators: rebuild every case row from its event log (the rows are
// a projection; this is how a damaged or migrated row is put right) and verify every log
// against its hash chain and its row. Both walk the cases in id order in pages and report
// progress. Blocking; thread-safe.
#pragma once

#include <functional>
#include <vector>

#include "cases/chain.hpp"
#include "store/store.hpp"

namespace onegrid::service {

using AuditProgress = std::function<void(std::size_t done, std::size_t total)>;

struct RebuildReport {
  std::size_t cases = 0;
  std::size_t events = 0;
  std::size_t rewritten = 0;  // rows that differed from their log and were replaced
};

class CaseAudit {
 public:
  explicit CaseAudit(store::Store& store) : store_(store) {}

  core::Result<RebuildReport> Rebuild(const AuditProgress& progress = {});
  // Every case's log against its chain and row, then the feed's numbering (findings of case 0).
  core::Result<std::vector<cases::ChainFinding>> Verify(const AuditProgress& progress = {});

 private:
  // Calls fn(id) for every case id.
  core::Result<void> ForEach(const AuditProgress& progress,
                             const std::function<core::Result<void>(std::int64_t)>& fn);
  store::Store& store_;
};

}  // namespace onegrid::service
