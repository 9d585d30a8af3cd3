#include "geo/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace onegrid::geo {

PolygonIndex::PolygonIndex(std::vector<MultiPolygon> polygons, double cells_per_polygon)
    : polygons_(std::move(polygons)) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  extent_ = {inf, inf, -inf, -inf};
  for (const auto& mp : polygons_) {
    boxes_.push_back(BoundsOf(mp));
    const auto& b = boxes_.back();
    extent_.min_lon = std::min(extent_.min_lon, b.min_lon);
    extent_.min_lat = std::min(extent_.min_lat, b.min_lat);
    extent_.max_lon = std::max(extent_.max_lon, b.max_lon);
    extent_.max_lat = std::max(extent_.max_lat, b.max_lat);
  }
  if (polygons_.empty()) return;
  double w = std::max(extent_.max_lon - extent_.min_lon, 1e-9);
  double h = std::max(extent_.max_lat - extent_.min_lat, 1e-9);
  double target = std::clamp(cells_per_polygon * static_cast<double>(polygons_.size()), 1.0, 16e6);
  double side = std::sqrt(w * h / target);
  nx_ = std::max(1, static_cast<int>(std::ceil(w / side)));
  ny_ = std::max(1, static_cast<int>(std::ceil(h / side)));
  cell_w_ = w / nx_;
  cell_h_ = h / ny_;
  std::size_t cells = static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_);
  full_.assign(cells, -1);
  std::vector<std::vector<std::int32_t>> lists(cells);
  for (std::size_t i = 0; i < polygons_.size(); ++i) {
    const auto& b = boxes_[i];
    int x0 = std::clamp(static_cast<int>((b.min_lon - extent_.min_lon) / cell_w_), 0, nx_ - 1);
    int x1 = std::clamp(static_cast<int>((b.max_lon - extent_.min_lon) / cell_w_), 0, nx_ - 1);
    int y0 = std::clamp(static_cast<int>((b.min_lat - extent_.min_lat) / cell_h_), 0, ny_ - 1);
    int y1 = std::clamp(static_cast<int>((b.max_lat - extent_.min_lat) / cell_h_), 0, ny_ - 1);
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        std::size_t c = static_cast<std::size_t>(y) * nx_ + x;
        BBox cell{extent_.min_lon + x * cell_w_, extent_.min_lat + y * cell_h_,
                  extent_.min_lon + (x + 1) * cell_w_, extent_.min_lat + (y + 1) * cell_h_};
        // A cell wholly inside an earlier polygon answers with it; later ones cannot come first.
        if (full_[c] >= 0 || !cell.Intersects(b)) continue;
        if (lists[c].empty() && BoxInside(cell, polygons_[i])) {
          full_[c] = static_cast<std::int32_t>(i);
        } else {
          lists[c].push_back(static_cast<std::int32_t>(i));
        }
      }
    }
  }
  starts_.reserve(cells + 1);
  for (std::size_t c = 0; c < cells; ++c) {
    starts_.push_back(static_cast<std::uint32_t>(items_.size()));
    items_.insert(items_.end(), lists[c].begin(), lists[c].end());  // ascending already
  }
  starts_.push_back(static_cast<std::uint32_t>(items_.size()));
}

int PolygonIndex::Find(LonLat p) const {
  if (nx_ == 0 || !(p.lon >= extent_.min_lon && p.lon <= extent_.max_lon &&
                    p.lat >= extent_.min_lat && p.lat <= extent_.max_lat)) {
    return -1;
  }
  int x = std::min(static_cast<int>((p.lon - extent_.min_lon) / cell_w_), nx_ - 1);
  int y = std::min(static_cast<int>((p.lat - extent_.min_lat) / cell_h_), ny_ - 1);
  std::size_t c = static_cast<std::size_t>(y) * nx_ + x;
  if (full_[c] >= 0) return full_[c];
  for (std::uint32_t k = starts_[c]; k < starts_[c + 1]; ++k) {
    int i = items_[k];
    if (boxes_[i].Contains(p) && Contains(polygons_[i], p)) return i;
  }
  return -1;
}

}  // namespace onegrid::geo
