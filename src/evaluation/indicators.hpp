// The indicators of governance.md §7 over a period and a scope, each a numerator over an
// explicit denominator with the facts (and so the cases) behind both: every number can be
// traced to its cases. A period is [from, to) and facts are taken as the log stood at `to`
// (facts.hpp); the stock measure kOverdueUnhandled counts what was overdue and unhandled at
// `to`, whenever its deadline passed. Pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluation/facts.hpp"

namespace onegrid::evaluation {

// Whose facts count. Every set field must match; empty fields match all.
struct Scope {
  std::optional<std::string> unit;     // unit measures of this handling unit
  std::optional<std::int64_t> actor;   // facts of what this person did
  std::optional<std::string> role;     // facts of what was done in this role
  std::vector<std::string> areas;      // cases located in one of these (any level of the chain)
  // With `actor`: the areas whose registrations count for the person's 漏报率 (kAreaRegistered
  // has no actor); usually the grids, communities or streets of their grid-worker grants.
  std::vector<std::string> watched_areas;
};

// One counted fact, to trace a number back to its case.
struct Traced {
  std::int64_t case_id = 0;
  std::string number;
  core::Instant at;
};

// A count and the facts behind it.
struct Count {
  std::int64_t n = 0;
  std::vector<Traced> facts;
};

// Counts of every measure: all its facts, those ok, those not ok, those ok_time; for the facts
// in the period and scope. `keep_traces` says whether to keep the facts behind each count.
struct Tally {
  std::array<Count, kMeasureCount> all, ok, not_ok, on_time;
};
Tally CountFacts(const std::vector<CaseFacts>& cases, core::Instant from, core::Instant to, const Scope& scope,
            bool keep_traces);

// An indicator: numerator / denominator, by name; value null when the denominator is 0.
struct Indicator {
  std::string_view code;      // e.g. "on_time_handle_rate"
  std::string_view label_zh;  // 按期处置率
  std::string_view numerator_label, denominator_label;  // 按期处置数, 应处置数
  std::int64_t numerator = 0, denominator = 0;
  std::optional<double> value;  // 0..1
  std::vector<Traced> numerator_facts, denominator_facts;
};

// The definitions, in the order of §7 (and the data a scheme may name).
struct IndicatorDef {
  std::string_view code, label_zh, label_en;
};
const std::vector<IndicatorDef>& IndicatorDefs();
bool KnownIndicator(std::string_view code);

// Every indicator of the tally (or only `code`).
std::vector<Indicator> Indicators(const Tally& t);
std::optional<Indicator> IndicatorOf(const Tally& t, std::string_view code);
// Plain counts a scheme may score by bands (e.g. "assigned": 立案数 of a unit).
std::optional<std::int64_t> CountOf(const Tally& t, std::string_view measure);

}  // namespace onegrid::evaluation
