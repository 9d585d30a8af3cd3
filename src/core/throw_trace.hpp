// The stack of the last exception thrown on this thread, noted by the wrapped __cxa_throw
// (throw_trace.cpp). For firewall.cpp only.
#pragma once

namespace onegrid::core::internal {

constexpr int kMaxThrowFrames = 24;

struct ThrowTrace {
  void* frames[kMaxThrowFrames];
  int depth = 0;
};

// This thread's last throw; depth 0 when none was noted.
const ThrowTrace& LastThrowTrace();

}  // namespace onegrid::core::internal
