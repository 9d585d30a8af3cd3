// What every harness checks of a refusal, whatever the input: a code, a message, text that the
// strict JSON writer takes, and an error body (api/errors.hpp) that stays small however much the
// client sent; and how a broken property stops the fuzzer (abort: libFuzzer keeps the input).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace onegrid::fuzz {

[[noreturn]] inline void Broken(const char* what) {
  std::fprintf(stderr, "fuzz: property broken: %s\n", what);
  std::abort();
}

#define OG_FUZZ_CHECK(cond)                      \
  do {                                           \
    if (!(cond)) ::onegrid::fuzz::Broken(#cond); \
  } while (0)

inline void CheckRefusal(const core::Error& e) {
  OG_FUZZ_CHECK(!e.message.empty());
  OG_FUZZ_CHECK(core::IsUtf8(e.message));
  OG_FUZZ_CHECK(core::IsUtf8(e.field));
  for (const auto& d : e.details) OG_FUZZ_CHECK(core::IsUtf8(d.field) && core::IsUtf8(d.message));
  // Strict: an invalid byte here would throw, as the writer thread's dump() once did.
  (void)nlohmann::json{{"message", e.message}, {"field", e.field}}.dump();
}

template <typename R>
void CheckResult(const R& r) {
  if (!r.has_value()) CheckRefusal(r.error());
}

}  // namespace onegrid::fuzz
