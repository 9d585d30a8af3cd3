// The JSON body reader with the case routes' parsers (intake, action) and a generic strict read.
// Input: one byte choosing the reader, then the body.
#include <cmath>

#include "api/case_requests.hpp"
#include "api/json_body.hpp"
#include "api_harness.hpp"

using namespace onegrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  net::Request req;
  req.method = "POST";
  req.headers = {{"Content-Type", "application/json"}};
  req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto r = api::ParseIntake(req);
      fuzz::CheckApiResult(r);
      if (r) {
        OG_FUZZ_CHECK(!r->description.empty() && r->description.size() <= 4000);
        OG_FUZZ_CHECK(std::isfinite(r->location.lon) && std::abs(r->location.lon) <= 180);
        OG_FUZZ_CHECK(std::isfinite(r->location.lat) && std::abs(r->location.lat) <= 90);
        OG_FUZZ_CHECK(core::IsUtf8(r->description) && core::IsUtf8(r->address) &&
                      core::IsUtf8(r->reporter_name));
      }
      break;
    }
    case 1: {
      auto r = api::ParseAction(req, "dispatch");
      fuzz::CheckApiResult(r);
      if (r) {
        OG_FUZZ_CHECK(r->note.size() <= 2000 && r->assist_units.size() <= 20 &&
                      r->units.size() <= 20);
        OG_FUZZ_CHECK(r->call >= 0 && r->call <= 1000);
      }
      break;
    }
    default: {
      auto body = api::JsonBody::Parse(req);
      fuzz::CheckApiResult(body);
      if (!body) break;
      (void)body->OptionalString("name", 64);
      (void)body->OptionalInteger("count");
      (void)body->OptionalStringList("units", 64, 20);
      if (const auto* nested = body->OptionalObject("location")) {
        auto inner = api::JsonBody::Nested(*nested, "location");
        (void)inner.RequiredNumber("lon");
        inner.FinishInto(*body);
      }
      if (const auto* ids = body->RequiredArray("ids", 1000)) OG_FUZZ_CHECK(ids->size() <= 1000);
      fuzz::CheckApiResult(body->Finish());
      break;
    }
  }
  return 0;
}
