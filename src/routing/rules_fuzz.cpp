// A routing rule document as an administrator saves it (PUT /api/v1/routing/rules): read, checked
// against a small world (a district, two streets, two units), written back and read again alike.
#include <string_view>

#include "core/json_parse.hpp"
#include "harness.hpp"
#include "routing/rules.hpp"

using namespace onegrid;

namespace {

int Level(const std::string& code) {
  if (code == "410104") return 1;
  if (code == "410104001000" || code == "410104002000") return 2;
  if (code == "410104001001") return 3;
  if (code == "410104001001001") return 4;
  return 0;
}

const routing::World kWorld{
    .area_level = Level,
    .within =
        [](const std::string& inner, const std::string& outer) {
          return Level(inner) >= Level(outer) &&
                 inner.rfind(outer.substr(0, outer == "410104" ? 6 : 9), 0) == 0;
        },
    .unit_exists = [](const std::string& unit) { return unit == "CGJ" || unit == "410104001000"; }};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = core::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!j) return 0;
  auto set = routing::ParseRuleSet(*j, kWorld);
  fuzz::CheckResult(set);
  if (!set) return 0;
  auto again = routing::ParseRuleSet(routing::RuleSetJson(*set), kWorld);
  OG_FUZZ_CHECK(again.has_value());
  OG_FUZZ_CHECK(again->rules.size() == set->rules.size() && again->duplicates == set->duplicates);
  return 0;
}
