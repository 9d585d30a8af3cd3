// A settings file (TOML) as an operator writes it: read over the defaults, then checked.
#include <string_view>

#include "core/config.hpp"
#include "harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::Config config;
  auto r = core::LoadConfigText(std::string_view(reinterpret_cast<const char*>(data), size),
                                "fuzz.toml", config);
  if (r) {
    fuzz::CheckResult(core::Validate(config));
    OG_FUZZ_CHECK(core::IsUtf8(config.db) && core::IsUtf8(config.map_tile_attribution));
  }
  return 0;
}
