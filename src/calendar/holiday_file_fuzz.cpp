// A holiday file (holiday-cn JSON) as an administrator imports it: read, written back and read
// again the same, and a working calendar built with it.
#include <string_view>

#include "calendar/holiday_file.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = calendar::ParseYearFile(std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::CheckResult(file);
  if (!file) return 0;
  OG_FUZZ_CHECK(file->year >= 2000 && file->year <= 2100);
  auto again = calendar::ParseYearFile(calendar::WriteYearFile(*file));
  OG_FUZZ_CHECK(again.has_value() && again->year == file->year &&
                again->days.size() == file->days.size());
  calendar::Definition def;
  def.schedule = *calendar::ParseSchedule("08:00-12:00,14:00-18:00", "hours");
  calendar::AddYears(def, {*file});
  fuzz::CheckResult(calendar::WorkingCalendar::Build(def));
  return 0;
}
