// Reporting periods in the district's time (+08:00): a day "2026-10-12", an ISO week
// "2026-W42" (Monday to Sunday), a month "2026-10". Pure.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::evaluation {

enum class PeriodKind { kDay, kWeek, kMonth };

struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  std::string label;        // as parsed, canonical
  core::Instant from, to;   // [from, to)
};

// kInvalidArgument naming `field` for anything else (or a date that does not exist).
core::Result<Period> ParsePeriod(std::string_view text, std::string_view field);
// The period of `kind` that contains `t`.
Period PeriodOf(PeriodKind kind, core::Instant t);
// The one before.
Period Previous(const Period& p);
std::string_view PeriodKindName(PeriodKind k);  // daily, weekly, monthly

}  // namespace onegrid::evaluation
