#include "service/maintenance.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace onegrid::service {
namespace {

using namespace std::chrono_literals;

TEST(Maintenance, DeletesExpiredSessionsAndOldKeys) {
  testing::TempDir dir;
  core::FakeClock clock(core::Instant(core::Duration(1'790'000'000'000'000)));
  testing::TestDb db(dir);
  auto store = std::move(*db.Open(clock));
  auto user = store->users().Create({.username = "li", .display_name = "李", .phone = "", .unit_code = "",
                                     .roles = {{accounts::Role::kLeader, "410104"}}},
                                    "hash", clock.Now());
  ASSERT_TRUE(store->sessions().Create({std::string(32, 'a'), user->id, clock.Now(), clock.Now() + 1h, std::nullopt, "", std::string(32, 'd')}).has_value());
  ASSERT_TRUE(store->sessions().Create({std::string(32, 'b'), user->id, clock.Now(), clock.Now() + 48h, std::nullopt, "", ""}).has_value());
  EXPECT_TRUE(*store->sessions().KnowsDevice(user->id, std::string(32, 'd')));
  EXPECT_FALSE(*store->sessions().KnowsDevice(user->id, std::string(32, 'e')));
  store::NewCase c;
  c.district_code = "410104";
  c.report.at = clock.Now();
  c.idempotency = store::IdempotencyKey{user->id, "k", "h"};
  ASSERT_TRUE(store->cases().Create(c).has_value());

  Maintenance m(*store, clock, 24h);
  clock.Advance(2h);
  auto r = m.RunOnce();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->sessions_deleted, 1);
  EXPECT_EQ(r->idempotency_keys_deleted, 0);  // kept at least 24 h
  EXPECT_TRUE(store->cases().Create(c)->replayed);
  clock.Advance(23h);
  r = m.RunOnce();
  EXPECT_EQ(r->idempotency_keys_deleted, 1);
  EXPECT_FALSE(store->sessions().Find(std::string(32, 'a')).has_value());
  EXPECT_TRUE(store->sessions().Find(std::string(32, 'b')).has_value());
  EXPECT_TRUE(*store->sessions().KnowsDevice(user->id, std::string(32, 'd')));
  // A device not signed in on for 180 days is forgotten.
  clock.Advance(180 * 24h);
  r = m.RunOnce();
  EXPECT_EQ(r->devices_forgotten, 1);
  EXPECT_FALSE(*store->sessions().KnowsDevice(user->id, std::string(32, 'd')));
}

TEST(Maintenance, StopsPromptly) {
  testing::TempDir dir;
  core::SystemClock clock;
  testing::TestDb db(dir);
  auto store = std::move(*db.Open(clock));
  Maintenance m(*store, clock);
  m.Start(std::chrono::hours(1));
  m.Stop();  // returns without waiting for the period
  SUCCEED();
}

}  // namespace
}  // namespace onegrid::service
