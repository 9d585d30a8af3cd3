// Time as the rest of onegrid sees it: Instant is a UTC point on the system clock, and Clock is
// the one way domain code learns the current time (injected, like leveldb's Env), so that tests
// run on a FakeClock. Implementations are thread-safe.
#pragma once

#include <atomic>
#include <chrono>

namespace onegrid::core {

using Instant = std::chrono::sys_time<std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(Duration(now_.load())); }
  void Advance(Duration d) { now_ += d.count(); }
  void Set(Instant t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<Duration::rep> now_;
};

}  // namespace onegrid::core
