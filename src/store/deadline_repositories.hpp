// Storage of the rules cases are handled by and what deadlines raise: versioned rule documents
// (SLA policies, routing rules), imported holiday files, and each user's inbox of notices. Contract as in store.hpp: blocking, durable on
// return, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::store {

struct RuleVersion {
  int version = 0;
  std::string doc;  // JSON
  core::Instant created_at;
  std::int64_t created_by = 0;
  std::string note;
};

// The versions of one kind of rule document (SLA policies, routing rules): every version stays,
// since a case keeps the version it was decided by.
class RuleVersionRepository {
 public:
  virtual ~RuleVersionRepository() = default;
  virtual core::Result<std::vector<RuleVersion>> List() = 0;  // oldest first
  // Stores the next version (the newest + 1, or 1) and returns it.
  virtual core::Result<RuleVersion> Add(RuleVersion v) = 0;
};

struct CalendarFile {
  int year = 0;
  std::string kind;  // statutory | local
  std::string file;
  core::Instant imported_at;
  std::string imported_by;
};

class CalendarRepository {
 public:
  virtual ~CalendarRepository() = default;
  virtual core::Result<std::vector<CalendarFile>> List() = 0;
  virtual core::Result<void> Put(const CalendarFile& f) = 0;  // replaces the same (year, kind)
};

struct Notice {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t case_id = 0;
  std::int64_t seq = 0;
  std::string kind;
  core::Instant created_at;
  std::optional<core::Instant> read_at;
};

class InboxRepository {
 public:
  virtual ~InboxRepository() = default;
  // Newest first, ids below `before_id` (0: from the newest).
  virtual core::Result<std::vector<Notice>> List(std::int64_t user_id, bool unread_only,
                                                 std::int64_t before_id, int limit) = 0;
  virtual core::Result<std::int64_t> CountUnread(std::int64_t user_id) = 0;
  // Marks the user's notices read (all of them when ids is empty); returns how many changed.
  virtual core::Result<std::int64_t> MarkRead(std::int64_t user_id, const std::vector<std::int64_t>& ids,
                                              core::Instant at) = 0;
};

}  // namespace onegrid::store
