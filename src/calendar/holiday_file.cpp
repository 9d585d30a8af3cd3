#include "calendar/holiday_file.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/json_parse.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& calendar_data();
}

namespace onegrid::calendar {
namespace {

using nlohmann::json;

core::Error Bad(const std::string& field, const std::string& why) {
  return core::InvalidArgument(why, field);
}

}  // namespace

core::Result<YearFile> ParseYearFile(std::string_view text) {
  auto parsed = core::ParseJson(text);
  if (!parsed) {
    if (!parsed.error().field.empty()) return std::move(parsed).error();
    return Bad("file", "is not JSON: " + parsed.error().message);
  }
  json j = std::move(*parsed);
  if (!j.is_object()) return Bad("file", "must be an object with year, papers and days");
  // holiday-cn's own fields, and its JSON Schema's two; anything else is a mistake to name.
  for (const auto& [key, value] : j.items()) {
    if (key != "year" && key != "papers" && key != "days" && key != "$schema" && key != "$id") {
      return Bad(key, "is not a field of a holiday file (year, papers, days)");
    }
  }
  YearFile out;
  if (!j.contains("year") || !j["year"].is_number_integer()) return Bad("year", "must be a whole number");
  // Compared before it is narrowed: 4294969296 must not pass as 2000.
  auto year = core::IntegerIn(j["year"], 2000, 2100);
  if (!year) return Bad("year", "must lie between 2000 and 2100");
  out.year = static_cast<int>(*year);
  if (j.contains("papers")) {
    if (!j["papers"].is_array()) return Bad("papers", "must be a list of the notices' addresses");
    for (std::size_t i = 0; i < j["papers"].size(); ++i) {
      if (!j["papers"][i].is_string()) return Bad("papers[" + std::to_string(i) + "]", "must be text");
      out.papers.push_back(j["papers"][i].get<std::string>());
    }
  }
  if (!j.contains("days") || !j["days"].is_array()) return Bad("days", "must be a list");
  std::map<LocalDays, bool> seen;
  for (std::size_t i = 0; i < j["days"].size(); ++i) {
    const auto& d = j["days"][i];
    std::string at = "days[" + std::to_string(i) + "]";
    if (!d.is_object()) return Bad(at, "must be an object with name, date and isOffDay");
    for (const auto& [key, value] : d.items()) {
      if (key != "name" && key != "date" && key != "isOffDay") return Bad(at + "." + key, "is not a field of a day");
    }
    if (!d.contains("date") || !d["date"].is_string()) return Bad(at + ".date", "must be a date YYYY-MM-DD");
    auto date = ParseDate(d["date"].get<std::string>());
    if (!date) return Bad(at + ".date", "\"" + d["date"].get<std::string>() + "\" is not a date YYYY-MM-DD");
    int y = static_cast<int>(std::chrono::year_month_day(*date).year());
    if (y < out.year - 1 || y > out.year + 1) {
      return Bad(at + ".date", "lies outside the year " + std::to_string(out.year) + " and its neighbours");
    }
    if (!d.contains("isOffDay") || !d["isOffDay"].is_boolean()) return Bad(at + ".isOffDay", "must be true or false");
    if (d.contains("name") && !d["name"].is_string()) return Bad(at + ".name", "must be text");
    bool off = d["isOffDay"].get<bool>();
    if (auto [it, fresh] = seen.emplace(*date, off); !fresh) {
      return Bad(at + ".date", FormatDate(*date) + " is listed twice");
    }
    out.days.push_back({*date, off, d.value("name", std::string())});
  }
  return out;
}

std::string WriteYearFile(const YearFile& f) {
  json days = json::array();
  for (const auto& d : f.days) days.push_back({{"name", d.name}, {"date", FormatDate(d.date)}, {"isOffDay", d.off}});
  return json{{"year", f.year}, {"papers", f.papers}, {"days", days}}.dump();
}

const std::vector<YearFile>& ShippedYears() {
  static const std::vector<YearFile> years = [] {
    std::vector<YearFile> out;
    for (const auto& [name, bytes] : embedded::calendar_data()) {
      if (!name.ends_with(".json")) continue;
      auto f = ParseYearFile(bytes);
      OG_CHECK(f.has_value());  // the shipped files are checked by the tests
      out.push_back(std::move(*f));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
    return out;
  }();
  return years;
}

void AddYears(Definition& def, const std::vector<YearFile>& years) {
  std::map<LocalDays, SpecialDay> by_date;
  for (auto& d : def.days) by_date[d.date] = d;
  for (const auto& y : years) {
    for (const auto& d : y.days) by_date[d.date] = d;
    if (std::find(def.known_years.begin(), def.known_years.end(), y.year) == def.known_years.end()) {
      def.known_years.push_back(y.year);
    }
  }
  def.days.clear();
  for (auto& [date, d] : by_date) def.days.push_back(std::move(d));
  std::sort(def.known_years.begin(), def.known_years.end());
}

}  // namespace onegrid::calendar
