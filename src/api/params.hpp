// The query parameters every list and feed shares (API.md, "Lists"). Pure.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace onegrid::api {

// ?limit= of a list: 1 to 500, default 50.
core::Result<int> ParseLimit(const net::Request& req);
// ?after= of the case feed and the stream: a feed number, 0 or more; nullopt when absent.
core::Result<std::optional<std::int64_t>> FeedAfter(const net::Request& req);
// kInvalidArgument naming the first query parameter that is not in `known`.
core::Result<void> OnlyParams(const net::Request& req,
                              std::initializer_list<std::string_view> known);

}  // namespace onegrid::api
