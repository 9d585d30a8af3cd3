// The one reader of JSON from outside (request bodies, imported files, WebSocket messages): the
// bytes must be one JSON value in UTF-8 (nlohmann checks every string); on top of that a tree
// may nest at most `max_depth` levels, an object may not give a name twice, and every number must
// be finite (1e309 is not a number anyone meant). Each refusal is kInvalidArgument naming where:
// the byte of a syntax error, or the dotted path of the value ("set.rules[3].area") with field.
// nlohmann's own parser builds the tree without recursion; the limit keeps every later walk,
// copy and dump of the tree shallow. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace onegrid::core {

struct JsonLimits {
  int max_depth = 64;  // the root object or array is level 1
};

Result<nlohmann::json> ParseJson(std::string_view text, JsonLimits limits = {});

// The whole number `v` holds when it lies in [min, max]; nullopt for anything else (a float, a
// string, a number past the range — read before narrowing, so 4294967297 is not taken for 1).
std::optional<std::int64_t> IntegerIn(const nlohmann::json& v, std::int64_t min, std::int64_t max);

// The string member `key` of `object`, or "" when it is absent or not a string (nlohmann's
// value() throws on a member of another type: outside documents must never reach it).
std::string_view StringMember(const nlohmann::json& object, std::string_view key);

}  // namespace onegrid::core
