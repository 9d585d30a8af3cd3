#include "service/area_service.hpp"

#include <map>

#include "geo/measure.hpp"
#include "geo/ops.hpp"

namespace onegrid::service {

AreaService::AreaService(store::Store& store, const core::Clock& clock, areas::Tolerance tolerance)
    : store_(store), clock_(clock), tolerance_(tolerance), map_(areas::AreaMap::Build({})) {}

core::Result<void> AreaService::Load() {
  OG_ASSIGN_OR_RETURN(auto current, store_.areas().LoadCurrent());
  map_.Store(areas::AreaMap::Build(std::move(current)));
  return core::Ok();
}

core::Result<AreaImportReport> AreaService::Import(const AreaImportRequest& request,
                                                   const ImportProgress& progress) {
  std::vector<areas::Area> out;
  std::vector<core::ErrorDetail> problems;
  for (const auto& f : request.features) {
    std::string at = "features[" + std::to_string(f.index) + "]";
    auto prop = [&](const std::string& key) -> std::string {
      auto it = f.properties.find(key);
      if (it == f.properties.end() || it->is_null()) return "";
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    areas::Area a;
    a.code = prop(request.code_prop);
    a.name = prop(request.name_prop);
    a.level = request.level;
    if (a.code.empty()) {
      problems.push_back({at + ".properties." + request.code_prop,
                          "feature " + std::to_string(f.index + 1) + " has no \"" +
                              request.code_prop + "\" property"});
      continue;
    }
    if (auto r = areas::ValidateCode(a.level, a.code, at + ".properties." + request.code_prop); !r) {
      problems.push_back({r.error().field, r.error().message});
      continue;
    }
    if (a.name.empty()) {
      problems.push_back({at + ".properties." + request.name_prop,
                          a.code + ": has no \"" + request.name_prop + "\" property"});
      continue;
    }
    a.parent_code = areas::ParentCode(a.level, a.code);
    a.geometry = geo::ToWgs84(f.geometry, request.crs);
    out.push_back(std::move(a));
  }
  if (!problems.empty()) {
    core::Error e = core::InvalidArgument(problems[0].message, problems[0].field);
    e.details = std::move(problems);
    return e;
  }
  return ImportAreas(std::move(out), progress);
}

core::Result<AreaImportReport> AreaService::ImportAreas(std::vector<areas::Area> incoming,
                                                        const ImportProgress& progress) {
  if (incoming.empty()) return core::InvalidArgument("the import holds no area", "features");
  for (auto& a : incoming) {
    a.geometry = geo::Normalized(a.geometry);
    a.area_m2 = geo::AreaSquareMeters(a.geometry);
  }
  std::lock_guard lock(import_mu_);
  auto current = map_.Load();
  OG_RETURN_IF_ERROR(areas::CheckImport(incoming, *current, tolerance_,
                                        [&](std::size_t done, std::size_t total) {
                                          if (progress) progress("checking", done, total);
                                        }));
  if (progress) progress("writing", 0, incoming.size());
  OG_ASSIGN_OR_RETURN(auto counts, store_.areas().Import(incoming, clock_.Now()));
  if (progress) progress("writing", incoming.size(), incoming.size());
  // The new snapshot: the current areas with the imported ones in their place.
  std::map<std::string, areas::Area> next;
  for (int l = 0; l < areas::kLevelCount; ++l) {
    for (const auto* a : current->AtLevel(static_cast<areas::AreaLevel>(l))) next[a->code] = *a;
  }
  AreaImportReport report{incoming.size(), counts};
  for (auto& a : incoming) next[a.code] = std::move(a);
  std::vector<areas::Area> all;
  all.reserve(next.size());
  for (auto& [code, a] : next) all.push_back(std::move(a));
  map_.Store(areas::AreaMap::Build(std::move(all)));
  return report;
}

core::Result<AreaService::Location> AreaService::Locate(geo::LonLat point, geo::Crs crs) const {
  Location loc;
  loc.wgs84 = geo::ToWgs84(point, crs);
  loc.chain = map_.Load()->Locate(loc.wgs84);
  if (loc.chain[0] == nullptr && loc.chain[1] == nullptr && loc.chain[2] == nullptr &&
      loc.chain[3] == nullptr) {
    return core::NotFound("the point lies outside the district");
  }
  return loc;
}

}  // namespace onegrid::service
