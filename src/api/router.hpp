// Routes: method + path pattern ("/api/v1/areas/{code}") → handler. Matching is by segments;
// a {name} segment captures one decoded segment. The router knows which methods a path allows,
// so a wrong method gets a precise answer. Built once at start-up, then read-only (thread-safe).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "net/http_message.hpp"
#include "service/auth_service.hpp"

namespace onegrid::api {

struct RouteContext {
  net::Request& request;
  std::map<std::string, std::string> params;
  const service::Principal* principal = nullptr;  // set on routes that need a sign-in
};

using RouteHandler = std::function<core::Result<net::Response>(RouteContext&)>;

enum class Access { kPublic, kSignedIn };

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kSignedIn;
  RouteHandler handler;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;  // methods allowed on the path when route is null
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  static std::optional<std::map<std::string, std::string>> MatchPattern(
      const std::vector<std::string>& pattern, const std::vector<std::string_view>& path);
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> patterns_;  // each route's pattern, split once
};

}  // namespace onegrid::api
