// A past for the demo district (issue #8): about 90 days of cases driven through the real case
// loop — intake, acceptance, verification of public reports, registration, dispatch by the
// routing rules, signing, extensions, handling, checks (some failing: rework), closure — on a
// simulated clock, with the timers firing yellow, overdue and escalation on the way, so that
// every report, ranking and figure shows something true on first start. Nothing is written as
// a finished row: every case is its event log.
//
// The rhythm is the SF 311 sample's (../shared/data/replay; data/demo/rhythm.json): arrivals
// by hour of day and weekday, the mix of channels, and the shape of handling times (scaled to
// each step's own deadline, so most finish in time and a real tail does not). Categories and
// places are the district's: the GB/T 47678.5 matters its grid workers report most, at random
// points of its grids. Demo people: a grid worker per street and staff per handling unit.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "app/server.hpp"

namespace onegrid::app {

struct HistoryReport {
  int days = 0;
  std::int64_t cases = 0, events = 0, closed = 0, open = 0;
};

// Only on a database without cases; `password` for the people it adds.
core::Result<HistoryReport> SeedDemoHistory(Server& server, const std::string& password, int days,
                                            const std::function<void(std::string_view, std::size_t, std::size_t)>& progress);

}  // namespace onegrid::app
