// An evaluation scheme document as an administrator saves it (PUT /api/v1/evaluation/schemes):
// read, checked, written back and read again alike.
#include <string_view>

#include "core/json_parse.hpp"
#include "evaluation/scheme.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = core::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!j) return 0;
  auto set = evaluation::ParseSchemeSet(*j);
  fuzz::CheckResult(set);
  if (!set) return 0;
  auto back = evaluation::SchemeSetJson(*set);
  auto again = evaluation::ParseSchemeSet(back);
  OG_FUZZ_CHECK(again.has_value() && evaluation::SchemeSetJson(*again) == back);
  return 0;
}
