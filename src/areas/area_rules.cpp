#include "areas/area_rules.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "geo/measure.hpp"
#include "geo/ops.hpp"

namespace onegrid::areas {
namespace {

std::string Pct(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", share * 100);
  return buf;
}

double BoxOverlapArea(const geo::BBox& a, const geo::BBox& b) {
  double w = std::min(a.max_lon, b.max_lon) - std::max(a.min_lon, b.min_lon);
  double h = std::min(a.max_lat, b.max_lat) - std::max(a.min_lat, b.min_lat);
  return w > 0 && h > 0 ? w * h : 0;
}

}  // namespace

core::Result<void> CheckImport(const std::vector<Area>& incoming, const AreaMap& current,
                               Tolerance tolerance,
                               const std::function<void(std::size_t, std::size_t)>& progress) {
  std::vector<core::ErrorDetail> problems;
  std::map<const Area*, std::size_t> position;
  for (std::size_t i = 0; i < incoming.size(); ++i) position[&incoming[i]] = i;
  const Area* at = nullptr;  // the incoming area being checked
  auto report = [&](const std::string& code, const std::string& message) {
    problems.push_back({"features[" + std::to_string(position[at]) + "]", code + ": " + message});
  };
  // The tree as it would be after the import: incoming areas replace current ones by code.
  std::map<std::string, const Area*> after;
  for (const auto* a : current.AtLevel(AreaLevel::kDistrict)) after[a->code] = a;
  for (int l = 1; l < kLevelCount; ++l) {
    for (const auto* a : current.AtLevel(static_cast<AreaLevel>(l))) after[a->code] = a;
  }
  std::set<std::string> seen;
  for (const auto& a : incoming) {
    at = &a;
    if (auto r = ValidateCode(a.level, a.code, "code"); !r) {
      report(a.code, r.error().message);
      continue;
    }
    if (!seen.insert(a.code).second) {
      report(a.code, "appears more than once in the import");
      continue;
    }
    if (a.name.empty()) report(a.code, "has no name");
    after[a.code] = &a;
  }
  if (!problems.empty()) {
    core::Error e = core::InvalidArgument(problems[0].message, problems[0].field);
    e.details = std::move(problems);
    return e;
  }
  std::map<std::string, std::vector<const Area*>> children;
  for (const auto& [code, a] : after) children[a->parent_code].push_back(a);

  std::size_t done = 0;
  for (const auto& a : incoming) {
    at = &a;
    if (progress) progress(done++, incoming.size());
    // Parent exists and holds the area.
    if (a.level != AreaLevel::kDistrict) {
      auto p = after.find(a.parent_code);
      if (p == after.end() || p->second->level != static_cast<AreaLevel>(static_cast<int>(a.level) - 1)) {
        report(a.code, "its parent " + a.parent_code + " does not exist");
      } else {
        double outside = geo::AreaSquareMeters(geo::Difference(a.geometry, p->second->geometry));
        if (outside > tolerance.fraction * a.area_m2) {
          report(a.code, "lies " + Pct(outside / std::max(a.area_m2, 1e-9)) +
                             " outside its parent " + a.parent_code + " (tolerance " +
                             Pct(tolerance.fraction) + ")");
        }
      }
    }
    // Siblings do not overlap. Each pair is checked once: from the incoming area with the
    // smaller code, or from the incoming one when the other is current.
    auto box = geo::BoundsOf(a.geometry);
    for (const Area* s : children[a.parent_code]) {
      if (s == &a || s->code == a.code) continue;
      if (seen.contains(s->code) && s->code < a.code) continue;
      if (BoxOverlapArea(box, geo::BoundsOf(s->geometry)) <= 0) continue;
      double shared = geo::AreaSquareMeters(geo::Intersection(a.geometry, s->geometry));
      double smaller = std::max(std::min(a.area_m2, s->area_m2), 1e-9);
      if (shared > tolerance.fraction * smaller) {
        report(a.code, "overlaps its sibling " + s->code + " by " + Pct(shared / smaller) +
                           " (tolerance " + Pct(tolerance.fraction) + ")");
      }
    }
    // Current children of a replaced area must still lie inside it.
    for (const Area* c : current.Children(a.code)) {
      if (seen.contains(c->code)) continue;  // replaced too; checked as an incoming area
      double outside = geo::AreaSquareMeters(geo::Difference(c->geometry, a.geometry));
      if (outside > tolerance.fraction * c->area_m2) {
        report(a.code, "the new shape leaves its child " + c->code + " " +
                           Pct(outside / std::max(c->area_m2, 1e-9)) + " outside");
      }
    }
  }
  if (progress) progress(incoming.size(), incoming.size());
  if (problems.empty()) return core::Ok();
  core::Error e = core::InvalidArgument(problems[0].message, problems[0].field);
  e.details = std::move(problems);
  return e;
}

}  // namespace onegrid::areas
