// Text from outside the process (request bodies, URLs, headers, multipart fields, files,
// command-line arguments, settings) enters only as valid UTF-8: this is the one check every edge
// calls (STYLE.md §7b), and the one way to shorten text without cutting a character in two.
// Valid means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace onegrid::core {

// The offset of the first byte that does not begin or continue a valid character; nullopt when
// the whole text is valid UTF-8.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

inline bool IsUtf8(std::string_view text) { return !FindInvalidUtf8(text).has_value(); }

// kInvalidArgument naming `field` ("is not valid UTF-8 text (byte N)") unless `text` is valid.
Result<void> CheckUtf8(std::string_view text, std::string_view field);

// The longest prefix of valid UTF-8 `text` that is at most `max_bytes` long and ends on a
// character boundary.
std::string_view CutUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace onegrid::core
