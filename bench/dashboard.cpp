// The command center's figures (issue #8: at most 50 ms on 10 M cases, and at least 20x faster
// than the equivalent GROUP BY measured in the same run).
//
// N cases over the last DAYS days are written straight into onegrid's schema on the real demo
// district (its 21,000 grids), at hot spots (grid weights falling as rank^-0.8, categories
// likewise): ids in time order; a backlog of open cases (most of the last day, some of the last
// three, one in a thousand older and overdue) with step clocks and lights; finished cases
// closed (93 %), rejected or cancelled; for each, the events the figures read — the close, and
// the overdue alarm of one in eight (the other events of a case do not enter the figures and
// are left out: they would only lengthen the peer's scan). Then the rollups are rebuilt by the
// store's own Recompute (`onegrid rebuild rollups`), and timed:
//   figures  — EvaluationService::Figures, what GET /api/v1/dashboard serves, for a district
//              leader and for a street's leader;
//   peer     — the same rows the figures start from (cases now by street, grid, category, state
//              and light; reported, closed and overdue per day and street over 90 days; the 10
//              grids with the most reported in 30 days) computed by GROUP BY over the cases and
//              their events, as a dashboard without rollups would (its aggregation in C++ is not
//              counted); its answers are compared with the rollups'.
// Usage: onegrid_bench_dashboard DB_PATH [N] [DAYS]   (N = 0: measure the cases DB_PATH holds)
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "app/seed.hpp"
#include "cases/category.hpp"
#include "cases/clock.hpp"
#include "core/clock.hpp"
#include "service/area_service.hpp"
#include "service/evaluation_service.hpp"
#include "sqlite_limit.hpp"
#include "store_sql/rollup_sql.hpp"
#include "store_sqlite/sqlite_store.hpp"

using namespace onegrid;
using Steady = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kHour = 3600LL * 1'000'000;

struct Place {
  std::string grid, community, street;
  double lon = 0, lat = 0;
};

// Picks index i with weight (i + 1)^-s.
class Zipf {
 public:
  Zipf(std::size_t n, double s) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) cdf_.push_back(sum += std::pow(static_cast<double>(i + 1), -s));
    for (auto& c : cdf_) c /= sum;
  }
  std::size_t operator()(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::min<std::size_t>(cdf_.size() - 1, std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

double Ms(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }

template <typename T>
T OrDie(core::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
    std::exit(1);
  }
  return std::move(*r);
}

void OrDie(core::Result<void> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
    std::exit(1);
  }
}

void Step(sqlite3* db, sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  sqlite3_reset(st);
}

// The peer's answers, keyed like the rollups'.
using TallyKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
using DayKey = std::pair<std::string, std::string>;  // day, street
struct Peer {
  std::map<TallyKey, std::int64_t> tally;
  std::map<DayKey, std::array<std::int64_t, 3>> trend;
  std::vector<std::pair<std::string, std::int64_t>> hot;  // grid, reported
};

std::string Text(sqlite3_stmt* st, int i) { return reinterpret_cast<const char*>(sqlite3_column_text(st, i)); }

