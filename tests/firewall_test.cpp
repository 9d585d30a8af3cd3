// Issue #20, "No exception ends the process": a job that throws on any thread of a running
// server — the writer, the handlers' path through it, the timers, maintenance, the stream pump,
// the delivery of committed changes (the writer on SQLite, the listener on PostgreSQL) — fails
// alone, and the next request is served.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>

#include "store_sql/database.hpp"
#include "support/server_fixture.hpp"
#include "support/ws_client.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class FirewallTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override { c.timer_interval = 3600s; }  // a ticking thread, idle
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
  }
  // Waits for a promise kept on the thread under test: generous, so a slow machine never fails.
  static void Await(std::promise<void>& p) {
    ASSERT_EQ(p.get_future().wait_for(60s), std::future_status::ready)
        << "the thread did not go on";
  }
  // After a throw somewhere: the server still answers, reads and writes.
  void ExpectServing() {
    EXPECT_EQ(client_->Get("/healthz").status, 200);
    EXPECT_GT(Intake(), 0);
  }
};

TEST_F(FirewallTest, AWriteThatThrowsFailsAloneAndTheWriterGoesOn) {
  auto& db = dynamic_cast<store_sql::Database&>(server_->store());
  auto r = db.Write<int>(
      [](store_sql::Connection&) -> core::Result<int> { throw std::logic_error("injected"); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
  ExpectServing();
}

TEST_F(FirewallTest, TheTimersThreadGoesOnAfterAThrow) {
  server_->timers().Post([] { throw std::runtime_error("injected into the timers"); });
  std::promise<void> after;
  server_->timers().Post([&] { after.set_value(); });
  Await(after);
  ExpectServing();
  EXPECT_TRUE(server_->timers().Tick().has_value());
}

TEST_F(FirewallTest, TheMaintenanceThreadGoesOnAfterAThrow) {
  ASSERT_NE(server_->maintenance(), nullptr);
  server_->maintenance()->Post([] { throw 7; });
  std::promise<void> after;
  server_->maintenance()->Post([&] { after.set_value(); });
  Await(after);
  ExpectServing();
}

TEST_F(FirewallTest, TheStreamPumpGoesOnAfterAThrow) {
  auto opened = testing::WsClient::Connect(port_, "/api/v1/stream?after=0",
                                           {{"Authorization", "Bearer " + Token("leader")}});
  ASSERT_TRUE(opened.client) << opened.status << " " << opened.body;
  auto ready = opened.client->Read();
  ASSERT_TRUE(ready && json::parse(*ready)["type"] == "ready");
  server_->api().PostToStreamPump([] { throw std::runtime_error("injected into the pump"); });
  std::promise<void> after;
  server_->api().PostToStreamPump([&] { after.set_value(); });
  Await(after);
  std::int64_t id = Intake();
  ASSERT_GT(id, 0);
  // The client still hears the case the pump carries after the throw.
  auto event = opened.client->Read();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(json::parse(*event)["case"]["id"], id);
}

TEST_F(FirewallTest, ASubscriberThatThrowsMissesAChangeAndTheOthersHearIt) {
  // On SQLite the writer delivers each change after its commit; on PostgreSQL the listener
  // thread does, as NOTIFY brings it.
  std::atomic<int> heard{0};
  auto throwing = server_->store().Subscribe(
      [](const store::Change&) { throw std::runtime_error("injected"); });
  std::promise<void> two;
  std::atomic<bool> kept{false};
  auto counting = server_->store().Subscribe([&](const store::Change& c) {
    if (c.topic == "case" && ++heard == 2 && !kept.exchange(true)) two.set_value();
  });
  ASSERT_GT(Intake(), 0);
  ASSERT_GT(Intake(), 0);
  Await(two);
  server_->store().Unsubscribe(throwing);
  server_->store().Unsubscribe(counting);
  ExpectServing();
}

}  // namespace
}  // namespace onegrid
