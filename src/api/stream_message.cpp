#include "api/stream_message.hpp"

#include "core/json_parse.hpp"

namespace onegrid::api {

namespace {
constexpr std::size_t kMaxTokenBytes = 256;  // ours are 43
}  // namespace

core::Result<std::string> ParseStreamSignIn(std::string_view text) {
  OG_ASSIGN_OR_RETURN(auto j, core::ParseJson(text, {.max_depth = 2}));
  if (!j.is_object())
    return core::InvalidArgument(R"(the first message must be {"token": "<token>"})");
  for (const auto& [key, value] : j.items()) {
    if (key != "token") return core::InvalidArgument("is not a known field", key);
  }
  auto it = j.find("token");
  if (it == j.end() || !it->is_string())
    return core::InvalidArgument("is required (a string)", "token");
  const auto& token = it->get_ref<const std::string&>();
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return core::InvalidArgument("must be 1 to " + std::to_string(kMaxTokenBytes) + " bytes",
                                 "token");
  }
  return token;
}

}  // namespace onegrid::api
