// A request target as it arrives (path and query, percent-encoded), split and decoded, then read
// by the case list's filter and the shared list parameters.
#include "api/case_requests.hpp"
#include "api/params.hpp"
#include "api_harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  net::Request req;
  req.method = "GET";
  req.target.assign(reinterpret_cast<const char*>(data), size);
  auto split = net::ParseTarget(req.target, req.path, req.query);
  fuzz::CheckApiResult(split);
  if (!split) return 0;
  OG_FUZZ_CHECK(core::IsUtf8(req.path));
  for (const auto& [k, v] : req.query) OG_FUZZ_CHECK(core::IsUtf8(k) && core::IsUtf8(v));
  auto filter = api::ParseCaseFilter(req, core::Instant(core::Duration(1'790'000'000'000'000)));
  fuzz::CheckApiResult(filter);
  if (filter) OG_FUZZ_CHECK(filter->limit >= 1 && filter->limit <= 500);
  fuzz::CheckApiResult(api::ParseLimit(req));
  fuzz::CheckApiResult(api::FeedAfter(req));
  fuzz::CheckApiResult(api::OnlyParams(req, {"after", "limit"}));
  return 0;
}
