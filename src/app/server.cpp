#include "app/server.hpp"

#include <spdlog/spdlog.h>

#include "api/routes.hpp"
#include "app/open_store.hpp"
#include "service/password.hpp"

namespace onegrid::app {

std::string Version() { return ONEGRID_VERSION; }

core::Result<std::unique_ptr<Server>> Server::Open(const core::Config& config,
                                                   const core::Clock& clock) {
  OG_RETURN_IF_ERROR(service::InitCrypto());
  std::unique_ptr<Server> s(new Server(config, clock));
  OG_ASSIGN_OR_RETURN(s->store_, OpenStore(config, clock, &s->metrics_));
  const auto& report = s->store_->migration_report();
  for (const auto& name : report.applied) spdlog::info("applied migration {}", name);
  spdlog::debug("database {} at schema version {}", DatabaseName(config.db), report.to_version);
  s->hasher_ = std::make_unique<service::PasswordHasher>(config.password_hash, config.hash_concurrency);
  s->auth_ = std::make_unique<service::AuthService>(*s->store_, clock, config, *s->hasher_);
  s->users_ = std::make_unique<service::UserService>(
      *s->store_, clock, *s->hasher_,
      accounts::PasswordPolicy{.min_length = static_cast<std::size_t>(config.password_min_length)},
      [auth = s->auth_.get()] { auth->Forget(); });
  s->areas_ = std::make_unique<service::AreaService>(
      *s->store_, clock, areas::Tolerance{.fraction = config.area_tolerance});
  OG_RETURN_IF_ERROR(s->areas_->Load());
  spdlog::debug("map loaded: {} areas", s->areas_->map()->size());
  s->calendar_ = std::make_unique<service::CalendarService>(*s->store_, s->config_, clock);
  OG_RETURN_IF_ERROR(s->calendar_->Load());
  s->sla_ = std::make_unique<service::SlaService>(*s->store_, clock);
  OG_RETURN_IF_ERROR(s->sla_->Load());
  s->deadlines_ = std::make_unique<service::Deadlines>(*s->calendar_, *s->sla_, *s->store_);
  s->routing_ = std::make_unique<service::RoutingService>(*s->store_, *s->areas_, clock);
  OG_RETURN_IF_ERROR(s->routing_->Load());
  s->cases_ = std::make_unique<service::CaseService>(*s->store_, *s->areas_, *s->deadlines_, *s->routing_, clock,
                                                     config.attachment_keep_gps == 1);
  s->timers_ = std::make_unique<service::TimerService>(*s->store_, *s->deadlines_, clock, &s->metrics_);
  s->units_ = std::make_unique<service::UnitService>(*s->store_, *s->areas_, clock);
  s->evaluation_ = std::make_unique<service::EvaluationService>(*s->store_, *s->areas_, clock);
  OG_RETURN_IF_ERROR(s->evaluation_->Load());
  s->calendar_->OnChange([timers = s->timers_.get()] { return timers->RetimeUnknown(); });
  s->subscription_ = s->store_->Subscribe([raw = s.get()](const store::Change& c) { raw->Reload(c); });
  if (!config.web.empty()) {
    OG_ASSIGN_OR_RETURN(s->site_, web::Site::Load(config.web));
    spdlog::info("web console: {} files, {} KiB from {}", s->site_->files(), s->site_->bytes() / 1024, config.web);
  }
  s->api_ = std::make_unique<api::Api>(api::ApiDeps{.store = *s->store_,
                                                    .auth = *s->auth_,
                                                    .users = *s->users_,
                                                    .areas = *s->areas_,
                                                    .cases = *s->cases_,
                                                    .calendar = *s->calendar_,
                                                    .sla = *s->sla_,
                                                    .deadlines = *s->deadlines_,
                                                    .units = *s->units_,
                                                    .routing = *s->routing_,
                                                    .evaluation = *s->evaluation_,
                                                    .attachment_max_bytes = config.attachment_max_bytes,
                                                    .metrics = s->metrics_,
                                                    .metrics_access = config.metrics_access,
                                                    .metrics_token = config.metrics_token,
                                                    .clock = clock,
                                                    .version = Version(),
                                                    .site = s->site_.get(),
                                                    .tiles = {.url = config.map_tile_url,
                                                              .crs = config.map_tile_crs,
                                                              .attribution = config.map_tile_attribution,
                                                              .max_zoom = config.map_tile_max_zoom}});
  return s;
}

Server::~Server() { Shutdown(); }

core::Result<unsigned short> Server::Start() {
  OG_ASSIGN_OR_RETURN(auto hp, core::ParseHostPort(config_.listen, "server.listen"));
  auto proxies = core::ParseIpNetworks(config_.trusted_proxies, "server.trusted_proxies");
  if (!proxies) return std::move(proxies).error();
  auto* api = api_.get();
  http_ = std::make_unique<net::HttpServer>(
      net::HttpServer::Options{.host = hp.host,
                               .port = hp.port,
                               .io_threads = config_.io_threads,
                               .workers = config_.workers,
                               .body_limit = config_.body_limit,
                               .header_limit = config_.header_limit,
                               .max_connections = config_.max_connections,
                               .header_timeout = config_.header_timeout,
                               .body_timeout = config_.body_timeout,
                               .body_min_rate = config_.body_min_rate,
                               .idle_timeout = config_.idle_timeout,
                               .body_limit_for = api::UploadBodyLimit(config_.attachment_max_bytes),
                               .admit = [api](net::Request& head) { return api->Admit(head); },
                               .upgrade = [api](net::Request& r, net::Response& refusal) {
                                 return api->Upgrade(r, refusal);
                               },
                               .metrics = &metrics_,
                               .trusted_proxies = std::move(*proxies)},
      [api](net::Request& r) { return api->Handle(r); },
      [api](const core::Error& e, const net::Request& r) { return api->HandleError(e, r); });
  OG_ASSIGN_OR_RETURN(unsigned short port, http_->Start());
  maintenance_ = std::make_unique<service::Maintenance>(*store_, clock_);
  maintenance_->Start(std::chrono::hours(1));
  // Files and flags allow 1 s to 1 h; zero, set in code by tests that tick by hand, starts no
  // ticking thread, so that none races the test's own ticks.
  if (config_.timer_interval.count() > 0) timers_->Start(config_.timer_interval);
  return port;
}

void Server::Reload(const store::Change& change) {
  if (change.here || change.topic == "case" || change.topic == "units") return;  // nothing kept
  if (change.topic == "users") {  // an account disabled, regranted or its password changed there
    auth_->Forget();
    return;
  }
  bool all = change.topic == "resync";
  if (all) auth_->Forget();
  spdlog::info("another server changed {}: loading it again", change.topic);
  std::vector<std::pair<const char*, std::function<core::Result<void>()>>> loads;
  if (all || change.topic == "areas") loads.emplace_back("the map", [this] { return areas_->Load(); });
  if (all || change.topic == "calendar") loads.emplace_back("the calendar", [this] { return calendar_->Load(); });
  if (all || change.topic == "sla") loads.emplace_back("the SLA policies", [this] { return sla_->Load(); });
  if (all || change.topic == "routing") loads.emplace_back("the routing rules", [this] { return routing_->Load(); });
  if (all || change.topic == "evaluation") loads.emplace_back("the evaluation schemes", [this] { return evaluation_->Load(); });
  for (const auto& [what, load] : loads) {
    if (auto r = load(); !r) spdlog::error("cannot load {} again: {}", what, r.error().message);
  }
}

void Server::Shutdown() {
  if (subscription_ != 0 && store_) {
    store_->Unsubscribe(subscription_);
    subscription_ = 0;
  }
  if (timers_) timers_->Stop();
  if (maintenance_) {
    maintenance_->Stop();
    maintenance_.reset();
  }
  if (http_) {
    if (api_) api_->StopStreams();  // no stream client may outlive the HTTP server
    http_->Shutdown(config_.shutdown_grace);
    http_.reset();
  }
  if (store_) store_->Close();
}

}  // namespace onegrid::app
