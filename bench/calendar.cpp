// Deadline computations: adding working hours across weekends, lunch breaks and the holidays of
// 2024-2026 on the shipped calendar, on one core. Beside it, the peer most systems ship: walk
// the calendar day by day from the start (a set of holidays and adjusted days, the weekly hours)
// until the hours are used up; both must give the same answer for every input.
// Usage: onegrid_bench_calendar [N]   prints deadlines_per_second=… peer_per_second=… differ=…
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <vector>

#include "calendar/calendar.hpp"
#include "calendar/holiday_file.hpp"

using namespace onegrid;
using std::chrono::microseconds;

namespace {

// The day-by-day walk.
class Walker {
 public:
  explicit Walker(const calendar::Definition& def) : def_(def) {
    for (const auto& d : def.days) special_[d.date] = !d.off;
  }
  core::Instant Add(core::Instant from, core::Duration working) const {
    auto day = calendar::WorkingCalendar::LocalDate(from);
    auto midnight = calendar::WorkingCalendar::At(day, std::chrono::minutes(0));
    auto tod = from - midnight;
    auto left = working;
    for (;;) {
      if (Working(day)) {
        for (const auto& p : def_.schedule) {
          core::Duration a = std::chrono::minutes(p.start), b = std::chrono::minutes(p.end);
          if (tod >= b) continue;
          core::Duration start = std::max(a, tod);
          if (left <= b - start) return midnight + start + left;
          left -= b - start;
        }
      }
      day += std::chrono::days(1);
      midnight = calendar::WorkingCalendar::At(day, std::chrono::minutes(0));
      tod = core::Duration(0);
    }
  }

 private:
  bool Working(calendar::LocalDays d) const {
    if (auto it = special_.find(d); it != special_.end()) return it->second;
    unsigned wd = std::chrono::weekday(d).c_encoding();
    return wd >= 1 && wd <= 5;
  }
  const calendar::Definition& def_;
  std::map<calendar::LocalDays, bool> special_;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
  calendar::Definition def;
  def.schedule = *calendar::ParseSchedule("08:00-12:00,14:00-18:00", "hours");
  calendar::AddYears(def, calendar::ShippedYears());
  auto cal = *calendar::WorkingCalendar::Build(def);
  Walker walker(def);
  std::mt19937_64 rng(20261129);
  auto first = calendar::WorkingCalendar::At(calendar::LocalDays(std::chrono::year(2024) / 1 / 1), std::chrono::minutes(0));
  auto span = std::chrono::duration_cast<std::chrono::minutes>(
      calendar::WorkingCalendar::At(calendar::LocalDays(std::chrono::year(2026) / 11 / 30), std::chrono::minutes(0)) - first);
  std::vector<std::pair<core::Instant, core::Duration>> inputs(n);
  for (auto& in : inputs) {
    in.first = first + std::chrono::minutes(rng() % static_cast<std::uint64_t>(span.count()));
    in.second = std::chrono::minutes(30 * (1 + rng() % 80));  // 30 min to 40 working hours
  }
  using Clock = std::chrono::steady_clock;
  std::int64_t sink = 0;
  auto t0 = Clock::now();
  for (const auto& [from, d] : inputs) sink += cal->Add(from, d)->at.time_since_epoch().count();
  double ours = std::chrono::duration<double>(Clock::now() - t0).count();
  std::size_t peer_n = std::min<std::size_t>(n, 200'000);
  std::size_t differ = 0;
  t0 = Clock::now();
  for (std::size_t i = 0; i < peer_n; ++i) {
    auto at = walker.Add(inputs[i].first, inputs[i].second);
    sink += at.time_since_epoch().count();
  }
  double peer = std::chrono::duration<double>(Clock::now() - t0).count();
  for (std::size_t i = 0; i < peer_n; ++i) {
    if (walker.Add(inputs[i].first, inputs[i].second) != cal->Add(inputs[i].first, inputs[i].second)->at) ++differ;
  }
  std::printf("deadlines_per_second=%.0f peer_per_second=%.0f differ=%zu of=%zu sink=%lld\n", n / ours,
              peer_n / peer, differ, peer_n, static_cast<long long>(sink % 1000));
  return differ == 0 ? 0 : 1;
}
