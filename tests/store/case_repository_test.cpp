#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "backend_test.hpp"
#include "support/temp_dir.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::Event;

class CaseRepositoryTest : public BackendTest {
 protected:
  store::NewCase Request(const std::string& street = "410104001000") {
    store::NewCase r;
    r.district_code = "410104";
    r.fields.category_code = "09009";
    r.fields.description = "机动车乱停放";
    r.fields.district_code = "410104";
    r.fields.street_code = street;
    r.report.actor_id = 3;
    r.report.actor_name = "李网格";
    r.report.role = "grid_worker";
    r.report.at = clock_.Now();
    return r;
  }
  // Open cases of 09009 within 50 m of (lon, lat), reported in the last 72 hours.
  store::NearbyQuery Near(double lon, double lat) {
    store::NearbyQuery q;
    q.lon = lon;
    q.lat = lat;
    q.radius_m = 50;
    q.to = clock_.Now();
    q.from = q.to - std::chrono::hours(72);
    q.category_prefix = "09009";
    return q;
  }
};

TEST_P(CaseRepositoryTest, NumbersAreGapFreePerDay) {
  auto a = store_->cases().Create(Request());
  auto b = store_->cases().Create(Request());
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->value.number, "410104-20260921-000001");
  EXPECT_EQ(b->value.number, "410104-20260921-000002");
  // A failed write (an idempotency conflict) does not use up a number.
  auto keyed = Request();
  keyed.idempotency = store::IdempotencyKey{3, "k1", "h1"};
  ASSERT_TRUE(store_->cases().Create(keyed).has_value());
  keyed.idempotency->request_hash = "h2";
  EXPECT_EQ(store_->cases().Create(keyed).error().code, core::ErrorCode::kAborted);
  EXPECT_EQ(store_->cases().Create(Request())->value.number, "410104-20260921-000004");
  clock_.Advance(std::chrono::hours(2));  // past midnight in Zhengzhou
  EXPECT_EQ(store_->cases().Create(Request())->value.number, "410104-20260922-000001");
}

TEST_P(CaseRepositoryTest, IdempotencyReturnsTheFirstCase) {
  auto r = Request();
  r.idempotency = store::IdempotencyKey{3, "key-1", "hash-a"};
  auto first = store_->cases().Create(r);
  auto again = store_->cases().Create(r);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->value.id, first->value.id);
  EXPECT_EQ(*store_->cases().Count(), 1);
  r.idempotency->user_id = 4;  // keys belong to their user
  EXPECT_FALSE(store_->cases().Create(r)->replayed);
}

TEST_P(CaseRepositoryTest, ActWritesTheEventAndTheRowTogether) {
  auto made = store_->cases().Create(Request());
  auto acted = store_->cases().Act(made->value.id, [&](const Case& c) -> core::Result<Event> {
    Event e;
    e.action = "accept";
    e.from = c.state;
    e.to = cases::State::kAccepted;
    e.actor_id = 5;
    e.at = clock_.Now();
    return e;
  });
  ASSERT_TRUE(acted.has_value()) << acted.error().message;
  EXPECT_EQ(acted->state, cases::State::kAccepted);
  EXPECT_EQ(acted->version, 2);
  auto events = store_->cases().Events(made->value.id);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].prev_hash, (*events)[0].hash);
  EXPECT_EQ(*store_->cases().Get(made->value.id), *acted);
  // A refusal inside the transaction writes nothing.
  auto refused = store_->cases().Act(made->value.id, [](const Case&) -> core::Result<Event> {
    return core::FailedPrecondition("no");
  });
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->cases().Events(made->value.id)->size(), 2u);
  EXPECT_EQ(store_->cases().Act(999, [](const Case&) -> core::Result<Event> { return Event{}; }).error().code,
            core::ErrorCode::kNotFound);
}

TEST_P(CaseRepositoryTest, TheCasesHoldingAFileAreKnownAndMigratedFromOlderFiles) {
  const std::string photo(64, 'a'), other(64, 'b');
  auto attach = [&](std::int64_t id, const std::string& sha) {
    auto r = store_->cases().Act(id, [&](const Case& c) -> core::Result<Event> {
      Event e;
      e.action = "attach";
      e.from = c.state;
      e.to = c.state;
      e.actor_id = 3;
      e.at = clock_.Now();
      e.attachments = {sha};
      return e;
    });
    ASSERT_TRUE(r.has_value()) << r.error().message;
  };
  std::int64_t a = store_->cases().Create(Request())->value.id;
  std::int64_t b = store_->cases().Create(Request())->value.id;
  attach(a, photo);
  attach(a, photo);  // the same file twice on one case: held once
  attach(b, photo);
  attach(b, other);
  EXPECT_EQ(*store_->cases().HoldingMedia(photo, 10), (std::vector<std::int64_t>{b, a}));
  EXPECT_EQ(*store_->cases().HoldingMedia(photo, 1), (std::vector<std::int64_t>{b}));
  EXPECT_EQ(*store_->cases().HoldingMedia(other, 10), (std::vector<std::int64_t>{b}));
  EXPECT_TRUE(store_->cases().HoldingMedia(std::string(64, 'c'), 10)->empty());
  // A database from before the table: the migration fills it from the cases' attachments.
  store_.reset();
  db_.Exec("DROP TABLE case_media");
  db_.Exec("ALTER TABLE users DROP COLUMN must_change_password");  // and what came after it
  db_.Exec("ALTER TABLE users DROP COLUMN last_sign_in_at");
  db_.Exec("DELETE FROM schema_migrations WHERE version >= 18");
  Reopen();
  EXPECT_EQ(*store_->cases().HoldingMedia(photo, 10), (std::vector<std::int64_t>{b, a}));
  EXPECT_EQ(*store_->cases().HoldingMedia(other, 10), (std::vector<std::int64_t>{b}));
}

