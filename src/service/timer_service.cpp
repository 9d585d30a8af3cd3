#include "service/timer_service.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/time_format.hpp"

namespace onegrid::service {
namespace {
constexpr int kBatch = 256;
}  // namespace

TimerService::TimerService(store::Store& store, Deadlines& deadlines, const core::Clock& clock,
                           core::Registry* metrics)
    : store_(store), deadlines_(deadlines), clock_(clock) {
  if (metrics) {
    fired_ = metrics->GetCounter("onegrid_timers_fired_total", "yellow, overdue and escalation events raised");
    failed_ = metrics->GetCounter("onegrid_timer_failures_total", "timers that could not be written (retried next tick)");
    tick_seconds_ = metrics->GetHistogram("onegrid_timer_tick_seconds", "time of one look for due timers",
                                          core::LatencyBuckets());
  }
}

TimerService::~TimerService() { Stop(); }

core::Result<int> TimerService::RetimeUnknown() {
  int retimed = 0;
  std::int64_t after = 0;
  for (;;) {
    OG_ASSIGN_OR_RETURN(auto ids, store_.cases().CalendarUnknown(after, kBatch));
    if (ids.empty()) break;
    after = ids.back();
    for (auto id : ids) {
      auto r = store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
        OG_ASSIGN_OR_RETURN(auto payload, deadlines_.Retime(c));
        if (payload.is_null()) return core::FailedPrecondition("nothing to retime");
        cases::Event e;
        e.action = std::string(cases::kRetimeAction);
        e.from = c.state;
        e.to = c.state;
        e.actor_id = 0;
        e.actor_name = std::string(cases::kSystemActor);
        e.role = "system";
        e.at = clock_.Now();
        e.note = "按新导入的节假日重新计算时限";
        e.payload = std::move(payload);
        return e;
      });
      if (r) {
        ++retimed;
      } else if (r.error().code != core::ErrorCode::kFailedPrecondition) {
        return std::move(r).error();
      }
    }
  }
  return retimed;
}

void TimerService::Start(std::chrono::seconds interval) {
  loop_ = std::make_unique<core::LoopThread>("og-timers", interval, [this] { Step(); });
  loop_->Start();
}

void TimerService::Step() {
  // Servers sharing a database tick on one of them only (the others wait to take over).
  auto lead = store_.LeadTimers();
  if (!lead) {
    spdlog::error("timers: cannot tell whether this server leads: {}", lead.error().message);
  } else if (*lead != leading_) {
    leading_ = *lead;
    spdlog::info(leading_ ? "timers: this server runs the timers" : "timers: another server runs the timers");
  }
  auto r = lead && *lead ? Tick() : core::Result<int>(0);
  if (!r) {
    spdlog::error("timers: {}", r.error().message);
  } else if (*r > 0) {
    spdlog::info("timers: {} fired", *r);
  }
}

void TimerService::Post(std::function<void()> job) {
  if (loop_) loop_->Post(std::move(job));
}

void TimerService::Stop() {
  if (loop_) loop_->Stop();
}

core::Result<int> TimerService::Tick() {
  auto start = std::chrono::steady_clock::now();
  auto now = clock_.Now();
  int fired = 0;
  for (;;) {
    OG_ASSIGN_OR_RETURN(auto ids, store_.cases().DueTimers(now, kBatch));
    int fired_here = 0;
    for (auto id : ids) {
      bool due = false;
      auto r = store_.cases().Act(id, [&](const cases::Case& c) -> core::Result<cases::Event> {
        auto next = cases::NextCaseTimer(c);
        if (!next || next->at > now) return core::FailedPrecondition("no timer is due");  // moved meanwhile
        due = true;
        OG_ASSIGN_OR_RETURN(auto to, deadlines_.Recipients(c, next->action, next->unit));
        cases::Event e;
        e.action = std::string(next->action);
        e.from = c.state;
        e.to = c.state;
        e.actor_id = 0;
        e.actor_name = std::string(cases::kSystemActor);
        e.role = "system";
        e.at = now;
        if (next->action == cases::kCheckInOverdueAction) {
          e.payload = {{"call", next->call}, {"unit", next->unit}, {"due", core::FormatInstant(next->at)},
                       {"notify", to}};
          e.note = next->unit + " 未按时报到";
          return e;
        }
        e.payload = {{"step", cases::StepName(c.clock.step)},
                     {"due", core::FormatInstant(next->at)},
                     {"notify", to}};
        if (!c.current_unit.empty()) e.payload["unit"] = c.current_unit;
        return e;
      });
      if (r) {
        ++fired_here;
      } else if (due || r.error().code != core::ErrorCode::kFailedPrecondition) {
        // One case that cannot take its timer must not hold back the others: say so and go on
        // (it is due again on the next tick).
        spdlog::error("timers: case {}: {}", id, r.error().message);
        if (failed_) failed_->Add();
      }
    }
    fired += fired_here;
    // A case may have its next timer due too (all three at once after a long stop): go again
    // while this round fired anything.
    if (static_cast<int>(ids.size()) < kBatch && fired_here == 0) break;
    if (fired_here == 0) break;
  }
  if (fired_) fired_->Add(fired);
  if (tick_seconds_) {
    tick_seconds_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return fired;
}

}  // namespace onegrid::service
