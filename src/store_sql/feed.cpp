#include "store_sql/feed.hpp"

#include <map>

#include "store_sql/case_rows.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

constexpr const char* kTakeNumbers =
    "UPDATE feed_counter SET last = last + ?1 WHERE name = 'case_events' RETURNING last";
constexpr const char* kInsertFeed = "INSERT INTO case_feed (id, case_id, seq) VALUES (?1, ?2, ?3)";
constexpr const char* kHead = "SELECT last FROM feed_counter WHERE name = 'case_events'";

class SqlFeedRepository final : public store::FeedRepository {
 public:
  explicit SqlFeedRepository(Database& db) : db_(db) {}

  core::Result<store::FeedPage> After(std::int64_t after, int limit) override {
    static const std::string events = std::string("SELECT ") + kEventColumns +
                                      ", id FROM case_feed JOIN case_events USING (case_id, seq) "
                                      "WHERE id > ?1 ORDER BY id LIMIT ?2";
    static const std::string one_case = SelectCaseById();
    return db_.Read<store::FeedPage>([&](Connection& c) -> core::Result<store::FeedPage> {
      store::FeedPage page;
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kHead));
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return core::Internal("feed_counter has no 'case_events' row (migration 0014)");
        page.head = st.Int(0);
      }
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(events.c_str()));
        st.Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          store::FeedItem item;
          OG_ASSIGN_OR_RETURN(item.event, ReadEvent(st));
          item.id = st.Int(15);
          page.items.push_back(std::move(item));
        }
      }
      // Each case once, as it is now.
      std::map<std::int64_t, cases::Case> now;
      for (auto& item : page.items) {
        auto it = now.find(item.event.case_id);
        if (it == now.end()) {
          OG_ASSIGN_OR_RETURN(auto st, c.Prepare(one_case.c_str()));
          st.Bind(1, item.event.case_id);
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) return core::Internal("case " + std::to_string(item.event.case_id) + " of the feed is missing");
          OG_ASSIGN_OR_RETURN(auto k, ReadCase(st));
          it = now.emplace(item.event.case_id, std::move(k)).first;
        }
        item.now = it->second;
      }
      return page;
    });
  }

  core::Result<store::FeedTally> Tally() override {
    return db_.Read<store::FeedTally>([&](Connection& c) -> core::Result<store::FeedTally> {
      store::FeedTally t;
      auto one = [&](const char* sql, std::initializer_list<std::int64_t*> out) -> core::Result<void> {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return core::Internal(std::string("no row from ") + sql);
        int i = 0;
        for (auto* v : out) *v = st.Int(i++);
        return core::Ok();
      };
      OG_RETURN_IF_ERROR(one("SELECT COUNT(*) FROM case_events", {&t.events}));
      OG_RETURN_IF_ERROR(one("SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM case_feed",
                             {&t.numbers, &t.first, &t.last}));
      // Set differences (sorted once each), not correlated lookups: case_feed has no index on
      // (case_id, seq), and needs none for anything else.
      OG_RETURN_IF_ERROR(one("SELECT COUNT(*) FROM (SELECT case_id, seq FROM case_events "
                             "EXCEPT SELECT case_id, seq FROM case_feed) AS d",
                             {&t.unnumbered}));
      OG_RETURN_IF_ERROR(one("SELECT COUNT(*) FROM (SELECT case_id, seq FROM case_feed "
                             "EXCEPT SELECT case_id, seq FROM case_events) AS d",
                             {&t.orphans}));
      OG_RETURN_IF_ERROR(one("SELECT COUNT(*) FROM (SELECT case_id, seq FROM case_feed GROUP BY case_id, seq "
                             "HAVING COUNT(*) > 1) AS r",
                             {&t.repeated}));
      OG_RETURN_IF_ERROR(one(kHead, {&t.counter}));
      return t;
    });
  }

 private:
  static std::string SelectCaseById() { return std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?1"; }
  Database& db_;
};

}  // namespace

void FeedBatch::WriteEnded(bool ok) {
  if (ok) batch_.insert(batch_.end(), write_.begin(), write_.end());
  write_.clear();
}

void FeedBatch::BatchBegan() {
  write_.clear();
  batch_.clear();
}

core::Result<void> FeedBatch::Flush(Connection& c) {
  if (batch_.empty()) return core::Ok();
  std::int64_t id = 0;
  {
    OG_ASSIGN_OR_RETURN(auto take, c.Prepare(kTakeNumbers));
    take.Bind(1, static_cast<std::int64_t>(batch_.size()));
    OG_ASSIGN_OR_RETURN(bool row, take.Step());
    if (!row) return core::Internal("feed_counter has no 'case_events' row (migration 0014)");
    id = take.Int(0) - static_cast<std::int64_t>(batch_.size());
  }
  for (const auto& [case_id, seq] : batch_) {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kInsertFeed));
    st.Bind(1, ++id).Bind(2, case_id).Bind(3, seq);
    OG_RETURN_IF_ERROR(st.Queue());
  }
  batch_.clear();
  return c.Settle();
}

std::unique_ptr<store::FeedRepository> MakeFeedRepository(Database& db) {
  return std::make_unique<SqlFeedRepository>(db);
}

}  // namespace onegrid::store_sql
