// A thread of its own that does one kind of background work over and over: `step` every
// `interval` (and at once after Wake()), and before it any job Post()ed to run on this thread.
// The timers, maintenance and the stream pump are each one. It is a firewall (firewall.hpp): a
// step or job that throws is logged with the stack where it threw and the loop goes on, so
// nothing that goes wrong in background work ends the process. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace onegrid::core {

class LoopThread {
 public:
  // `name` names the thread (at most 15 characters shown by the OS) and its log lines.
  // `first_at_once`: the first step runs when the thread starts, not an interval later.
  LoopThread(std::string name, std::chrono::milliseconds interval, std::function<void()> step,
             bool first_at_once = true);
  ~LoopThread();
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  void Start();
  // The next step runs now rather than at the end of the interval.
  void Wake();
  // Runs `job` on this thread before its next step (and wakes it); dropped once stopping.
  void Post(std::function<void()> job);
  // Lets the step (or job) that runs finish, then joins the thread. Idempotent.
  void Stop();
  bool stopping() const;

 private:
  void Loop();

  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> step_;
  const bool first_at_once_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool woken_ = false, stopping_ = false;
  std::thread thread_;
};

}  // namespace onegrid::core
