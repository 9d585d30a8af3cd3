// A fixture for tests that drive random streams of case events through the store: random new
// cases in four grids of two streets, and for a case a random next event — a timer when one is
// due, else a workflow action allowed in its state, or (one time in seven) a refusal.
#pragma once

#include <random>
#include <string>

#include "backend_test.hpp"
#include "cases/clock.hpp"
#include "cases/workflow.hpp"

namespace onegrid::store_sql {

class RandomCasesTest : public BackendTest {
 protected:
  store::NewCase Request(std::mt19937& rng) {
    static const char* kGrids[] = {"410104001001001", "410104001002003", "410104002001001", "410104003004002"};
    static const char* kCategories[] = {"06010", "09009", "04002", "08001"};
    std::string grid = kGrids[rng() % 4];
    store::NewCase r;
    r.district_code = "410104";
    r.fields.category_code = kCategories[rng() % 4];
    r.fields.description = "测试";
    r.fields.district_code = "410104";
    r.fields.street_code = grid.substr(0, 9) + "000";
    r.fields.community_code = grid.substr(0, 12);
    r.fields.grid_code = grid;
    r.report.actor_id = 3;
    r.report.role = "grid_worker";
    r.report.at = clock_.Now();
    return r;
  }

  // A random next event for the case: a timer when one is due on its clock, else a workflow
  // action allowed in its state (a new step gets a clock with yellow and due times), or a refusal.
  core::Result<cases::Event> Next(const cases::Case& c, std::mt19937& rng) {
    if (rng() % 7 == 0) return core::FailedPrecondition("refused on purpose");
    cases::Event e;
    e.from = c.state;
    e.at = clock_.Now();
    e.actor_id = 5;
    if (auto timer = cases::NextTimer(c.clock); timer && rng() % 2 == 0) {
      e.action = std::string(timer->action);
      e.to = c.state;
      return e;
    }
    auto allowed = cases::AllowedActions(c.kind, c.state);
    std::erase_if(allowed, [](std::string_view a) { return a == "request_verify" || a == "confirm" || a == "refute"; });
    if (allowed.empty()) return core::FailedPrecondition("finished");
    std::string action(allowed[rng() % allowed.size()]);
    OG_ASSIGN_OR_RETURN(const cases::ActionRule* rule, cases::FindRule(c.kind, c.state, action));
    e.action = action;
    e.to = rule->to;
    if (action == "dispatch") e.payload["unit"] = rng() % 2 ? "CGJ" : "YLJ";
    cases::Step step = cases::StepOf(e.to);
    if (step != cases::Step::kNone && step != c.clock.step) {
      cases::StepClock clock;
      clock.step = step;
      clock.started_at = e.at;
      clock.yellow_at = e.at + std::chrono::minutes(1);
      clock.due_at = e.at + std::chrono::minutes(2);
      clock.escalate_at = e.at + std::chrono::minutes(3);
      e.payload["clock"] = cases::ClockJson(clock);
    }
    return e;
  }
};

}  // namespace onegrid::store_sql
