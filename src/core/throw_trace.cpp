// Wraps the C++ runtime's __cxa_throw, which every `throw` calls, to note the throwing thread's
// stack before the exception unwinds it. The executable's definition comes first in symbol
// lookup; the runtime's (or a sanitizer's interceptor of it) is found with RTLD_NEXT. This file
// must not throw and must not include <cxxabi.h> (whose declaration names the type_info type;
// the compiler's own is void*).
#include "core/throw_trace.hpp"

#include <dlfcn.h>
#include <execinfo.h>

namespace onegrid::core::internal {
namespace {
thread_local ThrowTrace t_trace;
}  // namespace

const ThrowTrace& LastThrowTrace() { return t_trace; }

}  // namespace onegrid::core::internal

extern "C" [[noreturn]] void __cxa_throw(void* exception, void* type, void (*destroy)(void*)) {
  using Throw = void (*)(void*, void*, void (*)(void*));
  static const Throw next = reinterpret_cast<Throw>(dlsym(RTLD_NEXT, "__cxa_throw"));
  auto& t = onegrid::core::internal::t_trace;
  t.depth = backtrace(t.frames, onegrid::core::internal::kMaxThrowFrames);
  next(exception, type, destroy);
  __builtin_unreachable();
}
