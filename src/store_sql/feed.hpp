// The case feed over SQL (store/feed_repository.hpp). The writer's side: each write records the
// events it appends; they join its batch only if it succeeds, and just before the batch's COMMIT
// they take the next numbers from feed_counter — one UPDATE … RETURNING whose row lock makes a
// second server on the same PostgreSQL database wait for this COMMIT, so numbers become visible
// in their order — and get their case_feed rows. Writer thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/feed_repository.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

class Database;

class FeedBatch {
 public:
  void Appended(std::int64_t case_id, std::int64_t seq) { write_.emplace_back(case_id, seq); }

  void WriteBegan() { write_.clear(); }
  void WriteEnded(bool ok);
  void BatchBegan();
  core::Result<void> Flush(Connection& c);

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> write_, batch_;
};

std::unique_ptr<store::FeedRepository> MakeFeedRepository(Database& db);

}  // namespace onegrid::store_sql
