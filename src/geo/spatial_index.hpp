// An immutable point-in-polygon index over a fixed list of multipolygons (for example the
// district's 20,000 unit grids). A uniform raster over their extent keeps, per cell, either the
// one polygon that wholly contains the cell (answered without any geometry test) or the
// candidates whose bounding boxes meet it, in input order. Find() returns the first polygon in
// input order that contains the point by the half-open crossing rule, so a point on an edge
// shared by two polygons resolves to the same one every time.
// Built once; then read-only and safe to share across threads (shared_ptr<const PolygonIndex>).
#pragma once

#include <cstdint>
#include <vector>

#include "geo/geometry.hpp"

namespace onegrid::geo {

class PolygonIndex {
 public:
  // cells_per_polygon: raster density; 4 gives most lookups a whole-cell answer.
  explicit PolygonIndex(std::vector<MultiPolygon> polygons, double cells_per_polygon = 4);

  // Index of the containing polygon, or -1.
  int Find(LonLat p) const;
  std::size_t size() const { return polygons_.size(); }
  const MultiPolygon& polygon(std::size_t i) const { return polygons_[i]; }
  const BBox& bounds(std::size_t i) const { return boxes_[i]; }

 private:
  std::vector<MultiPolygon> polygons_;
  std::vector<BBox> boxes_;
  BBox extent_{};
  double cell_w_ = 1, cell_h_ = 1;
  int nx_ = 0, ny_ = 0;
  std::vector<std::int32_t> full_;        // per cell: polygon wholly covering it, or -1
  std::vector<std::uint32_t> starts_;     // per cell: first candidate in items_ (CSR), + end
  std::vector<std::int32_t> items_;
};

}  // namespace onegrid::geo
