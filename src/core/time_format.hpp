// RFC 3339 instants as API.md wants them: accepted with any offset or Z, emitted in the
// district's zone. Asia/Shanghai has kept UTC+08:00 without daylight saving since 1991, so the
// district offset is a constant here rather than a time-zone database lookup. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::core {

inline constexpr std::chrono::minutes kDistrictUtcOffset{8 * 60};

// "2026-10-08T17:00:00+08:00"; fractions of a second are kept when present (milliseconds).
std::string FormatInstant(Instant t);

// Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; `field` names the request field in errors.
Result<Instant> ParseInstant(std::string_view text, std::string_view field);

}  // namespace onegrid::core
