// The stream's first message from a browser: {"token": "…"}.
#include "api/stream_message.hpp"
#include "api_harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto token = api::ParseStreamSignIn(std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::CheckApiResult(token);
  if (token) OG_FUZZ_CHECK(!token->empty() && token->size() <= 256);
  return 0;
}
