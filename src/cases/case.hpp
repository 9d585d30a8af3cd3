// A case (案卷) and the events that make it. The case row is the projection of its event log:
// Apply() folds one event into a case, and it is the only code that changes a case — the live
// path and `onegrid rebuild cases` both go through it, so a rebuilt row equals the live one.
// Events are hash-chained per case (hash = SHA-256 of the previous hash and the event's
// canonical JSON), so that an altered, inserted or missing event shows. Pure; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/role.hpp"
#include "cases/category.hpp"
#include "cases/clock.hpp"
#include "cases/coordination.hpp"
#include "cases/workflow.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::cases {

enum class Source { kGridWorker, kHotline, kPublicApp, kOpen311, kLeader, kVideo, kPatrol, kImport };
std::string_view SourceName(Source s);
std::optional<Source> ParseSource(std::string_view name);
const std::vector<std::string_view>& SourceNames();

enum class Urgency { kNormal, kUrgent };
std::string_view UrgencyName(Urgency u);
std::optional<Urgency> ParseUrgency(std::string_view name);

// An open case near a new one, of its category, reported within the window (issue #6): shown
// at intake and kept on the case. The area codes say who may be shown it.
struct DuplicateCandidate {
  std::int64_t id = 0;
  std::string number;
  double distance_m = 0;
  std::int64_t age_s = 0;  // how long before the new case it was reported
  std::string district_code, street_code, community_code, grid_code;
  bool operator==(const DuplicateCandidate&) const = default;
};

struct Case {
  std::int64_t id = 0;
  std::string number;  // 410104-20260412-000123
  Kind kind = Kind::kEvent;
  CategoryKind category_kind = CategoryKind::kMatter;
  std::string category_code;
  Source source = Source::kGridWorker;
  Urgency urgency = Urgency::kNormal;
  std::string description;
  std::string address;
  double lon = 0, lat = 0;  // WGS84
  std::string district_code, street_code, community_code, grid_code;
  std::int64_t grid_version = 0;
  std::string reporter_name, reporter_phone;
  State state = State::kReported;
  std::string current_unit;
  std::vector<std::string> units;  // every unit it was dispatched to, in order, without repeats
  int dispatch_count = 0;
  int redispatch_count = 0;  // dispatches to a unit other than the previous one (错误派遣)
  int rework_count = 0;      // failed checks sending it back to the same unit (返工)
  std::vector<std::string> attachments;  // sha256 of every attached file, in order
  // Deadlines (clock.hpp): the SLA policy version the case started with, the running step's
  // clock and the whole-case limit (捆绑时限), which starts at intake.
  int sla_version = 0;
  std::string sla_policy;
  StepClock clock;
  StepClock whole;  // step kNone; only wall, limit, started_at, due_at, calendar_unknown
  std::vector<Assist> assists;      // sub-tasks of the assisting units of the current dispatch
  std::vector<WhistleCall> calls;   // 吹哨报到, in order
  std::vector<DuplicateCandidate> duplicate_candidates;  // found at intake, nearest first
  // The case this one was merged into as its duplicate (0: none): it follows that master's state
  // and unit (merge.hpp) until unmerged.
  std::int64_t merged_into = 0;
  std::int64_t version = 0;  // = number of events
  core::Instant created_at, updated_at;
  std::int64_t created_by = 0;
  std::string last_hash;

  bool operator==(const Case&) const = default;
};

struct Event {
  std::int64_t case_id = 0;
  std::int64_t seq = 0;  // from 1
  std::string action;    // "report" for the intake event, else a workflow action
  std::optional<State> from;  // none for "report"
  State to = State::kReported;
  std::int64_t actor_id = 0;
  std::string actor_name;
  std::string role;  // the role the actor acted in
  std::string unit;  // the actor's unit, if any
  core::Instant at;
  std::string note;
  std::vector<std::string> attachments;  // sha256 of each file
  nlohmann::json payload = nlohmann::json::object();
  std::string prev_hash;  // "" for the first event
  std::string hash;

  bool operator==(const Event&) const = default;
};

inline constexpr std::string_view kReportAction = "report";
// The actor name of events the system takes (timers, automatic dispatch, retiming); actor id 0.
inline constexpr std::string_view kSystemActor = "系统";
// Adds files to a case without changing its state; allowed until the case is finished.
inline constexpr std::string_view kAttachAction = "attach";

// The next thing the timers must do for this case: a step's yellow, overdue or escalate, or a
// department's missed check-in (call and unit set).
struct CaseTimer {
  core::Instant at;
  std::string_view action;
  int call = 0;
  std::string unit;
};
std::optional<CaseTimer> NextCaseTimer(const Case& c);

// The canonical text that is hashed; the hash is SHA-256(prev_hash + "\n" + text).
std::string CanonicalText(const Event& e);
std::string ComputeHash(const Event& e);
// The same, given the payload's dump (payload.dump()) when the caller has it already.
std::string CanonicalText(const Event& e, std::string_view payload_text);
std::string ComputeHash(const Event& e, std::string_view payload_text);

// Folds one event into the case. The "report" event creates it from its payload.
core::Result<void> Apply(Case& c, const Event& e);

// The case number: district + local date (+08:00) + 6-digit daily sequence.
std::string CaseNumber(std::string_view district, core::Instant at, std::int64_t seq);
// The local date "YYYYMMDD" numbers are counted by.
std::string NumberDay(core::Instant at);

// The intake event's payload for a new case (everything Apply needs to create it). The intake
// writes the same text member by member (ReportDraft::Make): a member added here goes there too.
nlohmann::json ReportPayload(const Case& c);

}  // namespace onegrid::cases
