// The timers of the case loop: when a running step reaches 80 % of its time (yellow), its
// deadline (overdue: 督办 to the unit's leader) and `escalate_after` beyond (to the district's
// leaders), the system appends that event to the case's log, with the notices it raises — once
// each. Tick() walks the store's index of next timers up to `now` (cost independent of the
// number of open cases when nothing is due); the decision is taken again inside the write
// transaction against the row as it is, so two ticks (or two servers) cannot fire one timer
// twice, and a timer that came due while the server was down fires on the first tick after.
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/loop_thread.hpp"
#include "core/metrics.hpp"
#include "service/deadlines.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class TimerService {
 public:
  TimerService(store::Store& store, Deadlines& deadlines, const core::Clock& clock,
               core::Registry* metrics = nullptr);
  ~TimerService();
  // Fires every timer due at now; returns how many fired.
  core::Result<int> Tick();
  // After a holiday file is loaded: recomputes the clocks that were counted on weekdays of an
  // unloaded year and now come out otherwise, each with a "retime" event; returns how many.
  core::Result<int> RetimeUnknown();
  // Ticks every `interval` on a thread of its own (the first tick at once) until Stop(); a tick
  // that throws is logged and the next goes on (core::LoopThread).
  void Start(std::chrono::seconds interval);
  void Stop();
  // Runs `job` on the ticking thread before its next tick (nothing when not started).
  void Post(std::function<void()> job);

 private:
  void Step();  // one round of the ticking thread: leadership, then Tick()

  std::unique_ptr<core::LoopThread> loop_;
  bool leading_ = false;  // the ticking thread's
  store::Store& store_;
  Deadlines& deadlines_;
  const core::Clock& clock_;
  core::Counter* fired_ = nullptr;
  core::Counter* failed_ = nullptr;
  core::Histogram* tick_seconds_ = nullptr;
};

}  // namespace onegrid::service
