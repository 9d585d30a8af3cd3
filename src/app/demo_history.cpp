#include "app/demo_history.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <queue>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/seed.hpp"
#include "service/case_service.hpp"
#include "core/time_format.hpp"
#include "service/timer_service.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& demo_data();
}  // namespace onegrid::embedded

namespace onegrid::app {
namespace {

using accounts::Role;
using cases::State;
using namespace std::chrono_literals;

constexpr int kCasesPerDay = 48;  // a district's grid workers and hotline, on an average day
constexpr auto kSlice = 30min;     // actions due in one slice run together, then the timers tick
constexpr int kThreads = 12;

// The matters the district's grid workers report most (GB/T 47678.5 codes), with weights.
const std::vector<std::pair<const char*, int>> kMatters = {
    {"09009", 16}, {"06010", 14}, {"09006", 10}, {"07001", 9}, {"06011", 7}, {"09005", 7}, {"06012", 6},
    {"09010", 5},  {"08004", 4},  {"08002", 3},  {"04002", 3}, {"06013", 3}, {"06001", 3}, {"09011", 4},
    {"06017", 2},  {"07003", 1}};

std::string_view Embedded(std::string_view name) {
  for (const auto& [n, bytes] : embedded::demo_data()) {
    if (n == name) return bytes;
  }
  return {};
}

// Who plays each part.
struct Cast {
  accounts::User intake, lead, dispatcher;
  std::map<std::string, accounts::User> workers;  // by street code
  std::map<std::string, accounts::User> staff;    // by unit code
};

// One case's life: what happens next and how long after.
struct Plan {
  service::IntakeRequest intake;
  std::string street;
  core::Instant at;  // the next step's time
  std::int64_t id = 0;  // 0 until reported
  bool verify = false, reject = false, cancel = false, wrong_unit = false, extend = false, fail_check = false;
  bool failed_once = false, returned = false;
  double handling = 0.5;  // share of the handling deadline the unit takes
};

// Working hours of people: an action that falls at night moves to the next morning.
core::Instant Daytime(core::Instant t, std::mt19937& rng) {
  auto local = t + core::kDistrictUtcOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  if (minute >= 8 * 60 && minute < 20 * 60) return t;
  auto next = minute < 8 * 60 ? day : day + std::chrono::days(1);
  return next + 8h + std::chrono::minutes(rng() % 90) - core::kDistrictUtcOffset;
}

template <typename T>
std::size_t Weighted(const std::vector<T>& weights, std::mt19937& rng) {
  double total = 0;
  for (auto w : weights) total += static_cast<double>(w);
  double x = std::uniform_real_distribution<double>(0, total)(rng);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    x -= static_cast<double>(weights[i]);
    if (x <= 0) return i;
  }
  return weights.size() - 1;
}

core::Result<accounts::User> Person(Server& server, const std::string& username, const std::string& name, Role role,
                                    const std::string& scope, const std::string& password) {
  auto found = server.store().users().FindByUsername(username);
  if (found) return found;
  if (found.error().code != core::ErrorCode::kNotFound) return std::move(found).error();
  accounts::NewUser u{.username = username, .display_name = name, .phone = "", .unit_code = accounts::IsUnitRole(role) ? scope : "",
                      .roles = {{role, scope}}};
  OG_RETURN_IF_ERROR(server.users().Add(u, password));
  return server.store().users().FindByUsername(username);
}

core::Result<Cast> MakeCast(Server& server, const std::string& password) {
  Cast cast;
  OG_ASSIGN_OR_RETURN(cast.intake, server.store().users().FindByUsername("intake_operator"));
  OG_ASSIGN_OR_RETURN(cast.lead, server.store().users().FindByUsername("shift_lead"));
  OG_ASSIGN_OR_RETURN(cast.dispatcher, server.store().users().FindByUsername("dispatcher"));
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱"};
  int i = 0;
  for (const areas::Area* street : server.areas().map()->AtLevel(areas::AreaLevel::kStreet)) {
    std::string suffix = street->code.substr(6, 3);
    OG_ASSIGN_OR_RETURN(auto w, Person(server, "gw" + suffix, std::string(kSurnames[i++ % 14]) + "网格（" + street->name + "）",
                                       Role::kGridWorker, street->code, password));
    cast.workers[street->code] = std::move(w);
  }
  OG_ASSIGN_OR_RETURN(auto units, server.store().units().List("", 1000));
  for (const auto& u : units) {
    if (u.code == kDemoUnitCode) {
      OG_ASSIGN_OR_RETURN(cast.staff[u.code], server.store().users().FindByUsername("unit_staff"));
      continue;
    }
    std::string login = "staff_" + u.code;
    std::transform(login.begin(), login.end(), login.begin(), [](unsigned char c) { return std::tolower(c); });
    OG_ASSIGN_OR_RETURN(cast.staff[u.code], Person(server, login, u.name + "处置员", Role::kUnitStaff, u.code, password));
  }
  return cast;
}

}  // namespace

