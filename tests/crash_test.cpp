// Issue #20, "kill -9 in the test suite": a real `onegrid serve` under a bounded load of intakes
// and actions is killed with SIGKILL at random moments and started again on the same database.
// Every case and action the server acknowledged must be there with its events; a retry with the
// same Idempotency-Key of a request whose answer was lost makes at most one case; and at the
// end `onegrid verify` finds nothing. On SQLite, and on PostgreSQL — where the database server is
// also stopped as a power cut would (pg_ctl -m immediate) under the load and started again.
// ONEGRID_BIN names the binary (ctest sets it).
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "store_pg/connection.hpp"
#include "store_sqlite/connection.hpp"
#include "support/cli_district.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpClient;

constexpr const char* kPassword = "crash-test-pw1";
constexpr int kRounds = 6;       // at least five kills
constexpr int kThreads = 6;      // clients at once
constexpr int kPerThread = 400;  // bound on each client's requests per round

std::string Bin() {
  const char* bin = std::getenv("ONEGRID_BIN");
  return bin ? bin : "";
}

// What the clients were told, and what they never heard back about.
struct Ledger {
  std::mutex mu;
  std::map<std::string, std::pair<std::int64_t, std::string>> cases;  // key → id, number (201)
  std::map<std::int64_t, int> accepted;     // id → version after accept (200)
  std::map<std::string, std::string> lost;  // key → body: no answer
  int unavailable = 0;                      // 503: refused, not written
};

class CrashTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Bin().empty()) << "set ONEGRID_BIN (ctest does)";
    if (GetParam() == "sqlite") {
      db_ = (dir_.path() / "crash.db").string();
    } else {
      // A cluster of this test's own: it is stopped under the load, which no other test may see.
      // A short directory (its socket's path has a limit), reachable by the postgres user.
      char pg_dir[] = "/tmp/og-crash-pg-XXXXXX";
      ASSERT_NE(::mkdtemp(pg_dir), nullptr);
      pg_dir_ = pg_dir;
      std::filesystem::permissions(
          pg_dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                       std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                       std::filesystem::perms::others_exec);
      pg_dir_ += "/pg";
      auto started = testing::Run(
          {"/bin/bash", std::string(ONEGRID_SOURCE_DIR) + "/scripts/pg_cluster", "start", pg_dir_});
      ASSERT_EQ(started.status, 0) << started.output;
      std::string out = started.output;
      out.erase(out.find_last_not_of("\n\r ") + 1);
      pg_port_ = out.substr(out.find_last_of('\n') + 1);  // the last line: the port
      db_ = "postgresql://postgres@127.0.0.1:" + pg_port_ + "/postgres";
    }
    media_ = (dir_.path() / "media").string();
    log_ = (dir_.path() / "server.log").string();
    binary_ = {Bin(), db_, media_};
    ASSERT_EQ(testing::MakeSmallDistrict(binary_, dir_.path(), {{"io", "intake_operator:410104"}},
                                         kPassword),
              "");
  }
  void TearDown() override {
    server_.reset();
    if (!pg_port_.empty()) {
      (void)testing::Run(
          {"/bin/bash", std::string(ONEGRID_SOURCE_DIR) + "/scripts/pg_cluster", "stop", pg_dir_});
      std::filesystem::remove_all(std::filesystem::path(pg_dir_).parent_path());
    }
  }

  // Starts the server on the database (a log of its own for each start); its port.
  unsigned short Serve() {
    std::string log = log_ + "." + std::to_string(++starts_);
    server_ = testing::Process::Start({Bin(), "--db", db_, "--media", media_, "--log-level", "warn",
                                       "serve", "--listen", "127.0.0.1:0"},
                                      log, {"ONEGRID_PASSWORD_HASH=minimum"});
    std::string line = testing::WaitForLine(log, "serving http://127.0.0.1:", 60s);
    EXPECT_FALSE(line.empty()) << "the server did not start";
    if (line.empty()) return 0;
    return static_cast<unsigned short>(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));
  }

  static std::string Body(const std::string& key) {
    return json{{"kind", "event"},
                {"category_code", "09009"},
                {"description", "崩溃测试 " + key},
                {"location", {{"lon", 113.7}, {"lat", 34.7}}},
                {"source", "hotline"}}
        .dump();
  }

  // One client: intakes with keys of its own, each case then accepted; stops at the first
  // request that gets no answer (the server is gone).
  static void Load(unsigned short port, const std::string& token, const std::string& prefix,
                   Ledger& ledger) {
    HttpClient c(port);
    net::Headers auth{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    for (int i = 0; i < kPerThread; ++i) {
      char key[64];
      std::snprintf(key, sizeof key, "%s-%04d", prefix.c_str(), i);
      std::string body = Body(key);
      net::Headers h = auth;
      h.emplace_back("Idempotency-Key", key);
      testing::HttpResult r;
      try {
        r = c.Send("POST", "/api/v1/cases", body, h);
      } catch (const std::exception&) {
        std::lock_guard lock(ledger.mu);
        ledger.lost[key] = body;
        return;
      }
      if (r.status == 503) {
        std::lock_guard lock(ledger.mu);
        ++ledger.unavailable;
        ledger.lost[key] = body;  // not written: a retry must make it once
        continue;
      }
      if (r.status != 201) {
        ADD_FAILURE() << "intake " << key << ": " << r.status << " " << r.body;
        return;
      }
      auto j = r.json();
      std::int64_t id = j["id"];
      {
        std::lock_guard lock(ledger.mu);
        ledger.cases[key] = {id, j["number"]};
      }
      try {
        r = c.Send("POST", "/api/v1/cases/" + std::to_string(id) + "/actions/accept",
                   R"({"expected_version":1})", auth);
      } catch (const std::exception&) {
        return;
      }
      if (r.status == 200) {
        std::lock_guard lock(ledger.mu);
        ledger.accepted[id] = r.json()["version"];
      } else if (r.status != 503) {
        ADD_FAILURE() << "accept " << id << ": " << r.status << " " << r.body;
        return;
      }
    }
  }

  // Everything acknowledged is there; every lost request, retried with its key, makes one case.
  void Check(unsigned short port, const std::string& token, Ledger& ledger) {
    HttpClient c(port);
    for (const auto& [key, ack] : ledger.cases) {
      auto r = c.Get("/api/v1/cases/" + std::to_string(ack.first), token);
      ASSERT_EQ(r.status, 200) << "acknowledged case " << key << " is gone: " << r.body;
      auto j = r.json();
      EXPECT_EQ(j["number"], ack.second);
      EXPECT_EQ(j["history"][0]["action"], "report");
      if (auto it = ledger.accepted.find(ack.first); it != ledger.accepted.end()) {
        EXPECT_GE(j["version"].get<int>(), it->second)
            << "acknowledged accept of " << key << " is gone";
        EXPECT_EQ(j["history"][1]["action"], "accept");
      }
    }
    for (const auto& [key, body] : ledger.lost) {
      auto r = c.Send("POST", "/api/v1/cases", body,
                      {{"Authorization", "Bearer " + token},
                       {"Content-Type", "application/json"},
                       {"Idempotency-Key", key}});
      ASSERT_EQ(r.status, 201) << "retry of " << key << ": " << r.body;
      ledger.cases[key] = {r.json()["id"], r.json()["number"]};
    }
    ledger.lost.clear();
  }

  // Cases per description: each key's text once, never twice.
  void ExpectOneCaseEach(std::size_t expected) {
    std::unique_ptr<store_sql::Connection> conn;
    if (pg_port_.empty()) {
      conn =
          std::move(*store_sqlite::Connection::Open(db_, store_sqlite::Connection::Mode::kWriter));
    } else {
      conn = std::move(
          *store_pg::Connection::Open(db_, store_pg::Connection::Mode::kPlain, "crash test"));
    }
    auto twice = conn->PrepareOnce(
        "SELECT description, COUNT(*) FROM cases GROUP BY description HAVING COUNT(*) > 1");
    ASSERT_TRUE(twice.has_value());
    auto row = twice->Step();
    ASSERT_TRUE(row.has_value());
    EXPECT_FALSE(*row) << "made twice: " << twice->Text(0);
    auto all = conn->PrepareOnce("SELECT COUNT(*) FROM cases");
    ASSERT_TRUE(all.has_value() && *all->Step());
    EXPECT_EQ(static_cast<std::size_t>(all->Int(0)), expected);
  }

  testing::TempDir dir_;
  std::string db_, media_, log_, pg_port_, pg_dir_;
  testing::Binary binary_;
  std::unique_ptr<testing::Process> server_;
  int starts_ = 0;
};

