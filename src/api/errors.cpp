#include "api/errors.hpp"

#include <nlohmann/json.hpp>

namespace onegrid::api {

int HttpStatus(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kOutOfRange:
      return 422;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
  }
  return 500;
}

std::string ErrorBody(const core::Error& error) {
  nlohmann::json e = {{"code", core::ErrorCodeName(error.code)},
                      {"message", error.message},
                      {"field", error.field}};
  if (!error.details.empty()) {
    auto& details = e["details"] = nlohmann::json::array();
    for (const auto& d : error.details) {
      details.push_back({{"field", d.field}, {"message", d.message}});
    }
  }
  return nlohmann::json{{"error", e}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

net::Response ErrorResponse(const core::Error& error) {
  net::Response r;
  r.status = HttpStatus(error.code);
  r.body = ErrorBody(error);
  if (error.code == core::ErrorCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return r;
}

}  // namespace onegrid::api
