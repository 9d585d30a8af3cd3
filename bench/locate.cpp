// Point → grid lookups on the real demo district (about 21,000 unit grids), one core.
// Usage: onegrid_bench_locate DATA_DIR OUT_DIR [POINTS]
// Builds the district as `onegrid seed demo` does, draws POINTS (default 2,000,000) random
// points over the district's bounding box (seeded, so every run uses the same points), times
// AreaMap::Locate over all of them (best of 5), and writes for the PostGIS peer:
//   OUT_DIR/grids.tsv   code \t GeoJSON geometry (exact coordinates)
//   OUT_DIR/points.tsv  id \t lon \t lat
//   OUT_DIR/answers.tsv id \t grid code (or empty) for the first 100,000 points
// Prints: lookups_per_second=N grids=N points=N inside=N
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "areas/area_map.hpp"
#include "areas/demo_district.hpp"
#include "geo/geojson.hpp"

using namespace onegrid;

static std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR OUT_DIR [POINTS]\n", argv[0]);
    return 2;
  }
  std::string data = argv[1], out = argv[2];
  std::size_t n = argc > 3 ? std::stoul(argv[3]) : 2'000'000;
  auto d = Read(data + "/boundaries/guancheng_410104_wgs84.geojson");
  auto t = Read(data + "/boundaries/guancheng_townships_2000s_wgs84.geojson");
  auto c = Read(data + "/boundaries/guancheng_streets_codes_2022.json");
  auto demo = areas::BuildDemoDistrict({d, t, c}, core::Instant{});
  if (!demo) {
    std::fprintf(stderr, "cannot build the demo district: %s\n", demo.error().message.c_str());
    return 1;
  }
  auto map = areas::AreaMap::Build(demo->areas);
  auto box = geo::BoundsOf(map->Find("410104")->geometry);
  std::mt19937_64 rng(20261129);
  std::uniform_real_distribution<double> lon(box.min_lon, box.max_lon), lat(box.min_lat, box.max_lat);
  std::vector<geo::LonLat> points(n);
  for (auto& p : points) p = {lon(rng), lat(rng)};

  double best = 1e300;
  std::size_t inside = 0;
  for (int rep = 0; rep < 5; ++rep) {
    std::size_t hits = 0;
    auto start = std::chrono::steady_clock::now();
    for (const auto& p : points) hits += map->Locate(p)[3] != nullptr ? 1 : 0;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, s);
    inside = hits;
  }

  std::ofstream grids(out + "/grids.tsv"), pts(out + "/points.tsv"), answers(out + "/answers.tsv");
  std::size_t grid_count = 0;
  for (const auto* g : map->AtLevel(areas::AreaLevel::kGrid)) {
    grids << g->code << '\t' << geo::WriteGeometry(g->geometry, true).dump() << '\n';
    ++grid_count;
  }
  char line[96];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(line, sizeof line, "%zu\t%.17g\t%.17g\n", i, points[i].lon, points[i].lat);
    pts << line;
    if (i < 100000) {
      const auto* g = map->Locate(points[i])[3];
      answers << i << '\t' << (g ? g->code : "") << '\n';
    }
  }
  std::printf("lookups_per_second=%.0f grids=%zu points=%zu inside=%zu\n",
              static_cast<double>(n) / best, grid_count, n, inside);
  return 0;
}
