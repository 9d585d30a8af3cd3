// Route registration, one function per resource family; each lives in its own routes_*.cpp.
#pragma once

#include "api/api.hpp"
#include "api/params.hpp"
#include "api/router.hpp"

#include <nlohmann/json.hpp>

namespace onegrid::api {

void AddSystemRoutes(Router& router, ApiDeps& deps);
void AddSessionRoutes(Router& router, ApiDeps& deps);
void AddUserRoutes(Router& router, ApiDeps& deps);
void AddAreaRoutes(Router& router, ApiDeps& deps);
void AddCaseRoutes(Router& router, ApiDeps& deps);
void AddDeadlineRoutes(Router& router, ApiDeps& deps);
void AddUnitRoutes(Router& router, ApiDeps& deps);
void AddRoutingRoutes(Router& router, ApiDeps& deps);
void AddEvaluationRoutes(Router& router, ApiDeps& deps);

// The body limit of the attachment route, for net::HttpServer::Options::body_limit_for.
std::function<std::size_t(const std::string&, const std::string&)> UploadBodyLimit(std::size_t max_file);

// Helpers shared by route files.
net::Response JsonResponse(int status, const nlohmann::json& body);
nlohmann::json UserJson(const accounts::User& user);
// ?version= of a versioned rule document: 0 when absent (the one in force); kInvalidArgument or
// kNotFound (field "version") for a bad or unknown one.
core::Result<int> VersionParam(const net::Request& req, const std::function<bool(int)>& exists,
                               std::string_view what);
// PUT of a whole versioned rule document, body {"note", "set"}: `replace` stores the set and
// answers the stored version's number; a bad field of the set is named "set.<field>".
using ReplaceSet = std::function<core::Result<int>(const nlohmann::json& set, const std::string& note)>;
core::Result<int> ReplaceRuleSet(const RouteContext& ctx, const ReplaceSet& replace);
// {"items": [{version, created_at, created_by, note}]}
nlohmann::json VersionsJson(const std::vector<store::RuleVersion>& versions);
nlohmann::json RoutingSuggestionJson(const service::RoutingSuggestion& s);
// kPermissionDenied unless the principal holds `role`.
core::Result<void> RequireRole(const RouteContext& ctx, accounts::Role role);
// What the signed-in administrator manages (service/admin_scope.hpp); kPermissionDenied for a
// principal without an admin grant.
core::Result<service::AdminScope> AdminOf(const RouteContext& ctx, ApiDeps& deps);
// kPermissionDenied unless the principal administers the whole district (the map, the calendar,
// SLA policies, routing rules and evaluation schemes hold for all of it).
core::Result<void> RequireDistrictAdmin(const RouteContext& ctx, ApiDeps& deps);

}  // namespace onegrid::api