core::Result<HistoryReport> SeedDemoHistory(Server& server, const std::string& password, int days,
                                            const std::function<void(std::string_view, std::size_t, std::size_t)>& progress) {
  HistoryReport report;
  OG_ASSIGN_OR_RETURN(auto existing, server.store().cases().Count());
  if (existing > 0) return report;
  auto rhythm = nlohmann::json::parse(Embedded("rhythm.json"), nullptr, false);
  if (rhythm.is_discarded()) return core::Internal("the demo rhythm (data/demo/rhythm.json) is not in the binary");
  std::vector<int> hours = rhythm["hour_of_day"], weekdays = rhythm["weekday_mon_first"];
  std::vector<double> quantiles = rhythm["handling_over_median_quantiles"];
  const auto& channels = rhythm["channels"];
  // SF's channels as this district's: phone → 12345 hotline, web → public app, mobile/Open311 →
  // Open311; beside them the grid workers, who find most of a 数字城管 district's cases.
  double phone = channels.value("Phone", 0.0), web = channels.value("Web", 0.0), mobile = channels.value("Mobile/Open311", 0.0);
  double citizens = phone + web + mobile;
  std::vector<double> source_weights = {0.72, 0.28 * phone / citizens, 0.28 * web / citizens, 0.28 * mobile / citizens};
  const cases::Source kSources[] = {cases::Source::kGridWorker, cases::Source::kHotline, cases::Source::kPublicApp,
                                    cases::Source::kOpen311};

  OG_ASSIGN_OR_RETURN(Cast cast, MakeCast(server, password));
  auto map = server.areas().map();
  std::vector<const areas::Area*> grids = map->AtLevel(areas::AreaLevel::kGrid);
  if (grids.empty()) return core::FailedPrecondition("the demo district has no grids yet");

  std::mt19937 rng(20261129);
  core::Instant now = core::SystemClock().Now();
  auto midnight = std::chrono::floor<std::chrono::days>(now + core::kDistrictUtcOffset) - core::kDistrictUtcOffset;
  core::Instant start = midnight - std::chrono::days(days);
  std::vector<double> matter_weights;
  for (const auto& m : kMatters) matter_weights.push_back(m.second);

  // Every case's arrival, in order.
  std::vector<Plan> plans;
  for (int d = 0; d < days; ++d) {
    core::Instant day = start + std::chrono::days(d);
    auto wd = std::chrono::weekday(std::chrono::floor<std::chrono::days>(day + core::kDistrictUtcOffset)).iso_encoding() - 1;
    double mean = kCasesPerDay * 7.0 * weekdays[wd] / std::accumulate(weekdays.begin(), weekdays.end(), 0.0);
    int n = std::poisson_distribution<int>(mean)(rng);
    for (int i = 0; i < n; ++i) {
      Plan p;
      std::size_t hour = Weighted(hours, rng);
      p.at = day + std::chrono::hours(hour) + std::chrono::seconds(rng() % 3600);
      if (p.at >= now) continue;
      const areas::Area* grid = grids[rng() % grids.size()];
      auto box = geo::BoundsOf(grid->geometry);
      geo::LonLat point{};
      for (int tries = 0; tries < 50; ++tries) {
        point = {std::uniform_real_distribution<double>(box.min_lon, box.max_lon)(rng),
                 std::uniform_real_distribution<double>(box.min_lat, box.max_lat)(rng)};
        auto chain = map->Locate(point);
        if (chain[static_cast<int>(areas::AreaLevel::kGrid)] == grid) break;
      }
      p.street = grid->parent_code.empty() ? "" : map->Find(grid->parent_code)->parent_code;
      const auto& matter = kMatters[Weighted(matter_weights, rng)];
      const cases::Category* cat = cases::FindCategory(cases::CategoryKind::kMatter, matter.first);
      p.intake.category_code = matter.first;
      p.intake.location = point;
      p.intake.source = kSources[Weighted(source_weights, rng)];
      p.intake.description = std::string(cat ? cat->name : "问题") + "，" + grid->name + "附近";
      p.intake.address = grid->name;
      p.intake.urgency = rng() % 20 == 0 ? cases::Urgency::kUrgent : cases::Urgency::kNormal;
      p.verify = p.intake.source != cases::Source::kGridWorker;
      p.reject = rng() % 25 == 0;
      p.cancel = rng() % 40 == 0;
      p.wrong_unit = rng() % 20 == 0;
      p.extend = rng() % 18 == 0;
      p.fail_check = rng() % 12 == 0;
      // The SF shape of handling times, its tail pulled in by a cube root, as a share of the deadline.
      double u = std::uniform_real_distribution<double>(0, 1)(rng) * (static_cast<double>(quantiles.size()) - 1);
      double q = quantiles[static_cast<std::size_t>(u)];
      p.handling = std::clamp(0.45 * std::cbrt(std::max(q, 1e-4)), 0.05, 4.0);
      plans.push_back(std::move(p));
    }
  }
  std::sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) { return a.at < b.at; });

  core::FakeClock clock(start);
  service::CaseService cases(server.store(), server.areas(), server.deadlines(), server.routing(), clock);
  service::TimerService timers(server.store(), server.deadlines(), clock);
  auto next_delay = [&](std::mt19937& r, int lo, int hi) { return std::chrono::minutes(lo + static_cast<int>(r() % (hi - lo + 1))); };

  // One step of a case at the clock's time; returns false when its life ends (or the step failed).
  std::mutex error_mu;
  std::optional<core::Error> first_error;
  std::atomic<std::int64_t> events{0};
  auto act = [&](Plan& p, std::mt19937& r) -> bool {
    auto fail = [&](const core::Error& e) {
      std::lock_guard lock(error_mu);
      if (!first_error) first_error = e;
      return false;
    };
    const accounts::User& worker = cast.workers.count(p.street) ? cast.workers[p.street] : cast.workers.begin()->second;
    if (p.id == 0) {
      const accounts::User& by = p.intake.source == cases::Source::kGridWorker ? worker : cast.intake;
      if (p.intake.source != cases::Source::kGridWorker) p.intake.reporter_name = "市民";
      auto made = cases.Intake(by, p.intake);
      if (!made) return fail(made.error());
      p.id = made->value.id;
      ++events;
      p.at = Daytime(clock.Now() + next_delay(r, 2, 20), r);
      return true;
    }
    auto c = cases.Get(cast.lead, p.id);
    if (!c) return fail(c.error());
    service::ActionRequest req;
    req.expected_version = c->version;
    const accounts::User* who = &cast.lead;
    switch (c->state) {
      case State::kReported:
        req.action = p.reject ? "reject" : "accept";
        who = &cast.intake;
        break;
      case State::kAccepted:
        if (p.verify) {
          req.action = "request_verify";
          p.verify = false;
          who = &cast.intake;
        } else {
          req.action = p.cancel ? "cancel" : "register";
        }
        break;
      case State::kVerifying:
        req.action = r() % 15 == 0 ? "refute" : "confirm";
        who = &worker;
        break;
      case State::kRegistered: {
        req.action = "dispatch";
        who = &cast.dispatcher;
        auto suggestion = server.routing().Suggest(*c);
        if (!suggestion) return fail(suggestion.error());
        req.unit_code = suggestion->lead_unit.empty() ? kDemoUnitCode : suggestion->lead_unit;
        if (p.wrong_unit && !p.returned) req.unit_code = req.unit_code == "YLJ" ? "ZJJ" : "YLJ";
        break;
      }
      case State::kDispatched:
        if (p.wrong_unit && !p.returned) {
          req.action = "request_return";
          req.note = "不属本单位职责";
        } else {
          req.action = "sign";
        }
        who = &cast.staff[c->current_unit];
        break;
      case State::kReturnRequested:
        req.action = "approve_return";
        p.returned = true;
        break;
      case State::kHandling:
        who = &cast.staff[c->current_unit];
        if (p.extend) {
          req.action = "request_extension";
          req.deadline = c->clock.due_at + std::chrono::hours(48);
          req.note = "需协调相关单位";
          break;
        }
        req.action = "feedback";
        req.note = "已处置完毕";
        break;
      case State::kExtensionRequested:
        req.action = "approve_extension";
        req.deadline = c->clock.due_at + std::chrono::hours(48);
        p.extend = false;
        break;
      case State::kHandled:
        who = &worker;
        if (p.fail_check && !p.failed_once) {
          req.action = "check_fail";
          req.note = "现场核查未整改到位";
          p.failed_once = true;
        } else {
          req.action = "check_pass";
        }
        break;
      case State::kChecking:
        req.action = "close";
        break;
      default:
        return false;  // finished (or hung)
    }
    // The step runs once its time has come: reschedule instead when the slice is early.
    auto acted = cases.Act(*who, p.id, req);
    if (!acted) return fail(acted.error());
    events += acted->version - c->version;
    // When the next step comes: people's delays per state; a unit handles at its planned share
    // of the time its handling step allows (from signing to the deadline).
    core::Duration delay = next_delay(r, 5, 30);
    switch (acted->state) {
      case State::kAccepted: delay = next_delay(r, 5, 40); break;
      case State::kVerifying: delay = next_delay(r, 20, 90); break;
      case State::kRegistered: delay = next_delay(r, 10, 60); break;
      case State::kDispatched: delay = next_delay(r, 5, 120); break;
      case State::kExtensionRequested: delay = next_delay(r, 10, 60); break;
      case State::kHandled: delay = next_delay(r, 20, 180); break;
      case State::kHandling:
        if (p.extend) {
          delay = next_delay(r, 30, 120);
        } else {
          auto allowed = acted->clock.due_at - clock.Now();
          if (acted->clock.due_at == core::Instant{} || allowed < 10min) allowed = 4h;
          delay = std::max<core::Duration>(
              std::chrono::duration_cast<core::Duration>(allowed * (p.failed_once ? 0.3 : p.handling)), 10min);
        }
        break;
      default: break;
    }
    p.at = Daytime(clock.Now() + delay, r);
    return !cases::IsTerminal(acted->state);
  };

  // The simulation: slice by slice, the steps due run in parallel (their writes share COMMITs),
  // then the timers fire at the slice's end.
  auto cmp = [&](std::size_t a, std::size_t b) { return plans[a].at > plans[b].at; };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(cmp)> due(cmp);
  for (std::size_t i = 0; i < plans.size(); ++i) due.push(i);
  std::size_t slices = static_cast<std::size_t>((now - start) / kSlice), slice = 0;
  for (core::Instant t = start + kSlice; t <= now && !first_error; t += kSlice, ++slice) {
    clock.Set(t);
    std::vector<std::size_t> batch;
    while (!due.empty() && plans[due.top()].at <= t) {
      batch.push_back(due.top());
      due.pop();
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::size_t> again(batch.size(), SIZE_MAX);
    auto run = [&](unsigned seed) {
      std::mt19937 r(seed);
      for (std::size_t k = next++; k < batch.size(); k = next++) {
        if (act(plans[batch[k]], r)) again[k] = batch[k];
      }
    };
    std::vector<std::thread> pool;
    unsigned n = static_cast<unsigned>(std::min<std::size_t>(kThreads, batch.size()));
    for (unsigned i = 0; i < n; ++i) pool.emplace_back(run, static_cast<unsigned>(slice * 31 + i));
    for (auto& th : pool) th.join();
    for (std::size_t k : again) {
      if (k != SIZE_MAX && plans[k].at < now) due.push(k);
    }
    auto fired = timers.Tick();
    if (!fired) return std::move(fired).error();
    events += *fired;
    if (progress && (slice % 48 == 0)) progress("simulating the past days", slice, slices);
  }
  if (first_error) return core::Internal("the demo history stopped: " + first_error->message);
  if (progress) progress("simulating the past days", slices, slices);
  report.days = days;
  report.cases = static_cast<std::int64_t>(plans.size());
  report.events = events.load();
  for (const auto& p : plans) {
    if (p.id == 0) continue;
    auto c = server.store().cases().Get(p.id);
    if (c && c->state == State::kClosed) ++report.closed;
    if (c && !cases::IsTerminal(c->state)) ++report.open;
  }
  return report;
}

}  // namespace onegrid::app
