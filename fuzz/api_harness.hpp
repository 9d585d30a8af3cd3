// The api harnesses' check of a refusal: what fuzz::CheckRefusal checks, and the error body the
// client gets is valid JSON of at most a few kilobytes whatever the request held.
#pragma once

#include "api/errors.hpp"
#include "harness.hpp"

namespace onegrid::fuzz {

inline void CheckApiRefusal(const core::Error& e) {
  CheckRefusal(e);
  std::string body = api::ErrorBody(e);
  OG_FUZZ_CHECK(body.size() <= 64 * 1024);
  auto j = nlohmann::json::parse(body, nullptr, false);
  OG_FUZZ_CHECK(!j.is_discarded() && j["error"]["field"].get<std::string>().size() <= 210);
}

template <typename R>
void CheckApiResult(const R& r) {
  if (!r.has_value()) CheckApiRefusal(r.error());
}

}  // namespace onegrid::fuzz
