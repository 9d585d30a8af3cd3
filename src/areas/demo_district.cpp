#include "areas/demo_district.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "geo/geojson.hpp"
#include "geo/measure.hpp"
#include "geo/ops.hpp"

namespace onegrid::areas {
namespace {

using geo::MultiPolygon;

// How each township of the 2000s becomes a street of the 2022 code list (docs/demo-district.md).
struct TownshipMapping {
  const char* gbcode;  // as in the 2000s file
  const char* code;    // 2022 12-digit code
  const char* why;
};
constexpr TownshipMapping kMappings[] = {
    {"410104001", "410104001000", "same street"},
    {"410104002", "410104002000", "same street"},
    {"410104003", "410104003000", "same street"},
    {"410104004", "410104004000", "same street"},
    {"410104005", "410104005000", "same street"},
    {"410104006", "410104006000", "same street"},
    {"410104007", "410104007000", "same street"},
    {"410104008", "410104008000", "same street"},
    {"410104100", "410104010000", "十八里河镇 became 十八里河街道"},
    {"410104201", "410104011000", "南曹乡 became 南曹街道"},
    {"410104202", "410104202000", "圃田乡 kept its code"},
    {"410104200", "410104570000",
     "东城乡 was abolished; its area is taken as 商都路街道's (an assumption)"},
};

constexpr double kCommunityCellM = 1000;
constexpr double kGridCellM = 100;

struct Piece {
  MultiPolygon shape;
  double area = 0;
  int row = 0, col = 0;
};

// The 100 m lattice, anchored at the district's north-west corner, rows counted southwards.
// Every cell edge, of a grid or of a community (ten grid cells a side), is computed by these
// two functions from integers, so edges that should coincide are the same doubles: nearly
// coincident edges are what planar overlay algorithms get wrong.
struct Lattice {
  geo::LonLat origin;
  double dlon = 0, dlat = 0;
  double X(long k) const { return origin.lon + static_cast<double>(k) * dlon; }
  double Y(long k) const { return origin.lat - static_cast<double>(k) * dlat; }
};

// Cuts `shape` by lattice cells `step` fine cells a side and merges pieces smaller than
// min_share of a cell into their nearest larger piece.
std::vector<Piece> Partition(const MultiPolygon& shape, const Lattice& lat, int step,
                             double cell_area, double min_share) {
  auto box = geo::BoundsOf(shape);
  long c0 = static_cast<long>(std::floor((box.min_lon - lat.origin.lon) / (lat.dlon * step)));
  long c1 = static_cast<long>(std::floor((box.max_lon - lat.origin.lon) / (lat.dlon * step)));
  long r0 = static_cast<long>(std::floor((lat.origin.lat - box.max_lat) / (lat.dlat * step)));
  long r1 = static_cast<long>(std::floor((lat.origin.lat - box.min_lat) / (lat.dlat * step)));
  std::vector<Piece> big, small;
  for (long r = r0; r <= r1; ++r) {
    for (long c = c0; c <= c1; ++c) {
      geo::BBox cell{lat.X(c * step), lat.Y((r + 1) * step), lat.X((c + 1) * step), lat.Y(r * step)};
      if (!cell.Intersects(box)) continue;
      Piece p;
      p.row = static_cast<int>(r);
      p.col = static_cast<int>(c);
      p.shape = geo::BoxInside(cell, shape) ? geo::BoxPolygon(cell)
                                            : geo::Intersection(geo::BoxPolygon(cell), shape);
      if (p.shape.empty()) continue;
      p.area = geo::AreaSquareMeters(p.shape);
      if (p.area <= 0.01) continue;  // a touching edge, not a piece
      (p.area >= min_share * cell_area ? big : small).push_back(std::move(p));
    }
  }
  if (big.empty()) {  // a tiny shape: keep what there is
    big = std::move(small);
    small.clear();
  }
  for (auto& s : small) {
    auto sbox = geo::BoundsOf(s.shape);
    std::size_t best = 0;
    double best_d = 1e300;
    for (std::size_t i = 0; i < big.size(); ++i) {
      auto bbox = geo::BoundsOf(big[i].shape);
      // Cheap rejection: only neighbours within a cell's reach are measured exactly.
      double gap = std::max({bbox.min_lon - sbox.max_lon, sbox.min_lon - bbox.max_lon,
                             bbox.min_lat - sbox.max_lat, sbox.min_lat - bbox.max_lat, 0.0});
      if (gap > best_d) continue;
      double d = geo::DistanceDegrees(s.shape, big[i].shape);
      if (d < best_d || (d == best_d && big[i].area > big[best].area)) {
        best_d = d;
        best = i;
      }
    }
    big[best].shape = geo::Union(big[best].shape, s.shape);
    big[best].area += s.area;
  }
  std::sort(big.begin(), big.end(), [](const Piece& a, const Piece& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;  // north→south rows, west→east within
  });
  return big;
}

std::string Seq(std::size_t n, int width) {
  std::string s = std::to_string(n);
  return std::string(width - std::min<std::size_t>(width, s.size()), '0') + s;
}

}  // namespace

core::Result<DemoDistrict> BuildDemoDistrict(const DemoDistrictInputs& inputs, core::Instant now,
                                             const BuildProgress& progress) {
  auto report = [&](std::string_view stage, std::size_t done, std::size_t total) {
    if (progress) progress(stage, done, total);
  };
  DemoDistrict out;
  auto make = [&](std::string code, AreaLevel level, std::string name, MultiPolygon shape) {
    Area a;
    a.code = std::move(code);
    a.level = level;
    a.name = std::move(name);
    a.parent_code = ParentCode(level, a.code);
    a.geometry = std::move(shape);
    a.area_m2 = geo::AreaSquareMeters(a.geometry);
    a.valid_from = now;
    return a;
  };

  // The district.
  OG_ASSIGN_OR_RETURN(auto district_fc, geo::ReadFeatureCollection(inputs.district_geojson, "name"));
  if (district_fc.size() != 1) return core::InvalidArgument("the district file must hold one feature");
  MultiPolygon district = geo::Normalized(district_fc[0].geometry);
  std::string district_name = district_fc[0].properties.value("name", "管城回族区");
  out.areas.push_back(make("410104", AreaLevel::kDistrict, district_name, district));

  // The lattice: 1 km and 100 m cells measured at the district's centre, anchored north-west.
  auto box = geo::BoundsOf(district);
  geo::LonLat origin{box.min_lon, box.max_lat};
  geo::LonLat mid{(box.min_lon + box.max_lon) / 2, (box.min_lat + box.max_lat) / 2};
  double m_per_lon = geo::DistanceMeters(mid, {mid.lon + 0.01, mid.lat}) / 0.01;
  double m_per_lat = geo::DistanceMeters(mid, {mid.lon, mid.lat + 0.01}) / 0.01;
  Lattice lattice{origin, kGridCellM / m_per_lon, kGridCellM / m_per_lat};
  constexpr int kCommunityStep = static_cast<int>(kCommunityCellM / kGridCellM);

  // Street names from the 2022 code list.
  std::map<std::string, std::string> names;
  try {
    auto codes = nlohmann::json::parse(inputs.codes_json);
    for (const auto& c : codes.at("children")) names[c.at("code")] = c.at("name");
  } catch (const nlohmann::json::exception& e) {
    return core::InvalidArgument(std::string("the 2022 code list is malformed: ") + e.what());
  }

  // Streets: clip, resolve overlaps by code order, give the gaps to the nearest street.
  OG_ASSIGN_OR_RETURN(auto townships, geo::ReadFeatureCollection(inputs.townships_geojson, "gbcode"));
  std::sort(townships.begin(), townships.end(), [](const geo::Feature& a, const geo::Feature& b) {
    return a.properties.value("gbcode", "") < b.properties.value("gbcode", "");
  });
  std::map<std::string, MultiPolygon> streets;  // by 2022 code, so in code order
  for (const auto& t : townships) {
    std::string gb = t.properties.value("gbcode", "");
    const TownshipMapping* m = nullptr;
    for (const auto& k : kMappings) {
      if (gb == k.gbcode) m = &k;
    }
    if (m == nullptr) return core::InvalidArgument("township " + gb + " has no mapping to a 2022 code");
    if (!names.contains(m->code)) return core::InvalidArgument(std::string(m->code) + " is not in the 2022 list");
    streets[m->code] = geo::Intersection(t.geometry, district);
    out.notes.push_back(std::string(m->gbcode) + " → " + m->code + " " + names[m->code] + ": " + m->why);
  }
  MultiPolygon covered;
  for (auto& [code, shape] : streets) {
    if (!covered.empty()) shape = geo::Difference(shape, covered);
    covered = covered.empty() ? shape : geo::Union(covered, shape);
  }
  out.notes.push_back("streets clipped to the district; where townships overlap, the lower code keeps the overlap");
  // The district's parts that no township covers are cut by the 1 km lattice and each piece
  // joins the street nearest to it, so a large gap is shared among its neighbours.
  auto gaps = geo::Difference(district, covered);
  double gap_area = geo::AreaSquareMeters(gaps);
  std::size_t gap_pieces = 0;
  for (const auto& gap : gaps) {
    for (auto& piece : Partition({gap}, lattice, kCommunityStep, kCommunityCellM * kCommunityCellM, 0)) {
      auto at = geo::InteriorPoint(piece.shape);
      if (!std::isfinite(at.lon) || !std::isfinite(at.lat)) {
        auto b = geo::BoundsOf(piece.shape);
        at = {(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2};
      }
      std::string best;
      double best_d = 1e300;
      for (const auto& [code, shape] : streets) {
        double d = geo::DistanceDegrees(at, shape);
        if (d < best_d) {
          best_d = d;
          best = code;
        }
      }
      if (best.empty()) continue;  // no street at all: nothing to join
      streets[best] = geo::Union(streets[best], piece.shape);
      ++gap_pieces;
    }
  }
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "%.2f km² of the district lie in no township; cut into %zu pieces by the 1 km "
                "lattice, each joined the nearest street",
                gap_area / 1e6, gap_pieces);
  out.notes.push_back(buf);
  for (const auto& [code, name] : names) {
    if (!streets.contains(code)) {
      out.notes.push_back(code + " " + name + " has no public boundary and is not drawn");
    }
  }

  std::size_t street_no = 0;
  std::vector<Area> communities;
  for (const auto& [code, shape] : streets) {
    report("communities", street_no++, streets.size());
    out.areas.push_back(make(code, AreaLevel::kStreet, names[code], shape));
    auto pieces = Partition(shape, lattice, kCommunityStep, kCommunityCellM * kCommunityCellM, 0.25);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      std::string seq = Seq(i + 1, 3);
      communities.push_back(make(code.substr(0, 9) + seq, AreaLevel::kCommunity,
                                 names[code] + "第" + Seq(i + 1, 2) + "社区",
                                 std::move(pieces[i].shape)));
    }
  }
  report("communities", streets.size(), streets.size());
  std::vector<Area> grids;
  for (std::size_t k = 0; k < communities.size(); ++k) {
    report("grids", k, communities.size());
    const auto& c = communities[k];
    auto pieces = Partition(c.geometry, lattice, 1, kGridCellM * kGridCellM, 0.1);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      grids.push_back(make(c.code + Seq(i + 1, 3), AreaLevel::kGrid, c.name + "第" + Seq(i + 1, 3) + "网格",
                           std::move(pieces[i].shape)));
    }
  }
  report("grids", communities.size(), communities.size());
  out.notes.push_back(std::to_string(streets.size()) + " streets, " + std::to_string(communities.size()) +
                      " communities, " + std::to_string(grids.size()) + " unit grids");
  for (auto& c : communities) out.areas.push_back(std::move(c));
  for (auto& g : grids) out.areas.push_back(std::move(g));
  return out;
}

}  // namespace onegrid::areas
