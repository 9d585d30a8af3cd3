#include "areas/area_map.hpp"

#include <algorithm>

namespace onegrid::areas {

std::shared_ptr<const AreaMap> AreaMap::Build(std::vector<Area> current) {
  std::shared_ptr<AreaMap> m(new AreaMap());
  std::sort(current.begin(), current.end(),
            [](const Area& a, const Area& b) { return a.code < b.code; });
  m->areas_ = std::move(current);
  for (std::size_t i = 0; i < m->areas_.size(); ++i) {
    const auto& a = m->areas_[i];
    m->by_code_.emplace(a.code, i);
    m->by_parent_[a.parent_code].push_back(i);
    m->by_level_[static_cast<int>(a.level)].push_back(i);
  }
  for (int l = 0; l < kLevelCount; ++l) {
    std::vector<geo::MultiPolygon> polys;
    for (auto i : m->by_level_[l]) polys.push_back(m->areas_[i].geometry);
    m->index_[l] = std::make_unique<geo::PolygonIndex>(std::move(polys));
  }
  return m;
}

const Area* AreaMap::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &areas_[it->second];
}

std::vector<const Area*> AreaMap::Children(std::string_view parent_code) const {
  std::vector<const Area*> out;
  auto it = by_parent_.find(parent_code);
  if (it == by_parent_.end()) return out;
  for (auto i : it->second) out.push_back(&areas_[i]);
  return out;
}

std::vector<const Area*> AreaMap::AtLevel(AreaLevel level) const {
  std::vector<const Area*> out;
  for (auto i : by_level_[static_cast<int>(level)]) out.push_back(&areas_[i]);
  return out;
}

AreaMap::Chain AreaMap::Locate(geo::LonLat p) const {
  Chain chain{};
  // The finest level that holds the point decides; its ancestors follow from the codes, so a
  // point on a street border cannot land in a grid of one street and the other street.
  for (int l = kLevelCount - 1; l >= 0; --l) {
    int hit = index_[l]->Find(p);
    if (hit < 0) continue;
    const Area* a = &areas_[by_level_[l][static_cast<std::size_t>(hit)]];
    while (a != nullptr) {
      chain[static_cast<int>(a->level)] = a;
      a = a->parent_code.empty() ? nullptr : Find(a->parent_code);
    }
    break;
  }
  return chain;
}

}  // namespace onegrid::areas
