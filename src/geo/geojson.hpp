// GeoJSON (RFC 7946) in and out for areas: Polygon and MultiPolygon geometries, Features and
// FeatureCollections. Reading checks structure and validity (geo/validate.hpp) and names the
// feature and the fault; a collection is read whole, every bad feature reported at once.
// Writing keeps [lon, lat] order. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "geo/geometry.hpp"

namespace onegrid::geo {

struct Feature {
  std::size_t index = 0;  // position in the collection, from 0
  nlohmann::json properties;
  MultiPolygon geometry;
};

// A Polygon or MultiPolygon geometry object; errors carry `field` (e.g. "features[3].geometry").
// `validate` = false skips the validity check, for geometry this program wrote itself.
core::Result<MultiPolygon> ReadGeometry(const nlohmann::json& geometry, const std::string& field,
                                        bool validate = true);

// A FeatureCollection (or a single Feature). `name_prop` names the property that identifies a
// feature in messages ("feature 4 (410104001000): …"). All faults are listed in details.
core::Result<std::vector<Feature>> ReadFeatureCollection(std::string_view text,
                                                         const std::string& name_prop);

// `exact` keeps every bit of the coordinates (for storage: rounding can make rings touch);
// otherwise they are rounded to 1e-7 degrees (for clients).
nlohmann::json WriteGeometry(const MultiPolygon& mp, bool exact = false);

}  // namespace onegrid::geo
