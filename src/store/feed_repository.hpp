// The case feed (issue #9's live stream): every case event in the order of the commits that made
// it durable, each with a number — 1, 2, 3 … with no gaps — so that a client that lost its
// connection asks for what came after the last number it saw and misses nothing. Numbers are
// taken inside the commit (from one counter row, whose lock orders the commits of two servers on
// one PostgreSQL database), so a number is never visible before a smaller one.
// Contract as in store.hpp: blocking, thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace onegrid::store {

struct FeedItem {
  std::int64_t id = 0;  // the feed number
  cases::Event event;
  cases::Case now;  // the case as it is when read (its scope decides who may see the event)
};

struct FeedPage {
  std::vector<FeedItem> items;  // numbers after `after`, ascending, at most `limit`
  std::int64_t head = 0;        // the newest number when read
};

// The feed's own bookkeeping, counted for `onegrid verify`: intact when every event has exactly
// one number, the numbers are 1 … last without a gap, and the counter stands at the last.
struct FeedTally {
  std::int64_t events = 0;      // case events
  std::int64_t numbers = 0;     // feed rows
  std::int64_t first = 0, last = 0;  // smallest and largest number (0: none)
  std::int64_t unnumbered = 0;  // events without a number
  std::int64_t orphans = 0;     // numbers naming no event
  std::int64_t repeated = 0;    // events with more than one number
  std::int64_t counter = 0;     // where the counter stands
};

class FeedRepository {
 public:
  virtual ~FeedRepository() = default;
  virtual core::Result<FeedPage> After(std::int64_t after, int limit) = 0;
  virtual core::Result<FeedTally> Tally() = 0;
};

}  // namespace onegrid::store
