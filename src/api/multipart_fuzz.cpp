// multipart/form-data as uploads send it. Input: the Content-Type header's value, a newline,
// then the body.
#include <string_view>

#include "api/multipart.hpp"
#include "api_harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string_view type = in.substr(0, nl);
  std::string_view body = in.substr(nl + 1);
  auto parts = api::ParseMultipart(type, body);
  fuzz::CheckApiResult(parts);
  if (!parts) return 0;
  for (const auto& p : *parts) {
    // Every part's bytes lie inside the body; its name and file name are text.
    OG_FUZZ_CHECK(p.data.data() >= body.data() &&
                  p.data.data() + p.data.size() <= body.data() + body.size());
    OG_FUZZ_CHECK(core::IsUtf8(p.name) && core::IsUtf8(p.filename));
    OG_FUZZ_CHECK(core::IsUtf8(core::CutUtf8(p.filename, 200)));
  }
  return 0;
}
