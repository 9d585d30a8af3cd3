// What a case's event log says about the people and units that worked on it (governance.md §7),
// as facts: one per thing an indicator counts — a report, a registration, a dispatch, a unit's
// handling, a check, a closure — each with its time, who it is about and whether it was on time
// (against the deadline the log itself recorded for that step) or accurate. Facts are read off
// the log as it stood at an instant (`as_of`), so a period's figures can be computed again later
// and come out the same. Indicators (indicators.hpp) are counts of facts. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/clock.hpp"

namespace onegrid::evaluation {

// What a fact counts. The comments name the indicator's numerator or denominator it feeds.
enum class Measure {
  // A handling unit's work (专业部门): subject `unit`.
  kAssigned,          // 立案数 of a unit: dispatched to it (派往本单位)
  kHandled,           // 处置数: its first feedback on the dispatch (ok: before the handling deadline)
  kOverdueUnhandled,  // 超时未处置数: at the instant, unhandled with its deadline passed (a stock)
  kClosed,            // 结案数: the case closed while with it (ok: within the whole-case limit, 捆绑时限)
  kRework,            // 返工数: each failed check sending it back to the unit
  kExtended,          // 延期数: each extension approved
  // The operations center: subject `actor` and `role`.
  kDispatched,        // 派遣数 (ok_time: 按时; ok: 准确 = the case never went to another unit after)
  kRegistered,        // 立案数 (ok_time: 按时; ok: 准确 = not merged away as a duplicate later)
  kCloseAction,       // 结案 by the shift lead (ok_time: within the check step's deadline)
  // Grid workers (监督员): subject `actor`.
  kReported,          // 上报数, counted when decided (ok: 有效 = registered; else rejected,
                      // cancelled, refuted or merged as a duplicate)
  kVerified,          // 核实 (ok_time: 按时核实)
  kChecked,           // 核查 (ok_time: 按时核查)
  kAreaRegistered,    // 立案数 in the area (denominator of 漏报率; ok: found by a grid worker or
                      // patrol — not ok is 漏报, found first by a citizen, the hotline, video …)
};
inline constexpr int kMeasureCount = 13;
std::string_view MeasureName(Measure m);

struct Fact {
  Measure measure = Measure::kReported;
  core::Instant at;          // when it happened (for kOverdueUnhandled: the deadline that passed)
  std::string unit;          // the handling unit, for the unit measures
  std::int64_t actor = 0;    // who acted (0: the system)
  std::string role;          // the role they acted in
  bool ok = true;            // accurate / valid / on time, as the measure says
  bool ok_time = true;       // on time, where a measure has both
};

// A case and its facts.
struct CaseFacts {
  std::int64_t case_id = 0;
  std::string number;
  std::string category_code;
  cases::CategoryKind category_kind = cases::CategoryKind::kMatter;
  cases::Source source = cases::Source::kGridWorker;
  std::string district_code, street_code, community_code, grid_code;
  cases::State state = cases::State::kReported;  // as of the instant
  std::string current_unit;
  core::Instant created_at;
  std::int64_t reporter = 0;  // who reported it (0: the system or an anonymous channel)
  std::vector<Fact> facts;
};

// Folds the events before `as_of` (events must be one case's log, in order). An empty log or
// one that does not start with the report gives kInternal; a case reported at or
// after `as_of`, kNotFound.
core::Result<CaseFacts> Extract(const std::vector<cases::Event>& events, core::Instant as_of);

}  // namespace onegrid::evaluation
