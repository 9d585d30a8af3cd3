// Wiring of one onegrid process: opens the store (applying migrations), builds the services
// and the API in dependency order, and serves HTTP; tears down in reverse. Used by the
// `serve` and `demo` commands and by the end-to-end tests, which start it on port 0.
#pragma once

#include <memory>
#include <string>

#include "api/api.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "net/http_server.hpp"
#include "service/area_service.hpp"
#include "service/auth_service.hpp"
#include "service/case_service.hpp"
#include "service/evaluation_service.hpp"
#include "service/routing_service.hpp"
#include "service/maintenance.hpp"
#include "service/timer_service.hpp"
#include "service/user_service.hpp"
#include "store_sql/database.hpp"
#include "web/site.hpp"

namespace onegrid::app {

std::string Version();

class Server {
 public:
  // Opens the database and builds everything; nothing listens yet.
  static core::Result<std::unique_ptr<Server>> Open(const core::Config& config,
                                                    const core::Clock& clock);
  ~Server();

  // Starts listening; returns the bound port (config.listen may name port 0).
  core::Result<unsigned short> Start();
  // Graceful: stop accepting, finish in-flight requests, then commit and close the database.
  void Shutdown();

  store::Store& store() { return *store_; }
  service::UserService& users() { return *users_; }
  service::AuthService& auth() { return *auth_; }
  service::AreaService& areas() { return *areas_; }
  service::CaseService& cases() { return *cases_; }
  service::CalendarService& calendar() { return *calendar_; }
  service::SlaService& sla() { return *sla_; }
  service::TimerService& timers() { return *timers_; }
  service::Deadlines& deadlines() { return *deadlines_; }
  service::UnitService& units() { return *units_; }
  service::RoutingService& routing() { return *routing_; }
  service::EvaluationService& evaluation() { return *evaluation_; }
  core::Registry& metrics() { return metrics_; }
  api::Api& api() { return *api_; }
  service::Maintenance* maintenance() { return maintenance_.get(); }  // null until Start()

 private:
  Server(const core::Config& config, const core::Clock& clock) : config_(config), clock_(clock) {}
  // Another server on the same database changed what this one keeps in memory: load it again.
  void Reload(const store::Change& change);

  core::Config config_;
  const core::Clock& clock_;
  core::Registry metrics_;
  std::unique_ptr<store_sql::Database> store_;
  std::unique_ptr<service::PasswordHasher> hasher_;
  std::unique_ptr<service::AuthService> auth_;
  std::unique_ptr<service::UserService> users_;
  std::unique_ptr<service::AreaService> areas_;
  std::unique_ptr<service::CalendarService> calendar_;
  std::unique_ptr<service::SlaService> sla_;
  std::unique_ptr<service::Deadlines> deadlines_;
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::TimerService> timers_;
  std::unique_ptr<service::UnitService> units_;
  std::unique_ptr<service::RoutingService> routing_;
  std::unique_ptr<service::EvaluationService> evaluation_;
  std::unique_ptr<web::Site> site_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<service::Maintenance> maintenance_;
  std::unique_ptr<net::HttpServer> http_;
  std::int64_t subscription_ = 0;
};

}  // namespace onegrid::app
