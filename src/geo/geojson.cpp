#include "geo/geojson.hpp"

#include <cmath>

#include "core/json_parse.hpp"
#include "geo/validate.hpp"

namespace onegrid::geo {
namespace {

using nlohmann::json;

core::Result<Ring> ReadRing(const json& j, const std::string& field) {
  if (!j.is_array()) return core::InvalidArgument("a ring must be an array of positions", field);
  Ring ring;
  ring.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& p = j[i];
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      return core::InvalidArgument(
          "position " + std::to_string(i + 1) + " must be [longitude, latitude] numbers", field);
    }
    ring.push_back({p[0].get<double>(), p[1].get<double>()});
  }
  return ring;
}

core::Result<Polygon> ReadPolygon(const json& j, const std::string& field) {
  if (!j.is_array() || j.empty()) {
    return core::InvalidArgument("a polygon must be a non-empty array of rings", field);
  }
  Polygon poly;
  OG_ASSIGN_OR_RETURN(poly.outer, ReadRing(j[0], field + "[0]"));
  for (size_t i = 1; i < j.size(); ++i) {
    OG_ASSIGN_OR_RETURN(Ring hole, ReadRing(j[i], field + "[" + std::to_string(i) + "]"));
    poly.holes.push_back(std::move(hole));
  }
  return poly;
}

std::string FeatureName(const json& feature, size_t index, const std::string& name_prop) {
  std::string name = "feature " + std::to_string(index + 1);
  if (!name_prop.empty() && feature.contains("properties") && feature["properties"].is_object()) {
    auto it = feature["properties"].find(name_prop);
    if (it != feature["properties"].end()) {
      name += " (" + (it->is_string() ? it->get<std::string>() : it->dump()) + ")";
    }
  }
  return name;
}

double Round7(double v) { return std::round(v * 1e7) / 1e7; }

json WriteRing(const Ring& ring, bool exact) {
  json out = json::array();
  for (const auto& p : ring) {
    out.push_back(exact ? json{p.lon, p.lat} : json{Round7(p.lon), Round7(p.lat)});
  }
  return out;
}

json WritePolygon(const Polygon& p, bool exact) {
  json out = json::array({WriteRing(p.outer, exact)});
  for (const auto& h : p.holes) out.push_back(WriteRing(h, exact));
  return out;
}

}  // namespace

core::Result<MultiPolygon> ReadGeometry(const json& g, const std::string& field, bool validate) {
  if (!g.is_object() || !g.contains("type") || !g["type"].is_string()) {
    return core::InvalidArgument("must be a GeoJSON geometry object with a type", field);
  }
  auto type = g["type"].get<std::string>();
  if (!g.contains("coordinates")) return core::InvalidArgument("has no coordinates", field);
  const auto& c = g["coordinates"];
  MultiPolygon mp;
  if (type == "Polygon") {
    OG_ASSIGN_OR_RETURN(Polygon p, ReadPolygon(c, field + ".coordinates"));
    mp.push_back(std::move(p));
  } else if (type == "MultiPolygon") {
    if (!c.is_array() || c.empty()) {
      return core::InvalidArgument("a MultiPolygon needs a non-empty array of polygons", field);
    }
    for (size_t i = 0; i < c.size(); ++i) {
      OG_ASSIGN_OR_RETURN(Polygon p,
                          ReadPolygon(c[i], field + ".coordinates[" + std::to_string(i) + "]"));
      mp.push_back(std::move(p));
    }
  } else {
    return core::InvalidArgument("must be a Polygon or MultiPolygon, not " + type, field);
  }
  if (validate) {
    if (auto fault = ValidationFault(mp)) return core::InvalidArgument(*fault, field);
  }
  return mp;
}

core::Result<std::vector<Feature>> ReadFeatureCollection(std::string_view text,
                                                         const std::string& name_prop) {
  OG_ASSIGN_OR_RETURN(json doc, core::ParseJson(text));
  // The features are read where they lie in the parsed document (a district's grids are many
  // megabytes); their properties are moved out of it.
  json single;
  json* list = nullptr;
  if (core::StringMember(doc, "type") == "FeatureCollection" &&
      doc.contains("features") && doc["features"].is_array()) {
    list = &doc["features"];
  } else if (core::StringMember(doc, "type") == "Feature") {
    single = json::array();
    single.push_back(std::move(doc));
    list = &single;
  } else {
    return core::InvalidArgument("must be a GeoJSON FeatureCollection or Feature");
  }
  json& features = *list;
  std::vector<Feature> out;
  std::vector<core::ErrorDetail> faults;
  for (size_t i = 0; i < features.size(); ++i) {
    auto& f = features[i];
    std::string field = "features[" + std::to_string(i) + "]";
    std::string name = FeatureName(f, i, name_prop);
    if (core::StringMember(f, "type") != "Feature" || !f.contains("geometry")) {
      faults.push_back({field, name + ": must be a Feature with a geometry"});
      continue;
    }
    auto geometry = ReadGeometry(f["geometry"], field + ".geometry");
    if (!geometry) {
      faults.push_back({geometry.error().field, name + ": " + geometry.error().message});
      continue;
    }
    json props = f.contains("properties") && f["properties"].is_object() ? std::move(f["properties"])
                                                                           : json::object();
    out.push_back({i, std::move(props), std::move(*geometry)});
  }
  if (!faults.empty()) {
    core::Error e = core::InvalidArgument(faults[0].message, faults[0].field);
    e.details = std::move(faults);
    return e;
  }
  return out;
}

json WriteGeometry(const MultiPolygon& mp, bool exact) {
  if (mp.size() == 1) return {{"type", "Polygon"}, {"coordinates", WritePolygon(mp[0], exact)}};
  json coords = json::array();
  for (const auto& p : mp) coords.push_back(WritePolygon(p, exact));
  return {{"type", "MultiPolygon"}, {"coordinates", coords}};
}

}  // namespace onegrid::geo
