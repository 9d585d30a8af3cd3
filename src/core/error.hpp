// The error model shared by every component: a closed set of codes (abseil's canonical list,
// plus payload_too_large, which HTTP needs and abseil folds into resource_exhausted), a message
// for people, the dotted path of the offending request field, and optional further problems.
// Values only; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace onegrid::core {

enum class ErrorCode {
  kInvalidArgument,     // malformed or wrong input (400)
  kUnauthenticated,     // no valid credentials (401)
  kPermissionDenied,    // role or scope forbids (403)
  kNotFound,            // no such thing, or its existence must not leak (404)
  kAlreadyExists,       // a unique thing exists already (409)
  kFailedPrecondition,  // the thing's state does not allow the action (409)
  kAborted,             // a concurrent change won: stale version, idempotency conflict (409)
  kPayloadTooLarge,     // request larger than the configured limit (413)
  kOutOfRange,          // well-formed but outside what the service covers (422)
  kResourceExhausted,   // throttled or quota used up (429)
  kInternal,            // a broken invariant or an unexpected library failure (500)
  kUnavailable,         // the database or a dependency cannot answer now (503)
};

// Wire name, e.g. "invalid_argument".
std::string_view ErrorCodeName(ErrorCode code);

struct ErrorDetail {
  std::string field;
  std::string message;
  bool operator==(const ErrorDetail&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;                 // dotted path into the request, may be empty
  std::vector<ErrorDetail> details;  // further problems of the same request

  bool operator==(const Error&) const = default;
};

inline Error InvalidArgument(std::string message, std::string field = {}) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(field), {}};
}
inline Error NotFound(std::string message, std::string field = {}) {
  return {ErrorCode::kNotFound, std::move(message), std::move(field), {}};
}
inline Error AlreadyExists(std::string message, std::string field = {}) {
  return {ErrorCode::kAlreadyExists, std::move(message), std::move(field), {}};
}
inline Error FailedPrecondition(std::string message, std::string field = {}) {
  return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field), {}};
}
inline Error Aborted(std::string message, std::string field = {}) {
  return {ErrorCode::kAborted, std::move(message), std::move(field), {}};
}
inline Error Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message), {}, {}};
}
inline Error PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message), {}, {}};
}
inline Error ResourceExhausted(std::string message) {
  return {ErrorCode::kResourceExhausted, std::move(message), {}, {}};
}
inline Error Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message), {}, {}};
}
inline Error Internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message), {}, {}};
}

}  // namespace onegrid::core
