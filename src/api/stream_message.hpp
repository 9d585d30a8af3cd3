// The one message a stream client sends (GET /api/v1/stream, stream.hpp): {"token": "…"}, its
// sign-in when a browser cannot send an Authorization header. Pure; fuzzed (fuzz/).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace onegrid::api {

// The token of a sign-in message; kInvalidArgument (naming "token" where it applies) for
// anything else: not JSON, not an object, other fields, no token, an empty or oversized one.
core::Result<std::string> ParseStreamSignIn(std::string_view text);

}  // namespace onegrid::api
