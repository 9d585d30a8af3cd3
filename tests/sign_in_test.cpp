// Issue #20: sign-in under attack. Failed sign-ins slow an account down but never lock its
// owner out; guesses sent at once are counted before they are hashed; an administrator can
// unlock; password hashing runs a few at a time, so a hundred sign-ins at once stay in memory.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "service/password.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::ExpectError;
using testing::kPassword;

class SignInTest : public testing::ServerFixture {
 protected:
  testing::HttpResult SignIn(const std::string& user, const std::string& password,
                             const std::string& device = "") {
    json body = {{"username", user}, {"password", password}};
    if (!device.empty()) body["device"] = device;
    return client_->PostJson("/api/v1/session", body);
  }
};

TEST_F(SignInTest, OthersFailuresSlowStrangersButNotTheLeadersOwnDevice) {
  auto first = SignIn("leader", kPassword);
  ASSERT_EQ(first.status, 201) << first.body;
  std::string device = first.json()["device"];
  EXPECT_EQ(device.size(), 43u);
  // Someone who knows the leader's user name tries five wrong passwords (the limit).
  for (int i = 0; i < 5; ++i) ExpectError(SignIn("leader", "wrong-pw"), 401, "unauthenticated", "");
  // A client the leader never signed in on must wait, and is told how long and until when.
  auto stranger = SignIn("leader", kPassword);
  ExpectError(stranger, 429, "resource_exhausted", "");
  EXPECT_EQ(stranger.header("Retry-After"), "1");
  EXPECT_EQ(stranger.json()["error"]["message"],
            "too many failed sign-ins; try again at 2026-09-21T22:13:21+08:00 (in 1 s)");
  // The leader's own phone signs in at once, and keeps its key.
  auto own = SignIn("leader", kPassword, device);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json()["device"], device);
  // Each further failure doubles the wait; an administrator unlocks.
  clock_.Advance(1s);
  ExpectError(SignIn("leader", "wrong-pw"), 401, "unauthenticated", "");
  EXPECT_EQ(SignIn("leader", kPassword).header("Retry-After"), "2");
  std::int64_t id = client_->Get("/api/v1/me", own.json()["token"]).json()["id"];
  std::string target = "/api/v1/users/" + std::to_string(id) + "/actions/unlock";
  ExpectError(client_->PostJson(target, json::object(), own.json()["token"]), 403,
              "permission_denied", "");
  ExpectError(
      client_->PostJson("/api/v1/users/99999/actions/unlock", json::object(), Token("admin")), 404,
      "not_found", "");
  ExpectError(client_->PostJson("/api/v1/users/x/actions/unlock", json::object(), Token("admin")),
              400, "invalid_argument", "id");
  ExpectError(client_->PostJson(target, {{"why", "x"}}, Token("admin")), 400, "invalid_argument",
              "why");
  auto unlocked = client_->PostJson(target, json::object(), Token("admin"));
  ASSERT_EQ(unlocked.status, 200) << unlocked.body;
  EXPECT_EQ(unlocked.json()["unlocked"], true);
  EXPECT_EQ(SignIn("leader", kPassword).status, 201);
}

TEST_F(SignInTest, AHundredGuessesAtOnceAreCountedBeforeTheyAreHashed) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  for (int i = 0; i < 100; ++i) {
    threads.emplace_back([&, i] {
      testing::HttpClient c(port_);
      auto r = c.PostJson("/api/v1/session",
                          {{"username", "leader"}, {"password", "guess-" + std::to_string(i)}});
      (r.status == 401 ? wrong : r.status == 429 ? throttled : other)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 5);  // auth.login_max_failures_per_user: no more were checked
  EXPECT_EQ(throttled.load(), 95);
  EXPECT_EQ(other.load(), 0);
}

// The process's peak resident memory (VmHWM), in bytes.
std::size_t PeakMemory() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

class ManySignInsTest : public testing::ServerFixture {
 protected:
  void Configure(core::Config& c) override {
    c.password_hash = core::PasswordHashStrength::kInteractive;  // 64 MiB a hash, as in production
    c.hash_concurrency = 2;
    c.workers = 64;
    c.login_max_failures_per_address = 1000;  // a hundred people behind one office address
  }
};

TEST_F(ManySignInsTest, AHundredSignInsAtOnceStayUnderAGigabyte) {
  constexpr int kPeople = 100;
  // One interactive hash of the shared password stands for all of them (salted once, valid for
  // each).
  auto hash = service::HashPassword(kPassword, core::PasswordHashStrength::kInteractive);
  ASSERT_TRUE(hash.has_value());
  for (int i = 0; i < kPeople; ++i) {
    ASSERT_TRUE(server_->store()
                    .users()
                    .Create({.username = "gw" + std::to_string(i),
                             .display_name = "网格员",
                             .phone = "",
                             .unit_code = "",
                             .roles = {{accounts::Role::kGridWorker, "410104"}}},
                            *hash, clock_.Now())
                    .has_value());
  }
  std::vector<std::thread> threads;
  std::vector<int> status(kPeople, 0);
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      testing::HttpClient c(port_);
      status[i] = c.PostJson("/api/v1/session",
                             {{"username", "gw" + std::to_string(i)}, {"password", kPassword}})
                      .status;
    });
  }
  for (auto& t : threads) t.join();
  // Two hashes at once, a few more waiting their turn; the rest were told to retry (503).
  int signed_in = 0;
  for (int i = 0; i < kPeople; ++i) {
    ASSERT_TRUE(status[i] == 201 || status[i] == 503) << status[i];
    signed_in += status[i] == 201;
  }
  EXPECT_GE(signed_in, 2);
  RecordProperty("peak_mib", std::to_string(PeakMemory() >> 20));
  EXPECT_LT(PeakMemory(), std::size_t{1} << 30) << "peak " << (PeakMemory() >> 20) << " MiB";
  // Those told to retry get in when they do (five of them: each hash takes a tenth of a second).
  for (int i = 0, retried = 0; i < kPeople && retried < 5; ++i) {
    if (status[i] == 503) {
      ++retried;
      EXPECT_EQ(client_
                    ->PostJson("/api/v1/session",
                               {{"username", "gw" + std::to_string(i)}, {"password", kPassword}})
                    .status,
                201);
    }
  }
}

}  // namespace
}  // namespace onegrid
