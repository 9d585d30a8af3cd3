// Coordinate systems met in China: WGS84 (GPS, Tianditu; CGCS2000 treated as equal at this
// scale), GCJ-02 (the state-mandated offset used by AMap, Tencent and most phones) and BD-09
// (Baidu, a further offset on GCJ-02). The forward transforms are the published formulas; the
// inverses are solved iteratively to well under 0.1 m. Outside mainland China GCJ-02 equals
// WGS84. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "geo/geometry.hpp"

namespace onegrid::geo {

enum class Crs { kWgs84, kGcj02, kBd09 };

std::optional<Crs> ParseCrs(std::string_view name);  // "wgs84", "gcj02", "bd09"
std::string_view CrsName(Crs crs);

LonLat Wgs84ToGcj02(LonLat p);
LonLat Gcj02ToWgs84(LonLat p);
LonLat Gcj02ToBd09(LonLat p);
LonLat Bd09ToGcj02(LonLat p);

LonLat ToWgs84(LonLat p, Crs from);
LonLat FromWgs84(LonLat p, Crs to);
MultiPolygon ToWgs84(const MultiPolygon& mp, Crs from);
MultiPolygon FromWgs84(const MultiPolygon& mp, Crs to);

// The rough box inside which GCJ-02 applies an offset.
bool OutOfChina(LonLat p);

}  // namespace onegrid::geo
