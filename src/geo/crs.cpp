#include "geo/crs.hpp"

#include <cmath>

namespace onegrid::geo {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kXPi = kPi * 3000.0 / 180.0;
constexpr double kA = 6378245.0;               // Krasovsky 1940 semi-major axis, as GCJ-02 uses
constexpr double kEe = 0.00669342162296594323;  // its first eccentricity squared

double TransformLat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double TransformLon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

template <typename Forward>
LonLat Invert(LonLat target, Forward forward) {
  // Fixed-point iteration: the offsets vary slowly, so each step shrinks the error ~1000-fold.
  LonLat guess = target;
  for (int i = 0; i < 30; ++i) {
    LonLat f = forward(guess);
    double dlon = f.lon - target.lon, dlat = f.lat - target.lat;
    guess.lon -= dlon;
    guess.lat -= dlat;
    if (std::abs(dlon) < 1e-12 && std::abs(dlat) < 1e-12) break;
  }
  return guess;
}

MultiPolygon MapPoints(const MultiPolygon& mp, LonLat (*f)(LonLat, Crs), Crs crs) {
  MultiPolygon out = mp;
  for (auto& poly : out) {
    for (auto& p : poly.outer) p = f(p, crs);
    for (auto& h : poly.holes) {
      for (auto& p : h) p = f(p, crs);
    }
  }
  return out;
}

}  // namespace

std::optional<Crs> ParseCrs(std::string_view name) {
  if (name == "wgs84") return Crs::kWgs84;
  if (name == "gcj02") return Crs::kGcj02;
  if (name == "bd09") return Crs::kBd09;
  return std::nullopt;
}

std::string_view CrsName(Crs crs) {
  switch (crs) {
    case Crs::kWgs84:
      return "wgs84";
    case Crs::kGcj02:
      return "gcj02";
    case Crs::kBd09:
      return "bd09";
  }
  return "wgs84";
}

bool OutOfChina(LonLat p) {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

LonLat Wgs84ToGcj02(LonLat p) {
  if (OutOfChina(p)) return p;
  double dlat = TransformLat(p.lon - 105.0, p.lat - 35.0);
  double dlon = TransformLon(p.lon - 105.0, p.lat - 35.0);
  double radlat = p.lat / 180.0 * kPi;
  double magic = std::sin(radlat);
  magic = 1 - kEe * magic * magic;
  double sqrtmagic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEe)) / (magic * sqrtmagic) * kPi);
  dlon = (dlon * 180.0) / (kA / sqrtmagic * std::cos(radlat) * kPi);
  return {p.lon + dlon, p.lat + dlat};
}

LonLat Gcj02ToWgs84(LonLat p) {
  if (OutOfChina(p)) return p;
  return Invert(p, Wgs84ToGcj02);
}

LonLat Gcj02ToBd09(LonLat p) {
  double z = std::sqrt(p.lon * p.lon + p.lat * p.lat) + 0.00002 * std::sin(p.lat * kXPi);
  double theta = std::atan2(p.lat, p.lon) + 0.000003 * std::cos(p.lon * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat Bd09ToGcj02(LonLat p) { return Invert(p, Gcj02ToBd09); }

LonLat ToWgs84(LonLat p, Crs from) {
  switch (from) {
    case Crs::kWgs84:
      return p;
    case Crs::kGcj02:
      return Gcj02ToWgs84(p);
    case Crs::kBd09:
      return Gcj02ToWgs84(Bd09ToGcj02(p));
  }
  return p;
}

LonLat FromWgs84(LonLat p, Crs to) {
  switch (to) {
    case Crs::kWgs84:
      return p;
    case Crs::kGcj02:
      return Wgs84ToGcj02(p);
    case Crs::kBd09:
      return Gcj02ToBd09(Wgs84ToGcj02(p));
  }
  return p;
}

MultiPolygon ToWgs84(const MultiPolygon& mp, Crs from) {
  return from == Crs::kWgs84 ? mp : MapPoints(mp, static_cast<LonLat (*)(LonLat, Crs)>(ToWgs84), from);
}

MultiPolygon FromWgs84(const MultiPolygon& mp, Crs to) {
  return to == Crs::kWgs84 ? mp
                           : MapPoints(mp, static_cast<LonLat (*)(LonLat, Crs)>(FromWgs84), to);
}

}  // namespace onegrid::geo
