#include "backend_test.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "support/temp_dir.hpp"

namespace onegrid::store_sql {
namespace {

using accounts::Role;

class StoreTest : public BackendTest {
 protected:
  int Latest() const {
    return GetParam() == "sqlite" ? store_sqlite::SqliteStore::LatestSchemaVersion()
                                  : store_pg::PgStore::LatestSchemaVersion();
  }
  accounts::NewUser Li() {
    return {.username = "li",
            .display_name = "李建国",
            .phone = "13800000000",
            .unit_code = "U1",
            .roles = {{Role::kGridWorker, "410104001"}, {Role::kLeader, "410104"}}};
  }
};

TEST_P(StoreTest, MigratesOnceAndRecordsTheVersion) {
  EXPECT_EQ(store_->migration_report().from_version, 0);
  EXPECT_EQ(store_->migration_report().to_version, Latest());
  EXPECT_FALSE(store_->migration_report().applied.empty());
  Reopen();
  EXPECT_TRUE(store_->migration_report().applied.empty());
  EXPECT_EQ(store_->migration_report().from_version, Latest());
}

TEST_P(StoreTest, RefusesADatabaseFromANewerOnegrid) {
  store_.reset();
  db_.Exec("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)");
  auto s = db_.Open(clock_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(StoreTest, UsersRoundTripAndSurviveReopening) {
  auto created = store_->users().Create(Li(), "hash", clock_.Now());
  ASSERT_TRUE(created.has_value()) << created.error().message;
  Reopen();
  auto found = store_->users().FindByUsername("li");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->display_name, "李建国");
  EXPECT_EQ(found->roles, Li().roles);
  EXPECT_EQ(found->created_at, clock_.Now());
  EXPECT_EQ(*store_->users().Count(), 1);
}

TEST_P(StoreTest, DuplicateUsernameIsAlreadyExistsAndWritesNothing) {
  ASSERT_TRUE(store_->users().Create(Li(), "hash", clock_.Now()).has_value());
  auto again = Li();
  again.display_name = "另一个";
  auto r = store_->users().Create(again, "hash2", clock_.Now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.error().field, "username");
  EXPECT_EQ(*store_->users().Count(), 1);
  EXPECT_EQ(store_->users().FindByUsername("li")->display_name, "李建国");
}

// Many writers at once share batches: each write that fails (a taken name) is rolled back to its
// own savepoint and fails alone with its own error; every other write in the same batch commits.
TEST_P(StoreTest, AFailingWriteInABatchFailsAloneAndItsNeighboursCommit) {
  constexpr int kThreads = 16, kEach = 10;
  std::atomic<int> made{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto u = Li();
        u.username = "u" + std::to_string(t % (kThreads / 2)) + "_" + std::to_string(i);  // each name twice
        auto r = store_->users().Create(u, "h", clock_.Now());
        if (r) {
          ++made;
        } else if (r.error().code == core::ErrorCode::kAlreadyExists && r.error().field == "username") {
          ++taken;
        } else {
          ++other;
          ADD_FAILURE() << r.error().message;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(made, kThreads * kEach / 2);
  EXPECT_EQ(taken, kThreads * kEach / 2);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(*store_->users().Count(), kThreads * kEach / 2);
  // Each user that exists has its roles: no write was half kept.
  auto users = store_->users().List(0, 500);
  ASSERT_TRUE(users.has_value());
  const auto roles = Li().roles;
  for (const auto& u : *users) EXPECT_EQ(u.roles, roles) << u.username;
}

// Issue #20: a write that throws (a library's strict mode, a broken invariant in a repository)
// fails alone, as a refused write does: what it changed is rolled back, its neighbours in the
// batch commit, and the writer goes on with the next batch.
TEST_P(StoreTest, AWriteThatThrowsFailsAloneAndTheWriterGoesOn) {
  ASSERT_TRUE(store_->users().Create(Li(), "hash", clock_.Now()).has_value());
  constexpr int kThreads = 8;
  std::atomic<int> made{0}, internal{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        if ((t + i) % 3 == 0) {
          auto r = store_->Write<int>([&](Connection& c) -> core::Result<int> {
            OG_RETURN_IF_ERROR(c.Exec("UPDATE users SET display_name = 'thrown away' WHERE username = 'li'"));
            if (i % 2 == 0) throw std::runtime_error("injected by the test");
            throw 42;  // not even a std::exception
          });
          if (!r && r.error().code == core::ErrorCode::kInternal) ++internal;
        } else {
          auto u = Li();
          u.username = "w" + std::to_string(t) + "_" + std::to_string(i);
          if (store_->users().Create(u, "h", clock_.Now())) ++made;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  int throwing = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < 10; ++i) throwing += (t + i) % 3 == 0;
  }
  EXPECT_EQ(internal, throwing);
  EXPECT_EQ(made, kThreads * 10 - throwing);
  EXPECT_EQ(store_->users().FindByUsername("li")->display_name, "李建国");  // nothing kept of a throw
  EXPECT_EQ(*store_->users().Count(), 1 + kThreads * 10 - throwing);
  auto u = Li();
  u.username = "after";
  EXPECT_TRUE(store_->users().Create(u, "h", clock_.Now()).has_value());
}

TEST_P(StoreTest, ListPagesById) {
  for (const char* n : {"a1", "a2", "a3"}) {
    auto u = Li();
    u.username = n;
    ASSERT_TRUE(store_->users().Create(u, "h", clock_.Now()).has_value());
  }
  auto first = store_->users().List(0, 2);
  ASSERT_EQ(first->size(), 2u);
  auto rest = store_->users().List(first->back().id, 2);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].username, "a3");
}

TEST_P(StoreTest, SessionsRevokeAndExpire) {
  auto user = store_->users().Create(Li(), "hash", clock_.Now());
  store::Session s{.token_hash = std::string(32, '\x01'),
                   .user_id = user->id,
                   .created_at = clock_.Now(),
                   .expires_at = clock_.Now() + std::chrono::hours(1),
                   .revoked_at = std::nullopt,
                   .client = "127.0.0.1",
                   .device_hash = std::string(32, '\x07')};
  ASSERT_TRUE(store_->sessions().Create(s).has_value());
  // Its device is remembered in the same write; signing in on it again only notes the time.
  EXPECT_TRUE(*store_->sessions().KnowsDevice(user->id, s.device_hash));
  EXPECT_FALSE(*store_->sessions().KnowsDevice(user->id + 1, s.device_hash));
  auto again = s;
  again.token_hash = std::string(32, '\x02');
  ASSERT_TRUE(store_->sessions().Create(again).has_value());
  EXPECT_EQ(*store_->sessions().DeleteStaleDevices(clock_.Now()), 0);
  EXPECT_EQ(*store_->sessions().DeleteStaleDevices(clock_.Now() + std::chrono::seconds(1)), 1);
  EXPECT_FALSE(*store_->sessions().KnowsDevice(user->id, s.device_hash));
  auto found = store_->sessions().Find(s.token_hash);
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->revoked_at.has_value());
  ASSERT_TRUE(store_->sessions().Revoke(s.token_hash, clock_.Now()).has_value());
  EXPECT_TRUE(store_->sessions().Find(s.token_hash)->revoked_at.has_value());
  EXPECT_EQ(store_->sessions().Revoke(s.token_hash, clock_.Now()).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(*store_->sessions().DeleteExpired(clock_.Now() + std::chrono::hours(2)), 2);
  EXPECT_EQ(store_->sessions().Find(s.token_hash).error().code, core::ErrorCode::kNotFound);
}

TEST_P(StoreTest, PasswordChangeRevokesEverySession) {
  auto user = store_->users().Create(Li(), "hash", clock_.Now());
  for (char c : {'a', 'b'}) {
    ASSERT_TRUE(store_->sessions()
                    .Create({std::string(32, c), user->id, clock_.Now(),
                             clock_.Now() + std::chrono::hours(1), std::nullopt, "", ""})
                    .has_value());
  }
  ASSERT_TRUE(store_->users().SetPasswordHash(user->id, "new", clock_.Now()).has_value());
  EXPECT_TRUE(store_->sessions().Find(std::string(32, 'a'))->revoked_at.has_value());
  EXPECT_TRUE(store_->sessions().Find(std::string(32, 'b'))->revoked_at.has_value());
  EXPECT_EQ(store_->users().FindById(user->id)->password_hash, "new");
  EXPECT_EQ(store_->users().FindById(user->id)->version, 2);
}

// An account's lifecycle (UserRepository::Change): only what is asked changes, at the version
// given, in one write with the revocation of its sessions; the sign-in time is kept.
TEST_P(StoreTest, AnAccountChangesAtItsVersionWithItsSessions) {
  auto user = store_->users().Create(Li(), "hash", clock_.Now());
  ASSERT_TRUE(user.has_value());
  EXPECT_FALSE(user->must_change_password);
  EXPECT_FALSE(user->last_sign_in_at.has_value());
  for (char c : {'a', 'b'}) {
    ASSERT_TRUE(store_->sessions()
                    .Create({std::string(32, c), user->id, clock_.Now(),
                             clock_.Now() + std::chrono::hours(1), std::nullopt, "", ""})
                    .has_value());
  }
  EXPECT_EQ(store_->users().FindById(user->id)->last_sign_in_at, clock_.Now());
  // A stale version changes nothing.
  store::UserChange stale;
  stale.id = user->id;
  stale.expected_version = 7;
  stale.disabled = true;
  stale.revoke_sessions = true;
  auto r = store_->users().Change(stale, clock_.Now());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kAborted);
  EXPECT_EQ(r.error().field, "expected_version");
  EXPECT_FALSE(store_->users().FindById(user->id)->disabled);
  EXPECT_FALSE(store_->sessions().Find(std::string(32, 'a'))->revoked_at.has_value());
  store::UserChange none;
  none.id = user->id + 100;
  none.disabled = true;
  EXPECT_EQ(store_->users().Change(none, clock_.Now()).error().code, core::ErrorCode::kNotFound);
  // New grants and unit, nothing else.
  clock_.Advance(std::chrono::seconds(5));
  store::UserChange grants;
  grants.id = user->id;
  grants.expected_version = 1;
  grants.roles = std::vector<accounts::RoleGrant>{{Role::kUnitStaff, "U2"}};
  grants.unit_code = "U2";
  auto changed = store_->users().Change(grants, clock_.Now());
  ASSERT_TRUE(changed.has_value()) << changed.error().message;
  EXPECT_EQ(changed->version, 2);
  EXPECT_EQ(changed->unit_code, "U2");
  ASSERT_EQ(changed->roles.size(), 1u);
  EXPECT_EQ(changed->roles[0].role, Role::kUnitStaff);
  EXPECT_EQ(changed->password_hash, "hash");
  EXPECT_FALSE(changed->disabled);
  EXPECT_EQ(changed->updated_at, clock_.Now());
  EXPECT_FALSE(store_->sessions().Find(std::string(32, 'b'))->revoked_at.has_value());
  // A new password that must be replaced; every session but the one kept ends with it.
  store::UserChange reset;
  reset.id = user->id;
  reset.expected_version = 2;
  reset.password_hash = "new";
  reset.must_change_password = true;
  reset.revoke_sessions = true;
  reset.keep_session = std::string(32, 'b');
  changed = store_->users().Change(reset, clock_.Now());
  ASSERT_TRUE(changed.has_value()) << changed.error().message;
  EXPECT_EQ(changed->password_hash, "new");
  EXPECT_TRUE(changed->must_change_password);
  EXPECT_EQ(changed->unit_code, "U2");
  EXPECT_EQ(changed->roles.size(), 1u);
  EXPECT_TRUE(store_->sessions().Find(std::string(32, 'a'))->revoked_at.has_value());
  EXPECT_FALSE(store_->sessions().Find(std::string(32, 'b'))->revoked_at.has_value());
  // Disabled at whatever version it is (0), every session ended.
  store::UserChange off;
  off.id = user->id;
  off.disabled = true;
  off.revoke_sessions = true;
  changed = store_->users().Change(off, clock_.Now());
  ASSERT_TRUE(changed.has_value());
  EXPECT_TRUE(changed->disabled);
  EXPECT_EQ(changed->version, 4);
  EXPECT_TRUE(store_->sessions().Find(std::string(32, 'b'))->revoked_at.has_value());
  EXPECT_TRUE(changed->last_sign_in_at.has_value());
}

TEST_P(StoreTest, PingFailsAfterClose) {
  EXPECT_TRUE(store_->Ping().has_value());
  store_->Close();
  EXPECT_EQ(store_->Ping().error().code, core::ErrorCode::kUnavailable);
}

ONEGRID_ON_BOTH_BACKENDS(StoreTest);

}  // namespace
}  // namespace onegrid::store_sql
