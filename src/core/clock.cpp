#include "core/clock.hpp"

namespace onegrid::core {

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace onegrid::core
