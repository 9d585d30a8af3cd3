#include "api/router.hpp"

#include "core/result.hpp"

namespace onegrid::api {
namespace {

// The segments of "/a/b/c" (the path must start with '/').
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(Route route) {
  OG_CHECK(!route.pattern.empty() && route.pattern[0] == '/');
  for (const auto& r : routes_) OG_CHECK(!(r.method == route.method && r.pattern == route.pattern));
  auto segments = Split(route.pattern);
  patterns_.emplace_back(segments.begin(), segments.end());
  routes_.push_back(std::move(route));
}

std::optional<std::map<std::string, std::string>> Router::MatchPattern(
    const std::vector<std::string>& want, const std::vector<std::string_view>& got) {
  if (want.size() != got.size()) return std::nullopt;
  for (size_t i = 0; i < want.size(); ++i) {  // literal segments first: no map for a miss
    const auto& w = want[i];
    bool param = w.size() > 2 && w.front() == '{' && w.back() == '}';
    if (param ? got[i].empty() : w != got[i]) return std::nullopt;
  }
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      params[w.substr(1, w.size() - 2)] = std::string(got[i]);
    }
  }
  return params;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  if (path.empty() || path[0] != '/') return m;
  auto got = Split(path);
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& r = routes_[i];
    auto params = MatchPattern(patterns_[i], got);
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
