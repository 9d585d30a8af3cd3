#include "core/loop_thread.hpp"

#include <pthread.h>

#include "core/firewall.hpp"

namespace onegrid::core {

LoopThread::LoopThread(std::string name, std::chrono::milliseconds interval,
                       std::function<void()> step, bool first_at_once)
    : name_(std::move(name)),
      interval_(interval),
      step_(std::move(step)),
      first_at_once_(first_at_once) {}

LoopThread::~LoopThread() { Stop(); }

void LoopThread::Start() {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    Loop();
  });
}

void LoopThread::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void LoopThread::Post(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
  }
  cv_.notify_all();
}

bool LoopThread::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

void LoopThread::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LoopThread::Loop() {
  using Clock = std::chrono::steady_clock;
  auto next_step = first_at_once_ ? Clock::now() : Clock::now() + interval_;
  for (;;) {
    std::deque<std::function<void()>> jobs;
    bool step_now = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, next_step, [&] { return stopping_ || woken_ || !jobs_.empty(); });
      if (stopping_) return;
      jobs.swap(jobs_);
      step_now = woken_ || Clock::now() >= next_step;
      woken_ = false;
    }
    for (auto& job : jobs) (void)RunGuarded(name_, job);
    if (step_now) {
      (void)RunGuarded(name_, step_);
      next_step = Clock::now() + interval_;
    }
  }
}

}  // namespace onegrid::core
