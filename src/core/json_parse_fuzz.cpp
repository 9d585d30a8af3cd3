// The one reader of JSON from outside: whatever it accepts is shallow, has no name twice and no
// number that is not finite, and writes back strictly and reads back the same.
#include <cmath>
#include <string_view>

#include "core/json_parse.hpp"
#include "harness.hpp"

using namespace onegrid;

namespace {

int Depth(const nlohmann::json& j) {
  int d = 0;
  if (j.is_object() || j.is_array()) {
    for (const auto& v : j) d = std::max(d, Depth(v));
    return d + 1;
  }
  if (j.is_number_float()) OG_FUZZ_CHECK(std::isfinite(j.get<double>()));
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto j = core::ParseJson(text);
  fuzz::CheckResult(j);
  if (!j) return 0;
  OG_FUZZ_CHECK(Depth(*j) <= 64);  // recursion here is safe because the reader bounded it
  std::string again = j->dump();   // strict: every string is UTF-8
  auto back = core::ParseJson(again);
  OG_FUZZ_CHECK(back.has_value() && *back == *j);
  return 0;
}
