#include <cstdio>
#include <cstdlib>

#include "core/result.hpp"

namespace onegrid::core::internal {

void CheckFailed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "onegrid: invariant broken at %s:%d: %s\n", file, line, cond);
  std::abort();
}

}  // namespace onegrid::core::internal
