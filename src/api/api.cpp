#include "api/api.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "api/errors.hpp"
#include "api/routes.hpp"
#include "api/stream.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& api_documents();
}  // namespace onegrid::embedded

namespace onegrid::api {

std::string_view OpenApiDocument() {
  for (const auto& [name, bytes] : embedded::api_documents()) {
    if (name == "openapi.json") return bytes;
  }
  return {};
}

Api::Api(ApiDeps deps) : deps_(std::move(deps)) {
  AddSystemRoutes(router_, deps_);
  AddSessionRoutes(router_, deps_);
  AddUserRoutes(router_, deps_);
  AddAreaRoutes(router_, deps_);
  AddCaseRoutes(router_, deps_);
  AddDeadlineRoutes(router_, deps_);
  AddUnitRoutes(router_, deps_);
  AddRoutingRoutes(router_, deps_);
  AddEvaluationRoutes(router_, deps_);
  // Without the upgrade headers the stream's path is a plain request: say how to connect.
  router_.Add({"GET", "/api/v1/stream", Access::kSignedIn, [](RouteContext&) -> core::Result<net::Response> {
                 return core::InvalidArgument("connect with a WebSocket (Upgrade: websocket)", "Upgrade");
               }});
  stream_ = std::make_unique<StreamHub>(deps_);
}

Api::~Api() = default;

int Api::stream_clients() const { return stream_->clients(); }

void Api::StopStreams() { stream_->Stop(); }

void Api::PostToStreamPump(std::function<void()> job) { stream_->Post(std::move(job)); }

std::optional<net::WebSocketHandler> Api::Upgrade(net::Request& request, net::Response& refusal) {
  auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (request.method != "GET" || request.path != "/api/v1/stream") {
    refusal = ErrorResponse(core::NotFound("no WebSocket is served on " + request.path + "; connect to /api/v1/stream"));
    Observe(request, "(websocket)", refusal.status, seconds(), nullptr);
    return std::nullopt;
  }
  auto handler = stream_->Open(request);
  if (!handler) {
    refusal = ErrorResponse(handler.error());
    Observe(request, "/api/v1/stream", refusal.status, seconds(), nullptr);
    return std::nullopt;
  }
  Observe(request, "/api/v1/stream", 101, seconds(), nullptr);
  return std::move(*handler);
}

net::Response Api::HandleError(const core::Error& error, const net::Request& request) {
  auto res = ErrorResponse(error);
  Observe(request, "(protocol)", res.status, 0, nullptr);
  return res;
}

namespace {

// What a user whose password was reset may do before choosing a new one.
bool WhileMustChangePassword(const std::string& method, const std::string& route) {
  return (method == "GET" && route == "/api/v1/me") || (method == "POST" && route == "/api/v1/me/password") ||
         (method == "DELETE" && route == "/api/v1/session");
}

}  // namespace

net::Response Api::Handle(net::Request& request) {
  auto start = std::chrono::steady_clock::now();
  auto match = router_.Find(request.method, request.path);
  std::optional<service::Principal> principal;
  std::string route_name = "(unmatched)";
  net::Response res = [&]() -> net::Response {
    if (match.route == nullptr) {
      // Everything outside the API's own paths is the web console's (history-mode routes too).
      if (deps_.site != nullptr && request.method == "GET" && request.path.rfind("/api/", 0) != 0) {
        if (auto page = deps_.site->Serve(request)) {
          route_name = "(web)";
          return std::move(*page);
        }
      }
      if (match.allowed.empty()) {
        return ErrorResponse(core::NotFound("no route for " + request.method + " " + request.path));
      }
      std::string allowed;
      for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
      auto r = ErrorResponse(core::NotFound(request.method + " is not served on " +
                                            request.path + "; allowed: " + allowed));
      r.headers.emplace_back("Allow", allowed);
      return r;
    }
    route_name = match.route->pattern;
    RouteContext ctx{request, std::move(match.params), nullptr};
    if (match.route->access == Access::kSignedIn) {
      auto who = Authenticate(request);
      if (!who) return ErrorResponse(who.error());
      principal = std::move(*who);
      ctx.principal = &*principal;
      // A password an administrator reset must be replaced before anything else is done.
      if (principal->user.must_change_password && !WhileMustChangePassword(request.method, route_name)) {
        return ErrorResponse(core::PermissionDenied(
            "your password was reset by an administrator: choose a new one first (POST /api/v1/me/password)"));
      }
    }
    auto result = match.route->handler(ctx);
    if (!result) return ErrorResponse(result.error());
    return std::move(*result);
  }();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Observe(request, route_name, res.status, seconds, principal ? &*principal : nullptr);
  return res;
}

core::Result<service::Principal> Api::Authenticate(const net::Request& request) {
  auto header = request.Header("Authorization");
  if (!header) return core::Unauthenticated("sign in first: send Authorization: Bearer <token>");
  constexpr std::string_view kBearer = "Bearer ";
  if (header->size() <= kBearer.size() || header->substr(0, kBearer.size()) != kBearer) {
    return core::Unauthenticated("the Authorization header must be \"Bearer <token>\"");
  }
  return deps_.auth.Authenticate(std::string(header->substr(kBearer.size())));
}

std::optional<net::Response> Api::Admit(net::Request& head) {
  auto match = router_.Find(head.method, head.path);
  if (match.route == nullptr || match.route->access != Access::kSignedIn) return std::nullopt;
  auto who = Authenticate(head);
  if (who) return std::nullopt;
  auto res = ErrorResponse(who.error());
  Observe(head, match.route->pattern, res.status, 0, nullptr);
  return res;
}

namespace {

// Metric labels come from closed sets only: a client may send any method it likes.
std::string_view MethodLabel(const std::string& method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return m;
  }
  return "OTHER";
}

}  // namespace

void Api::Observe(const net::Request& request, const std::string& route, int status,
                  double seconds, const service::Principal* principal) {
  deps_.metrics
      .GetCounter("onegrid_http_requests_total", "HTTP requests answered",
                  {{"method", std::string(MethodLabel(request.method))}, {"route", route}, {"status", std::to_string(status)}})
      ->Add();
  deps_.metrics
      .GetHistogram("onegrid_http_request_duration_seconds", "time to handle one request",
                    core::LatencyBuckets(),
                    {{"method", std::string(MethodLabel(request.method))}, {"route", route}, {"status", std::to_string(status)}})
      ->Observe(seconds);
  // A 503 is the server shedding load on purpose (busy, at a limit): a warning, not an error.
  auto level = status == 503 ? spdlog::level::warn : status >= 500 ? spdlog::level::err : spdlog::level::info;
  spdlog::log(level, "request {} {} {} {} {:.1f}ms user={} from={}{}", request.request_id,
              request.method, request.path, status, seconds * 1000,
              principal ? principal->user.username : "-", request.remote_address,
              request.scheme == "https" ? " https" : "");
}

}  // namespace onegrid::api
