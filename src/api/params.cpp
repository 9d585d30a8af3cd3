#include "api/params.hpp"

#include <algorithm>
#include <charconv>

namespace onegrid::api {

core::Result<int> ParseLimit(const net::Request& req) {
  auto text = req.Query("limit");
  if (!text) return 50;
  int v = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || v > 100000) return core::InvalidArgument("must be 1 to 500", "limit");
    v = v * 10 + (c - '0');
  }
  if (text->empty() || v < 1 || v > 500) return core::InvalidArgument("must be 1 to 500", "limit");
  return v;
}

core::Result<std::optional<std::int64_t>> FeedAfter(const net::Request& req) {
  auto text = req.Query("after");
  if (!text) return std::optional<std::int64_t>();
  std::int64_t after = -1;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), after);
  if (ec != std::errc() || ptr != text->data() + text->size() || after < 0) {
    return core::InvalidArgument("must be a feed number, 0 or more", "after");
  }
  return std::optional<std::int64_t>(after);
}

core::Result<void> OnlyParams(const net::Request& req,
                              std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : req.query) {
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      return core::InvalidArgument("is not a known parameter", k);
    }
  }
  return core::Ok();
}

}  // namespace onegrid::api
