// Storage of cases and their event logs. Contract as in store.hpp: blocking, durable on return,
// thread-safe. Every change writes one event and the case row it leads to in one transaction;
// the decision runs inside that transaction, against the row as it is, so two concurrent actions
// cannot both pass the same check.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace onegrid::store {

struct IdempotencyKey {
  std::int64_t user_id = 0;
  std::string key;
  std::string request_hash;  // of the request body; same key + other body → kAborted
};

// Open cases that are not merged, near a point, reported in [from, to], of a category whose
// code starts with `category_prefix` (the code, or its 2-digit major class).
struct NearbyQuery {
  double lon = 0, lat = 0;  // WGS84
  double radius_m = 50;
  core::Instant from, to;  // age_s of each candidate is counted back from `to`
  cases::CategoryKind category_kind = cases::CategoryKind::kMatter;
  std::string category_prefix;
  int limit = 10;
};
struct NearbyCase {
  cases::DuplicateCandidate candidate;
  core::Instant created_at;
};

struct NewCase {
  cases::Case fields;  // everything but id, number, state, version and hashes
  cases::Event report;  // actor, role, unit, at, note of the intake event
  std::optional<IdempotencyKey> idempotency;
  std::string district_code;  // numbers are counted per district and day
  // The duplicate candidates to look for inside the write (they become the case's).
  std::optional<NearbyQuery> duplicates;
};

struct CaseFilter {
  std::optional<cases::State> state;
  std::optional<cases::Kind> kind;
  std::optional<std::string> category_code;
  std::optional<std::string> street, community, grid, unit;
  std::optional<cases::Source> source;
  std::optional<core::Instant> created_from, created_to;  // [from, to)
  std::optional<core::Instant> overdue_at;  // only cases whose running step is past due then
  // Only cases whose running step shows this light ("green", "yellow", "red") at `light_at`.
  std::optional<std::string> light;
  core::Instant light_at{};
  std::optional<std::string> text;  // full-text: description and address contain it
  // Scope: unless `everything`, a case must lie in one of these areas (any level of its chain)
  // or be with one of these units.
  bool everything = false;
  std::vector<std::string> areas;
  std::vector<std::string> units;
  bool oldest_first = false;  // default: newest first
  // Keyset: cases strictly after this (created_at, id) in the chosen order.
  std::optional<std::pair<core::Instant, std::int64_t>> after;
  int limit = 50;
};

// The outcome of an intake: the case, and whether an earlier request with the same key made it.
struct CreatedCase {
  cases::Case value;
  bool replayed = false;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  // Allocates the day's next number, writes the case row and its "report" event (and the
  // idempotency key) in one transaction. A known key with the same request hash returns the
  // case it made; with another hash, kAborted.
  virtual core::Result<CreatedCase> Create(const NewCase& request) = 0;
  // Loads the case inside the write transaction, asks `decide` for the event to append (seq,
  // hashes and case id are filled in here), applies it and writes both. kNotFound if no case.
  // The event's payload may name users to notify ("notify": [ids]): each gets an inbox notice.
  // When the case's state or unit changes, every case merged into it follows (cases/merge.hpp)
  // in the same transaction.
  virtual core::Result<cases::Case> Act(
      std::int64_t id, const std::function<core::Result<cases::Event>(const cases::Case&)>& decide) = 0;
  virtual core::Result<cases::Case> Get(std::int64_t id) = 0;
  virtual core::Result<std::vector<cases::Event>> Events(std::int64_t id) = 0;
  virtual core::Result<std::vector<cases::Case>> List(const CaseFilter& filter) = 0;
  virtual core::Result<std::int64_t> Count() = 0;
  // Exact: within the radius (metres on the ellipsoid) and the window, nearest first, through
  // a spatial index of the open cases (never a scan).
  virtual core::Result<std::vector<NearbyCase>> OpenNear(const NearbyQuery& q) = 0;
  // The cases merged into this one, by id.
  virtual core::Result<std::vector<std::int64_t>> Followers(std::int64_t master_id) = 0;
  // The cases that hold the file with this sha256 (attached by one of their events), newest
  // first, at most `limit`.
  virtual core::Result<std::vector<std::int64_t>> HoldingMedia(const std::string& sha256, int limit) = 0;
  // Every case id in order (of a row or of events), for rebuild and verify.
  virtual core::Result<std::vector<std::int64_t>> Ids(std::int64_t after_id, int limit) = 0;
  // The cases a period [from, to) can have figures of: reported before `to` and either changed
  // at or after `from` or not finished now (index walks: updated_at, and state), by id.
  virtual core::Result<std::vector<std::int64_t>> Active(core::Instant from, core::Instant to) = 0;
  // Cases whose next timer is due at `now`, soonest first (an index walk, never a scan).
  virtual core::Result<std::vector<std::int64_t>> DueTimers(core::Instant now, int limit) = 0;
  // Open cases with a clock counted on a day of an unloaded year, by id after `after_id`.
  virtual core::Result<std::vector<std::int64_t>> CalendarUnknown(std::int64_t after_id, int limit) = 0;
  // Deletes idempotency keys made before `before`; returns how many.
  virtual core::Result<std::int64_t> PurgeIdempotencyKeys(core::Instant before) = 0;
  // Replaces a case row by the given one (rebuild from the log); kNotFound if no row.
  virtual core::Result<void> WriteRow(const cases::Case& c) = 0;
};

}  // namespace onegrid::store
