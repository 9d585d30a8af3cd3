// An SLA policy document as an administrator saves it (PUT /api/v1/sla-policies): read, checked,
// written back and read again alike.
#include <string_view>

#include "core/json_parse.hpp"
#include "harness.hpp"
#include "sla/policy.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = core::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!j) return 0;
  auto set = sla::ParsePolicySet(*j);
  fuzz::CheckResult(set);
  if (!set) return 0;
  auto back = sla::PolicySetJson(*set);
  auto again = sla::ParsePolicySet(back);
  OG_FUZZ_CHECK(again.has_value() && sla::PolicySetJson(*again) == back);
  return 0;
}
