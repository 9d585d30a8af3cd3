// What servers sharing a database hear of each other, on both backends where it applies: a
// change is announced once committed and never when its write fails; on PostgreSQL every server
// hears every other's changes, one of them leads the timers, and another takes over when it stops
// or its session dies.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "backend_test.hpp"

namespace onegrid::store_sql {
namespace {

using namespace std::chrono_literals;

// The changes a store announced, in order; Wait() waits (bounded) for the n-th.
class Heard {
 public:
  explicit Heard(store::Store& s) : store_(s), id_(s.Subscribe([this](const store::Change& c) {
    std::lock_guard lock(mu_);
    changes_.push_back(c);
    cv_.notify_all();
  })) {}
  ~Heard() { store_.Unsubscribe(id_); }
  std::vector<store::Change> Wait(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 20s, [&] { return changes_.size() >= n; });
    return changes_;
  }

 private:
  store::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<store::Change> changes_;
  std::int64_t id_;
};

accounts::Unit Unit(const std::string& code) {
  accounts::Unit u;
  u.code = code;
  u.name = "单位" + code;
  return u;
}

using ChangesTest = BackendTest;

TEST_P(ChangesTest, AChangeIsAnnouncedAfterItsCommitAndAFailedWriteAnnouncesNothing) {
  Heard heard(*store_);
  ASSERT_TRUE(store_->units().Create(Unit("JJDD")).has_value());
  ASSERT_FALSE(store_->units().Create(Unit("JJDD")).has_value());  // the code is taken
  ASSERT_TRUE(store_->routing().Add({0, "{}", clock_.Now(), 0, "test"}).has_value());
  auto changes = heard.Wait(2);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].topic, "units");
  EXPECT_EQ(changes[1].topic, "routing");
  EXPECT_EQ(changes[1].version, 1);
  EXPECT_TRUE(changes[0].here && changes[1].here);
}

TEST_P(ChangesTest, TheOnlyServerOfADatabaseLeadsItsTimers) {
  auto lead = store_->LeadTimers();
  ASSERT_TRUE(lead.has_value()) << lead.error().message;
  EXPECT_TRUE(*lead);
  EXPECT_TRUE(*store_->LeadTimers());  // and keeps leading
}

ONEGRID_ON_BOTH_BACKENDS(ChangesTest);

// Two onegrid servers on one PostgreSQL database.
class TwoServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto* s : {&a_, &b_}) {
      auto opened = db_.Open(clock_);
      ASSERT_TRUE(opened.has_value()) << opened.error().message;
      *s = std::move(*opened);
    }
  }
  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  testing::TempDir dir_;
  testing::TestDb db_{dir_, "postgresql"};
  std::unique_ptr<Database> a_, b_;
};

TEST_F(TwoServersTest, EachHearsTheOthersChangesInCommitOrder) {
  Heard on_a(*a_), on_b(*b_);
  ASSERT_TRUE(b_->sla().Add({0, "{}", clock_.Now(), 0, "from b"}).has_value());
  ASSERT_TRUE(a_->units().Create(Unit("JJDD")).has_value());
  for (auto* heard : {&on_a, &on_b}) {
    auto changes = heard->Wait(2);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].topic, "sla");
    EXPECT_EQ(changes[1].topic, "units");
  }
  EXPECT_FALSE(on_a.Wait(2)[0].here);  // b's change, heard on a
  EXPECT_TRUE(on_a.Wait(2)[1].here);
  EXPECT_TRUE(on_b.Wait(2)[0].here);
  EXPECT_FALSE(on_b.Wait(2)[1].here);
}

TEST_F(TwoServersTest, OneLeadsTheTimersAndTheOtherTakesOverWhenItStops) {
  ASSERT_TRUE(*a_->LeadTimers());
  EXPECT_FALSE(*b_->LeadTimers());
  EXPECT_TRUE(*a_->LeadTimers());
  a_->Close();
  EXPECT_FALSE(*a_->LeadTimers());  // a closed store leads nothing
  EXPECT_TRUE(*b_->LeadTimers());
}

TEST_F(TwoServersTest, WhenTheLeadersSessionDiesAnotherTakesOver) {
  ASSERT_TRUE(*a_->LeadTimers());
  ASSERT_FALSE(*b_->LeadTimers());
  // The database ends the leader's session (as when its machine is lost): its lock goes with it.
  auto admin = db_.Connect();
  auto killed = admin->PrepareOnce(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted "
      "AND classid = 7100002 AND objid::bigint = (hashtext(current_schema())::bigint & 4294967295)");
  ASSERT_TRUE(killed.has_value()) << killed.error().message;
  ASSERT_TRUE(*killed->Step());
  EXPECT_EQ(killed->Int(0), 1);
  bool taken = false;
  for (int i = 0; i < 200 && !taken; ++i) {  // the backend exits a moment after it is told
    taken = *b_->LeadTimers();
    if (!taken) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(taken);
  EXPECT_FALSE(*a_->LeadTimers());  // it finds its session gone and the lock held by b
}

// Ends this schema's sessions of one kind, as a failover or a restarted database would.
int Terminate(const testing::TestDb& db, const std::string& role) {
  auto admin = db.Connect();
  auto st = admin->PrepareOnce(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
      "'onegrid " + role + " ' || substr(md5(current_schema()), 1, 12)");
  EXPECT_TRUE(st.has_value()) << st.error().message;
  if (!st) return -1;
  auto row = st->Step();
  EXPECT_TRUE(row.has_value() && *row);
  return static_cast<int>(st->Int(0));
}

TEST_F(TwoServersTest, AWriteSurvivesTheLossOfTheWritersConnection) {
  ASSERT_TRUE(a_->units().Create(Unit("JJDD")).has_value());
  ASSERT_EQ(Terminate(db_, "writer"), 2);  // a's and b's
  std::this_thread::sleep_for(200ms);  // the backends exit a moment after they are told
  // The next batch finds its connection gone before anything was committed: it runs again on a
  // new one, and the caller only sees that it succeeded.
  auto r = a_->units().Create(Unit("CGJ"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(a_->units().Get("CGJ").has_value());
  EXPECT_TRUE(b_->units().Create(Unit("YLJ")).has_value());
}

TEST_F(TwoServersTest, AListenerThatLostItsConnectionSaysResyncAndHearsAgain) {
  Heard on_a(*a_);
  ASSERT_EQ(Terminate(db_, "listener"), 2);
  auto first = on_a.Wait(1);  // it listens again and tells its subscribers to reload
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].topic, "resync");
  ASSERT_TRUE(b_->units().Create(Unit("JJDD")).has_value());
  auto changes = on_a.Wait(2);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].topic, "units");
}

}  // namespace
}  // namespace onegrid::store_sql