TEST_P(CrashTest, KilledAtRandomMomentsNothingAcknowledgedIsLost) {
  std::mt19937 rng(20261203);
  Ledger ledger;
  unsigned short port = Serve();
  std::string token;
  {
    HttpClient c(port);
    auto r = c.PostJson("/api/v1/session", {{"username", "io"}, {"password", kPassword}});
    ASSERT_EQ(r.status, 201) << r.body;
    token = r.json()["token"];  // a session survives the kills too
  }
  int kills = 0, power_cuts = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::thread> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.emplace_back(Load, port, token, "r" + std::to_string(round) + "t" + std::to_string(t),
                           std::ref(ledger));
    }
    // The load runs for a random while; on PostgreSQL, once, the database itself goes down
    // under it and comes back before the kill.
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<>(300, 1500)(rng)));
    if (!pg_port_.empty() && round == 2) {
      const std::string& pg = pg_dir_;
      auto crash = testing::Run(
          {"/bin/bash", std::string(ONEGRID_SOURCE_DIR) + "/scripts/pg_cluster", "crash", pg});
      ASSERT_EQ(crash.status, 0) << crash.output;
      std::this_thread::sleep_for(500ms);
      auto back = testing::Run(
          {"/bin/bash", std::string(ONEGRID_SOURCE_DIR) + "/scripts/pg_cluster", "restart", pg});
      ASSERT_EQ(back.status, 0) << back.output;
      ++power_cuts;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<>(500, 1500)(rng)));
    }
    server_->Signal(SIGKILL);
    EXPECT_EQ(server_->Wait(), 128 + SIGKILL);
    ++kills;
    for (auto& c : clients) c.join();
    port = Serve();
    ASSERT_NO_FATAL_FAILURE(Check(port, token, ledger));
  }
  EXPECT_GE(kills, 5);
  EXPECT_GE(ledger.cases.size(), 50u) << "the load was too light to prove anything";
  RecordProperty("acknowledged_cases", static_cast<int>(ledger.cases.size()));
  RecordProperty("acknowledged_accepts", static_cast<int>(ledger.accepted.size()));
  RecordProperty("unavailable", ledger.unavailable);
  if (!pg_port_.empty()) {
    EXPECT_EQ(power_cuts, 1);
  }
  // A clean stop, then the whole log against its chain, rows and feed.
  server_->Signal(SIGTERM);
  EXPECT_EQ(server_->Wait(), 0);
  server_.reset();
  ExpectOneCaseEach(ledger.cases.size());
  auto verify = binary_.Cli({"verify"});
  EXPECT_EQ(verify.status, 0) << verify.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid
