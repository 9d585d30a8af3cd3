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
  m->parent_.assign(m->areas_.size(), -1);
  for (std::size_t i = 0; i < m->areas_.size(); ++i) {
    auto it = m->by_code_.find(m->areas_[i].parent_code);
    if (!m->areas_[i].parent_code.empty() && it != m->by_code_.end()) {
      m->parent_[i] = static_cast<std::int64_t>(it->second);
    }
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
    for (auto i = static_cast<std::int64_t>(by_level_[l][static_cast<std::size_t>(hit)]); i >= 0;
         i = parent_[static_cast<std::size_t>(i)]) {
      const Area* a = &areas_[static_cast<std::size_t>(i)];
      chain[static_cast<int>(a->level)] = a;
    }
    break;
  }
  return chain;
}

}  // namespace onegrid::areas
