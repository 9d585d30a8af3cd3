// The case routes' requests read into the service's terms: the intake body, an action's body and
// the case list's query. Each answers kInvalidArgument naming every bad field (JsonBody). Pure:
// no store, no clock but the `now` given; fuzzed (fuzz/).
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/http_message.hpp"
#include "service/case_service.hpp"
#include "store/case_repository.hpp"

namespace onegrid::api {

// POST /api/v1/cases (docs/api-cases.md).
core::Result<service::IntakeRequest> ParseIntake(const net::Request& req);
// POST /api/v1/cases/{id}/actions/{action}: the body; `action` from the path.
core::Result<service::ActionRequest> ParseAction(const net::Request& req,
                                                 const std::string& action);
// GET /api/v1/cases: filters, sort, cursor, limit.
core::Result<store::CaseFilter> ParseCaseFilter(const net::Request& req, core::Instant now);

}  // namespace onegrid::api