// What the figures start from, by GROUP BY over the cases and their events: cases now by street,
// grid, category, state and light; reported, closed and overdue per day and street from
// `trend_from_us`; the 10 grids with the most reported from `hot_from_us`.
Peer GroupBy(sqlite3* db, std::int64_t trend_from_us, std::int64_t hot_from_us) {
  Peer p;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
      "SELECT street_code, CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' ELSE grid_code END, "
      "category_code, state, CASE WHEN state IN ('closed', 'rejected', 'cancelled') THEN '' "
      "WHEN json_extract(clock, '$.fired') & 2 THEN 'red' WHEN json_extract(clock, '$.fired') & 1 THEN 'yellow' "
      "ELSE 'green' END, COUNT(*) FROM cases WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    p.tally[{Text(st, 0), Text(st, 1), Text(st, 2), Text(st, 3), Text(st, 4)}] = sqlite3_column_int64(st, 5);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db,
      "SELECT date(created_at / 1000000, 'unixepoch', '+8 hours'), street_code, COUNT(*) FROM cases "
      "WHERE created_at >= ?1 GROUP BY 1, 2", -1, &st, nullptr);
  sqlite3_bind_int64(st, 1, trend_from_us);
  while (sqlite3_step(st) == SQLITE_ROW) p.trend[{Text(st, 0), Text(st, 1)}][0] = sqlite3_column_int64(st, 2);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db,
      "SELECT date(e.at / 1000000, 'unixepoch', '+8 hours'), c.street_code, "
      "SUM(e.action <> 'overdue'), SUM(e.action = 'overdue') FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE e.at >= ?1 AND (e.action = 'overdue' OR (e.to_state = 'closed' AND "
      "(e.from_state IS NULL OR e.from_state <> 'closed'))) GROUP BY 1, 2", -1, &st, nullptr);
  sqlite3_bind_int64(st, 1, trend_from_us);
  while (sqlite3_step(st) == SQLITE_ROW) {
    auto& t = p.trend[{Text(st, 0), Text(st, 1)}];
    t[1] = sqlite3_column_int64(st, 2);
    t[2] = sqlite3_column_int64(st, 3);
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db,
      "SELECT grid_code, COUNT(*) FROM cases WHERE created_at >= ?1 GROUP BY grid_code ORDER BY 2 DESC, 1 LIMIT 10",
      -1, &st, nullptr);
  sqlite3_bind_int64(st, 1, hot_from_us);
  while (sqlite3_step(st) == SQLITE_ROW) p.hot.emplace_back(Text(st, 0), sqlite3_column_int64(st, 1));
  sqlite3_finalize(st);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [N] [DAYS]\n", argv[0]);
    return 2;
  }
  const std::int64_t n = argc > 2 ? std::atoll(argv[2]) : 10'000'000;
  const std::int64_t days = argc > 3 ? std::atoll(argv[3]) : 1095;
  // Now, so that the hot-spot window the migration opens (29 days before today) is the one the
  // cases fill; frozen for the run.
  core::FakeClock clock(std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now()));
  const std::int64_t now = clock.Now().time_since_epoch().count();

  // The demo district's areas, through the store.
  std::vector<Place> places;
  {
    auto store = OrDie(store_sqlite::SqliteStore::Open({.path = argv[1]}, clock), "open");  // migrates
    service::AreaService areas(*store, clock, areas::Tolerance{});
    OrDie(areas.Load(), "areas");
    OrDie(app::SeedDemoDistrict(areas, clock, {}), "demo district");
    auto map = areas.map();
    for (const auto* g : map->AtLevel(areas::AreaLevel::kGrid)) {
      const auto* community = map->Find(g->parent_code);
      const auto& corner = g->geometry.front().outer.front();
      places.push_back({g->code, community->code, community->parent_code, corner.lon, corner.lat});
    }
  }
  std::vector<std::string> categories;
  for (const auto& c : cases::Categories()) {
    if (c.kind == cases::CategoryKind::kMatter) categories.push_back(c.code);
  }
  std::mt19937_64 rng(8);
  std::shuffle(places.begin(), places.end(), rng);
  std::shuffle(categories.begin(), categories.end(), rng);
  Zipf pick_place(places.size(), 0.8), pick_category(categories.size(), 0.8);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

  sqlite3* db = nullptr;
  sqlite3_open(argv[1], &db);
  Exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-4000000");
  if (n > 0) Exec(db, "BEGIN");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db,
      "INSERT INTO cases (id, number, kind, category_kind, category_code, source, urgency, description, "
      "address, lon, lat, district_code, street_code, community_code, grid_code, grid_version, reporter_name, "
      "reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, rework_count, version, "
      "created_at, updated_at, created_by, last_hash, clock, due_at, next_timer_at) VALUES "
      "(?1, ?2, 'event', 'matter', ?3, 'hotline', 'normal', '', '管城回族区', ?4, ?5, '410104', ?6, ?7, ?8, 1, "
      "'', '', ?9, 'CGJ', '[\"CGJ\"]', 1, 0, 0, 5, ?10, ?11, 1, '', ?12, ?13, ?14)", -1, &ins, nullptr);
  sqlite3_stmt* ev = nullptr;
  sqlite3_prepare_v2(db,
      "INSERT INTO case_events (case_id, seq, action, from_state, to_state, actor_id, actor_name, role, unit, at, "
      "note, attachments, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, 1, '', 'system', 'CGJ', ?6, '', "
      "'[]', '{}', '', '')", -1, &ev, nullptr);
  static const char* kOpenStates[] = {"reported", "registered", "dispatched", "handling", "handling", "handled",
                                      "checking"};
  const std::int64_t span = days * 24 * kHour;
  std::int64_t open = 0;
  auto t0 = Steady::now();
  for (std::int64_t id = 1; id <= n && n > 0; ++id) {
    const long double share = static_cast<long double>(id - 1) / static_cast<long double>(n);
    const std::int64_t created = now - span + static_cast<std::int64_t>(static_cast<long double>(span) * share) +
                                 static_cast<std::int64_t>(rng() % 1000);
    const std::int64_t age = now - created;
    const Place& at = places[pick_place(rng)];
    const bool is_open = age < 24 * kHour ? chance(0.8) : age < 72 * kHour ? chance(0.4) : chance(0.001);
    std::string state, clock_json;
    std::int64_t updated = created, overdue_at = 0, closed_at = 0;
    std::optional<std::int64_t> due;
    if (is_open) {
      ++open;
      state = kOpenStates[rng() % std::size(kOpenStates)];
      cases::StepClock c;
      c.step = cases::StepOf(*cases::ParseState(state));
      c.limit = std::chrono::hours(24);
      c.started_at = core::Instant(core::Duration(created));
      c.yellow_at = c.started_at + std::chrono::minutes(1152);
      c.due_at = c.started_at + std::chrono::hours(24);
      c.escalate_at = c.due_at + std::chrono::hours(24);
      if (age > 24 * kHour) {
        c.fired = cases::kYellowAlert | cases::kOverdueAlert;
        overdue_at = created + 24 * kHour;
      } else if (age > 19 * kHour) {
        c.fired = cases::kYellowAlert;
      }
      clock_json = cases::ClockJson(c).dump();
      due = c.due_at.time_since_epoch().count();
      updated = overdue_at ? overdue_at : created;
    } else {
      int r = static_cast<int>(rng() % 100);
      state = r < 93 ? "closed" : r < 97 ? "rejected" : "cancelled";
      const auto took = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(70 * kHour));
      closed_at = std::min(now - 1, created + kHour + took);
      if (state == "closed" && closed_at - created > 24 * kHour && chance(0.6)) overdue_at = created + 24 * kHour;
      updated = closed_at;
    }
    std::string number = "410104-" + std::to_string(id);
    sqlite3_bind_int64(ins, 1, id);
    sqlite3_bind_text(ins, 2, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, categories[pick_category(rng)].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(ins, 4, at.lon);
    sqlite3_bind_double(ins, 5, at.lat);
    sqlite3_bind_text(ins, 6, at.street.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 7, at.community.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 8, at.grid.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 9, state.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins, 10, created);
    sqlite3_bind_int64(ins, 11, updated);
    sqlite3_bind_text(ins, 12, clock_json.c_str(), -1, SQLITE_TRANSIENT);
    if (due) {
      sqlite3_bind_int64(ins, 13, *due);
      sqlite3_bind_int64(ins, 14, *due + 24 * kHour);
    } else {
      sqlite3_bind_null(ins, 13);
      sqlite3_bind_null(ins, 14);
    }
    Step(db, ins);
    int seq = 1;
    auto event = [&](const char* action, const char* from, const char* to, std::int64_t when) {
      sqlite3_bind_int64(ev, 1, id);
      sqlite3_bind_int64(ev, 2, seq++);
      sqlite3_bind_text(ev, 3, action, -1, SQLITE_STATIC);
      sqlite3_bind_text(ev, 4, from, -1, SQLITE_STATIC);
      sqlite3_bind_text(ev, 5, to, -1, SQLITE_STATIC);
      sqlite3_bind_int64(ev, 6, when);
      Step(db, ev);
    };
    if (overdue_at) event("overdue", "handling", "handling", overdue_at);
    if (state == "closed") event("close", "checking", "closed", closed_at);
    if (id % 500'000 == 0) {
      Exec(db, "COMMIT; BEGIN");
      std::fprintf(stderr, "\rfilled %lld of %lld cases", static_cast<long long>(id), static_cast<long long>(n));
    }
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(ev);
  if (n > 0) Exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
  const double fill_s = Ms(t0) / 1000;
  std::fprintf(stderr, "\rfilled %lld cases in %.0f s\n", static_cast<long long>(n), fill_s);

  auto store = OrDie(store_sqlite::SqliteStore::Open({.path = argv[1]}, clock), "open");
  t0 = Steady::now();
  if (n > 0) OrDie(store->rollups().Recompute(true), "rebuild rollups");
  const double rebuild_s = Ms(t0) / 1000;
  service::AreaService areas(*store, clock, areas::Tolerance{});
  OrDie(areas.Load(), "areas");
  service::EvaluationService evaluation(*store, areas, clock);
  OrDie(evaluation.Load(), "schemes");

  const std::string street = places.front().street;
  accounts::User leader, street_leader;
  leader.id = 1;
  leader.roles = {{accounts::Role::kLeader, "410104"}};
  street_leader.id = 2;
  street_leader.roles = {{accounts::Role::kLeader, street}};
  auto time_figures = [&](const accounts::User& user, std::int64_t* open_seen) {
    std::vector<double> ms;
    for (int i = 0; i < 220; ++i) {
      auto t = Steady::now();
      auto d = OrDie(evaluation.Figures(user), "figures");
      if (i >= 20) ms.push_back(Ms(t));
      *open_seen = d.open;
    }
    std::sort(ms.begin(), ms.end());
    return ms;
  };
  std::int64_t open_district = 0, open_street = 0;
  auto district_ms = time_figures(leader, &open_district);
  auto street_ms = time_figures(street_leader, &open_street);
  // Where a district-wide figure's time goes: the three reads of the rollups (medians).
  auto median_ms = [](auto&& fn) {
    std::vector<double> ms;
    for (int i = 0; i < 51; ++i) {
      auto t = Steady::now();
      fn();
      ms.push_back(Ms(t));
    }
    std::sort(ms.begin(), ms.end());
    return ms[25];
  };
  const auto today_label = evaluation::PeriodOf(evaluation::PeriodKind::kDay, clock.Now()).label;
  double tally_ms = median_ms([&] { OrDie(store->rollups().Tally({}), "tally"); });
  double trend_ms = median_ms([&] { OrDie(store->rollups().Trend(store_sql::DaysBefore(today_label, 89), {}), "trend"); });
  double hot_ms = median_ms([&] {
    OrDie(store->rollups().HotGrids(store_sql::DaysBefore(today_label, store::kHotGridDays - 1), {}, 10), "hot grids");
  });

  // The peer, three times; its answers against the rollups'.
  auto midnight_before = [&](int days_back) {  // local midnight, in microseconds
    const std::int64_t day = 24 * kHour, t = now - days_back * day;
    return ((t + 8 * kHour) / day) * day - 8 * kHour;
  };
  auto label = [](std::int64_t us) {
    return evaluation::PeriodOf(evaluation::PeriodKind::kDay, core::Instant(core::Duration(us))).label;
  };
  const std::int64_t trend_from = midnight_before(89), hot_from = midnight_before(store::kHotGridDays - 1);
  std::vector<double> peer_ms;
  Peer peer;
  for (int i = 0; i < 3; ++i) {
    auto t = Steady::now();
    peer = GroupBy(db, trend_from, hot_from);
    peer_ms.push_back(Ms(t));
  }
  std::sort(peer_ms.begin(), peer_ms.end());
  std::int64_t differing = 0;
  auto tally = OrDie(store->rollups().Tally({}), "tally");
  auto trend = OrDie(store->rollups().Trend(label(trend_from), {}), "trend");
  auto hot = OrDie(store->rollups().HotGrids(label(hot_from), {}, 10), "hot grids");
  std::map<TallyKey, std::int64_t> have_tally;
  for (const auto& r : tally) have_tally[{r.street_code, r.grid_code, r.category_code, r.state, r.light}] = r.n;
  std::map<DayKey, std::array<std::int64_t, 3>> have_trend;
  for (const auto& r : trend) have_trend[{r.day, r.street_code}] = {r.reported, r.closed, r.overdue};
  auto count_differing = [&](const auto& want, const auto& have) {
    for (const auto& [k, v] : want) differing += have.count(k) && have.at(k) == v ? 0 : 1;
    for (const auto& [k, v] : have) differing += want.count(k) ? 0 : 1;
  };
  count_differing(peer.tally, have_tally);
  count_differing(peer.trend, have_trend);
  for (std::size_t i = 0; i < std::max(hot.size(), peer.hot.size()); ++i) {
    differing += i < hot.size() && i < peer.hot.size() && hot[i].grid_code == peer.hot[i].first &&
                         hot[i].reported == peer.hot[i].second ? 0 : 1;
  }
  sqlite3_close(db);

  auto p = [](const std::vector<double>& v, double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(v.size() * q))]; };
  std::printf("cases=%lld days=%lld open=%lld fill_s=%.0f rebuild_s=%.1f tally_rows=%zu trend_rows=%zu "
              "figures_p50_ms=%.2f figures_p99_ms=%.2f figures_max_ms=%.2f street_p50_ms=%.2f street_p99_ms=%.2f "
              "read_tally_ms=%.2f read_trend_ms=%.2f read_hot_ms=%.2f "
              "groupby_median_ms=%.0f ratio=%.0f differing_rows=%lld open_seen=%lld street_open_seen=%lld\n",
              static_cast<long long>(n), static_cast<long long>(days), static_cast<long long>(open), fill_s, rebuild_s,
              tally.size(), trend.size(), p(district_ms, 0.5), p(district_ms, 0.99), district_ms.back(),
              p(street_ms, 0.5), p(street_ms, 0.99), tally_ms, trend_ms, hot_ms, peer_ms[1], peer_ms[1] / p(district_ms, 0.99),
              static_cast<long long>(differing), static_cast<long long>(open_district),
              static_cast<long long>(open_street));
  return differing == 0 && (n == 0 || open_district == open) ? 0 : 1;
}
