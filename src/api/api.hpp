// The HTTP face of onegrid: builds the routing table, authenticates bearer tokens, turns
// Result errors into the one error model, records per-route metrics and writes the access log
// with the request id. Handle() is what net::HttpServer calls, on a worker thread.
// Thread-safe after construction.
#pragma once

#include <memory>
#include <optional>

#include "api/router.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "net/http_message.hpp"
#include "net/websocket.hpp"
#include "service/area_service.hpp"
#include "service/calendar_service.hpp"
#include "service/deadlines.hpp"
#include "service/evaluation_service.hpp"
#include "service/routing_service.hpp"
#include "service/sla_service.hpp"
#include "service/unit_service.hpp"
#include "service/auth_service.hpp"
#include "service/case_service.hpp"
#include "service/user_service.hpp"
#include "store/store.hpp"
#include "web/site.hpp"

namespace onegrid::api {

struct ApiDeps {
  store::Store& store;
  service::AuthService& auth;
  service::UserService& users;
  service::AreaService& areas;
  service::CaseService& cases;
  service::CalendarService& calendar;
  service::SlaService& sla;
  service::Deadlines& deadlines;
  service::UnitService& units;
  service::RoutingService& routing;
  service::EvaluationService& evaluation;
  std::size_t attachment_max_bytes = 10 << 20;
  core::Registry& metrics;
  // Who may read /metrics (core::Config::metrics_access): "loopback", "token" or "any".
  std::string metrics_access = "loopback";
  std::string metrics_token;
  const core::Clock& clock;
  std::string version;
  // The web console served at / (web/site.hpp); null: the API only.
  const web::Site* site = nullptr;
  // The console's map tiles (GET /api/v1/console); an empty url: none.
  struct Tiles {
    std::string url, crs = "wgs84", attribution;
    int max_zoom = 18;
  } tiles;
};

class Api {
 public:
  explicit Api(ApiDeps deps);

  ~Api();
  net::Response Handle(net::Request& request);
  // Before a large body is read (net::HttpServer::Options::admit): 401 for a route that needs a
  // sign-in when the request's bearer token is not accepted; nullopt lets the body come.
  std::optional<net::Response> Admit(net::Request& head);
  // A WebSocket upgrade (net::HttpServer::Options::upgrade): GET /api/v1/stream (stream.hpp);
  // anything else is refused with the error model's answer in `refusal`.
  std::optional<net::WebSocketHandler> Upgrade(net::Request& request, net::Response& refusal);
  int stream_clients() const;
  // Closes the streams' clients and stops their pump: before the HTTP server stops.
  void StopStreams();
  // Runs `job` on the stream pump's thread before its next turn (stream.hpp).
  void PostToStreamPump(std::function<void()> job);
  // For protocol-level errors raised by the server before a route is known.
  net::Response HandleError(const core::Error& error, const net::Request& request);

  const Router& router() const { return router_; }

 private:
  core::Result<service::Principal> Authenticate(const net::Request& request);
  void Observe(const net::Request& request, const std::string& route, int status,
               double seconds, const service::Principal* principal);

  ApiDeps deps_;
  Router router_;
  std::unique_ptr<class StreamHub> stream_;  // after deps_: stopped before they go
};

// The OpenAPI 3 document served at /api/v1/openapi.json.
std::string_view OpenApiDocument();

}  // namespace onegrid::api
