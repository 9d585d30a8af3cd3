// The one table that maps core::ErrorCode to an HTTP status, and the JSON error body every
// route answers with: {"error":{"code","message","field"[,"details"]}}.
#pragma once

#include <string>

#include "core/error.hpp"
#include "net/http_message.hpp"

namespace onegrid::api {

int HttpStatus(core::ErrorCode code);
std::string ErrorBody(const core::Error& error);
net::Response ErrorResponse(const core::Error& error);

}  // namespace onegrid::api
