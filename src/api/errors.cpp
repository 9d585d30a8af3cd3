#include "api/errors.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"

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

namespace {

// A refusal names what the client sent (a field, a parameter, a part): bounded here, so that a
// megabyte of unknown field names or one very long one gets a short answer.
constexpr std::size_t kMaxFieldBytes = 200;
constexpr std::size_t kMaxMessageBytes = 1000;
constexpr std::size_t kMaxDetails = 50;

std::string Cut(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  return std::string(core::CutUtf8(text, max)) + "…";
}

}  // namespace

std::string ErrorBody(const core::Error& error) {
  nlohmann::json e = {{"code", core::ErrorCodeName(error.code)},
                      {"message", Cut(error.message, kMaxMessageBytes)},
                      {"field", Cut(error.field, kMaxFieldBytes)}};
  if (!error.details.empty()) {
    auto& details = e["details"] = nlohmann::json::array();
    for (std::size_t i = 0; i < error.details.size() && i < kMaxDetails; ++i) {
      const auto& d = error.details[i];
      details.push_back({{"field", Cut(d.field, kMaxFieldBytes)}, {"message", Cut(d.message, kMaxMessageBytes)}});
    }
    if (error.details.size() > kMaxDetails) {
      details.push_back({{"field", ""},
                         {"message", "and " + std::to_string(error.details.size() - kMaxDetails) + " more problems"}});
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
