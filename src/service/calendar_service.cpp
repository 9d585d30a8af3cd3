#include "service/calendar_service.hpp"

#include <map>

namespace onegrid::service {
namespace {

core::Result<calendar::Season> Summer(const core::Config& c) {
  calendar::Season s;
  s.name = "summer";
  OG_ASSIGN_OR_RETURN(s.schedule, calendar::ParseSchedule(c.calendar_summer_hours, "calendar.summer_hours"));
  int fm = 0, fd = 0, tm = 0, td = 0;
  char tail = 0;
  if (std::sscanf(c.calendar_summer.c_str(), "%2d-%2d..%2d-%2d%c", &fm, &fd, &tm, &td, &tail) != 4) {
    return core::InvalidArgument("must be MM-DD..MM-DD, e.g. 05-01..09-30", "calendar.summer");
  }
  s.from_month = fm;
  s.from_day = fd;
  s.to_month = tm;
  s.to_day = td;
  return s;
}

}  // namespace

core::Result<std::shared_ptr<const calendar::WorkingCalendar>> CalendarService::Build() {
  calendar::Definition def;
  OG_ASSIGN_OR_RETURN(def.schedule, calendar::ParseSchedule(config_.calendar_hours, "calendar.hours"));
  if (!config_.calendar_summer_hours.empty()) {
    OG_ASSIGN_OR_RETURN(auto summer, Summer(config_));
    def.seasons.push_back(std::move(summer));
  }
  def.working_day = std::chrono::hours(config_.calendar_working_day_hours);
  std::map<int, calendar::YearFile> statutory;
  for (const auto& y : calendar::ShippedYears()) statutory[y.year] = y;
  OG_ASSIGN_OR_RETURN(auto files, store_.calendar().List());
  std::vector<calendar::YearFile> local;
  for (const auto& f : files) {
    auto parsed = calendar::ParseYearFile(f.file);
    if (!parsed) return core::Internal("stored calendar file " + std::to_string(f.year) + " is unreadable: " + parsed.error().message);
    if (f.kind == "local") {
      local.push_back(std::move(*parsed));
    } else {
      statutory[f.year] = std::move(*parsed);  // an imported year replaces the shipped one whole
    }
  }
  std::vector<calendar::YearFile> years;
  for (auto& [_, y] : statutory) years.push_back(y);
  calendar::AddYears(def, years);
  auto known = def.known_years;
  calendar::AddYears(def, local);  // closures override the statutory days…
  def.known_years = known;         // …but do not make a year known
  auto built = calendar::WorkingCalendar::Build(def);
  if (!built) return std::move(built).error();
  return *built;
}

core::Result<void> CalendarService::Load() {
  OG_ASSIGN_OR_RETURN(auto cal, Build());
  current_.Store(std::move(cal));
  return core::Ok();
}

core::Result<CalendarImport> CalendarService::Import(std::string_view json_text, bool local,
                                                     const std::string& by) {
  OG_ASSIGN_OR_RETURN(auto file, calendar::ParseYearFile(json_text));
  std::lock_guard lock(import_mu_);
  std::string kind = local ? "local" : "statutory";
  OG_ASSIGN_OR_RETURN(auto existing, store_.calendar().List());
  bool replaced = false;
  for (const auto& f : existing) replaced = replaced || (f.year == file.year && f.kind == kind);
  OG_RETURN_IF_ERROR(store_.calendar().Put({file.year, kind, calendar::WriteYearFile(file), clock_.Now(), by}));
  OG_RETURN_IF_ERROR(Load());
  CalendarImport out{file.year, local, file.days.size(), replaced, 0};
  if (on_change_) {
    OG_ASSIGN_OR_RETURN(out.cases_retimed, on_change_());
  }
  return out;
}

}  // namespace onegrid::service
