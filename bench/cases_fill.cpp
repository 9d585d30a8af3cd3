// Fills a onegrid database with N cases through the real store (numbers, events, hash chain,
// search index, group commit), spread over the demo district and over past days, many in later
// states. For the list benchmark and the memory figure.
// Usage: onegrid_bench_cases_fill DB_PATH N
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "service/area_service.hpp"
#include "store_sqlite/sqlite_store.hpp"

using namespace onegrid;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DB_PATH N\n", argv[0]);
    return 2;
  }
  std::int64_t n = std::atoll(argv[2]);
  core::SystemClock clock;
  auto store = store_sqlite::SqliteStore::Open({.path = argv[1]}, clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  service::AreaService areas(**store, clock, {});
  if (!areas.Load() || areas.map()->size() == 0) {
    std::fprintf(stderr, "seed the demo district first (onegrid seed demo)\n");
    return 1;
  }
  auto box = geo::BoundsOf(areas.map()->Find("410104")->geometry);
  const char* categories[] = {"06010", "06011", "06012", "06013", "06036", "09001", "09006", "09009", "07001", "08002"};
  const char* texts[] = {"暴露垃圾未及时清运", "积存垃圾渣土", "道路不洁", "道路破损坑洼", "乱堆杂物占道",
                         "无照经营游商", "占道经营", "机动车乱停放占用盲道", "非法小广告", "施工占道未围挡"};
  const char* flow[] = {"accept", "register", "dispatch", "sign", "feedback", "check_pass", "close"};
  std::atomic<std::int64_t> made{0};
  auto start = std::chrono::steady_clock::now();
  auto worker = [&](int seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lon(box.min_lon, box.max_lon), lat(box.min_lat, box.max_lat);
    while (made.fetch_add(1) < n) {
      geo::LonLat p;
      areas::AreaMap::Chain chain;
      do {
        p = {lon(rng), lat(rng)};
        chain = areas.map()->Locate(p);
      } while (chain[3] == nullptr);
      int k = static_cast<int>(rng() % 10);
      store::NewCase c;
      c.district_code = "410104";
      c.fields.category_code = categories[k];
      c.fields.description = texts[k];
      c.fields.address = std::string(chain[2]->name) + "附近";
      c.fields.source = cases::Source::kHotline;
      c.fields.lon = p.lon;
      c.fields.lat = p.lat;
      c.fields.district_code = chain[0]->code;
      c.fields.street_code = chain[1]->code;
      c.fields.community_code = chain[2]->code;
      c.fields.grid_code = chain[3]->code;
      c.fields.grid_version = chain[3]->version;
      // Spread over the past 90 days.
      c.report.at = clock.Now() - std::chrono::minutes(rng() % (90 * 24 * 60));
      auto created = (*store)->cases().Create(c);
      if (!created) {
        std::fprintf(stderr, "%s\n", created.error().message.c_str());
        return;
      }
      int steps = static_cast<int>(rng() % 8);
      for (int s = 0; s < steps; ++s) {
        auto r = (*store)->cases().Act(created->value.id, [&](const cases::Case& cur) -> core::Result<cases::Event> {
          cases::Event e;
          e.action = flow[s];
          e.from = cur.state;
          OG_ASSIGN_OR_RETURN(auto rule, cases::FindRule(cur.kind, cur.state, e.action));
          e.to = rule->to;
          e.at = c.report.at + std::chrono::minutes(10 * (s + 1));
          if (rule->needs_unit) e.payload = {{"unit", "U" + std::to_string(rng() % 20)}};
          return e;
        });
        if (!r) break;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) threads.emplace_back(worker, t + 1);
  for (auto& t : threads) t.join();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("cases=%lld seconds=%.1f cases_per_second=%.0f\n", static_cast<long long>(n), s, n / s);
  return 0;
}
