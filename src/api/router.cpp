#include "api/router.hpp"

#include "core/result.hpp"

namespace onegrid::api {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(Route route) {
  OG_CHECK(!route.pattern.empty() && route.pattern[0] == '/');
  for (const auto& r : routes_) OG_CHECK(!(r.method == route.method && r.pattern == route.pattern));
  routes_.push_back(std::move(route));
}

std::optional<std::map<std::string, std::string>> Router::MatchPattern(const std::string& pattern,
                                                                       const std::string& path) {
  if (path.empty() || path[0] != '/') return std::nullopt;
  auto want = Split(pattern), got = Split(path);
  if (want.size() != got.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return std::nullopt;
      params[w.substr(1, w.size() - 2)] = got[i];
    } else if (w != got[i]) {
      return std::nullopt;
    }
  }
  return params;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  for (const auto& r : routes_) {
    auto params = MatchPattern(r.pattern, path);
    if (!params) continue;
    if (r.method == method) {
      // A literal segment beats a {param}: "/areas/import" over "/areas/{code}".
      if (m.route == nullptr || params->size() < m.params.size()) {
        m.route = &r;
        m.params = std::move(*params);
      }
    } else {
      m.allowed.push_back(r.method);
    }
  }
  if (m.route != nullptr) m.allowed.clear();
  return m;
}

}  // namespace onegrid::api