TEST_P(CaseRepositoryTest, ListFiltersByScopeAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_->cases().Create(Request(i % 2 ? "410104002000" : "410104001000")).has_value());
    clock_.Advance(std::chrono::minutes(1));
  }
  store::CaseFilter f;
  f.areas = {"410104002000"};
  auto two = store_->cases().List(f);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_GT((*two)[0].created_at, (*two)[1].created_at);  // newest first
  f = {};
  f.everything = true;
  f.limit = 2;
  auto page1 = store_->cases().List(f);
  f.after = {{page1->back().created_at, page1->back().id}};
  auto page2 = store_->cases().List(f);
  f.after = {{page2->back().created_at, page2->back().id}};
  auto page3 = store_->cases().List(f);
  EXPECT_EQ(page1->size() + page2->size() + page3->size(), 5u);
  EXPECT_EQ(page3->size(), 1u);
  EXPECT_EQ(page3->front().id, 1);
  f = {};
  f.units = {"U1"};  // nothing was dispatched yet
  EXPECT_TRUE(store_->cases().List(f)->empty());
}

TEST_P(CaseRepositoryTest, OpenCasesNearAPointAcrossCellEdgesExactlyAndInTheWriteItself) {
  // 34.700 and 113.700 are edges of the 0.001-degree cells: cases a few metres apart lie in
  // four different cells and must all be found; one just outside the radius must not.
  auto at = [&](double lon, double lat, const std::string& code = "09009") {
    auto r = Request();
    r.fields.lon = lon;
    r.fields.lat = lat;
    r.fields.category_code = code;
    return store_->cases().Create(r)->value.id;
  };
  auto ne = at(113.70001, 34.70001), nw = at(113.69999, 34.70001), se = at(113.70001, 34.69999),
       sw = at(113.69999, 34.69999);
  at(113.70001 + 50.5 / 91'400.0, 34.70001);  // about 50.5 m east of ne
  at(113.70001, 34.70001, "09010");             // another category
  auto class_mate = at(113.70002, 34.70001, "09001");
  store::NearbyQuery q = Near(113.70001, 34.70001);
  auto near = store_->cases().OpenNear(q);
  ASSERT_TRUE(near.has_value()) << near.error().message;
  std::vector<std::int64_t> ids;
  for (const auto& n : *near) ids.push_back(n.candidate.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{ne, nw, se, sw}));  // nearest first
  EXPECT_EQ(near->front().candidate.distance_m, 0);
  q.category_prefix = "09";  // the whole class
  EXPECT_EQ(store_->cases().OpenNear(q)->size(), 6u);
  EXPECT_EQ(store_->cases().OpenNear(q)->at(2).candidate.id, class_mate);  // after ne and the 09010, 0.9 m
  q.from = q.to + std::chrono::seconds(1);  // the window excludes them all
  EXPECT_TRUE(store_->cases().OpenNear(q)->empty());
  // A new case asking for its duplicates inside its own write sees the ones just made.
  auto r = Request();
  r.fields.lon = 113.70001;
  r.fields.lat = 34.70001;
  q.category_prefix = "09009";
  q.from = q.to - std::chrono::hours(72);
  r.duplicates = q;
  auto made = store_->cases().Create(r);
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(made->value.duplicate_candidates.size(), 4u);
  EXPECT_EQ(store_->cases().Events(made->value.id)->front().payload["duplicate_candidates"].size(), 4u);
}

// Reports made at once at one place, in one or a few batches: each is shown exactly the ones
// written before it (the search runs inside the write's transaction).
TEST_P(CaseRepositoryTest, ReportsMadeAtOnceAtOnePlaceSeeEachOther) {
  store::NearbyQuery q = Near(113.6851, 34.7512);
  q.limit = 20;
  constexpr int kReports = 12;
  std::vector<core::Result<store::CreatedCase>> made(kReports, core::Internal("not run"));
  std::vector<std::thread> reporters;
  for (int i = 0; i < kReports; ++i) {
    reporters.emplace_back([&, i] {
      auto r = Request();
      r.fields.lon = q.lon + i * 1e-6;  // about 9 cm apart
      r.fields.lat = q.lat;
      r.duplicates = q;
      made[i] = store_->cases().Create(r);
    });
  }
  for (auto& t : reporters) t.join();
  std::map<std::int64_t, std::set<std::int64_t>> shown;  // by id, in the order written
  for (const auto& m : made) {
    ASSERT_TRUE(m.has_value()) << m.error().message;
    for (const auto& c : m->value.duplicate_candidates) shown[m->value.id].insert(c.id);
    shown[m->value.id];
  }
  std::set<std::int64_t> before;
  for (const auto& [id, candidates] : shown) {
    EXPECT_EQ(candidates, before) << "case " << id;
    before.insert(id);
  }
}

ONEGRID_ON_BOTH_BACKENDS(CaseRepositoryTest);

}  // namespace
}  // namespace onegrid::store_sql
