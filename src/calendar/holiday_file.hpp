// The yearly holiday files of China's State Council notices, in the format of holiday-cn
// (github.com/NateScarlet/holiday-cn, MIT): {"year": 2026, "papers": [...], "days": [{"name":
// "春节", "date": "2026-02-15", "isOffDay": true}, ...]}. A day with isOffDay false is a weekend
// day worked instead (调休). A file may name the last days of the year before or the first of the
// year after. The files of 2007–2026 ship in the binary (data/calendar).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calendar/calendar.hpp"
#include "core/result.hpp"

namespace onegrid::calendar {

struct YearFile {
  int year = 0;
  std::vector<std::string> papers;
  std::vector<SpecialDay> days;
};

// kInvalidArgument naming the field (e.g. "days[3].date") and the fault.
core::Result<YearFile> ParseYearFile(std::string_view json_text);
std::string WriteYearFile(const YearFile& file);

// The files built into the binary, in year order.
const std::vector<YearFile>& ShippedYears();

// Adds the years' days to a definition (later files override earlier ones for the same date)
// and marks the years known.
void AddYears(Definition& def, const std::vector<YearFile>& years);

}  // namespace onegrid::calendar
