// The soak (issue #20): a real `onegrid serve` under a bounded, mixed load for a while —
// intakes with their accept and, every fourth, a photo; case lists, single cases and the feed;
// WebSocket stream clients that stay and that come and go — with the server's resident memory
// sampled every 10 s. Passes with no error at all, a clean exit and a database that verifies;
// a run of 5 minutes or more also needs memory after the warm-up (the first fifth of the run,
// at least 2 minutes) to grow less than 10 % to the end. A shorter run (ctest soak.short) prints
// its memory but does not judge it: SQLite's page caches (one per pooled reader) fill over the
// first minutes, so a minute's growth says nothing about a leak (bench/README.md has the curve).
// Usage: onegrid_soak ONEGRID_BIN SECONDS [WORK_DIR]   (make soak: 600 s; ctest soak.short: 60 s)
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/cli_district.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/ws_client.hpp"

namespace {

using namespace std::chrono_literals;
using onegrid::testing::HttpClient;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "soak-password-1";

std::size_t ResidentKib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

// A small PNG (with its IHDR, IDAT and IEND), a different one for each seed.
std::string Png(std::uint32_t seed) {
  std::string p("\x89PNG\r\n\x1A\n", 8);
  auto chunk = [&](const std::string& type, const std::string& data) {
    std::uint32_t n = static_cast<std::uint32_t>(data.size());
    for (int i = 3; i >= 0; --i) p += static_cast<char>((n >> (8 * i)) & 0xff);
    p += type + data + std::string(4, '\0');
  };
  std::string ihdr(13, '\0');
  ihdr[3] = 1;
  ihdr[7] = 1;
  ihdr[8] = 8;
  chunk("IHDR", ihdr);
  std::string idat(64 + seed % 512, static_cast<char>(seed));
  chunk("IDAT", idat);
  chunk("IEND", "");
  return p;
}

struct Tally {
  std::mutex mu;
  std::map<std::string, long> done;
  std::map<std::string, long> errors;
  std::vector<std::string> first_errors;
  void Ok(const std::string& what) {
    std::lock_guard lock(mu);
    ++done[what];
  }
  void Error(const std::string& what, const std::string& detail) {
    std::lock_guard lock(mu);
    ++errors[what];
    if (first_errors.size() < 10) first_errors.push_back(what + ": " + detail.substr(0, 300));
  }
};

// Sleeps what is left of `period` since `start`: each client keeps to its own rate.
void Pace(Clock::time_point& start, std::chrono::milliseconds period) {
  start += period;
  auto now = Clock::now();
  if (start > now)
    std::this_thread::sleep_for(start - now);
  else
    start = now;
}

void Reporter(unsigned short port, const std::string& token, int n, Clock::time_point until,
              Tally& t) {
  HttpClient c(port);
  onegrid::net::Headers auth{{"Authorization", "Bearer " + token},
                             {"Content-Type", "application/json"}};
  std::mt19937 rng(1000 + n);
  auto tick = Clock::now();
  for (int i = 0; Clock::now() < until; ++i) {
    Pace(tick, 50ms);  // 20 reports a second per reporter
    nlohmann::json body = {
        {"kind", "event"},
        {"category_code", "09009"},
        {"description",
         "浸泡测试 " + std::to_string(n) + "-" + std::to_string(i) + " 机动车乱停放"},
        {"location",
         {{"lon", 113.61 + (rng() % 1300) / 10000.0}, {"lat", 34.61 + (rng() % 1800) / 10000.0}}},
        {"source", "hotline"}};
    auto h = auth;
    h.emplace_back("Idempotency-Key", "soak-" + std::to_string(n) + "-" + std::to_string(i));
    auto r = c.Send("POST", "/api/v1/cases", body.dump(), h);
    if (r.status != 201) {
      t.Error("intake", std::to_string(r.status) + " " + r.body);
      continue;
    }
    t.Ok("intake");
    std::int64_t id = r.json()["id"];
    r = c.Send("POST", "/api/v1/cases/" + std::to_string(id) + "/actions/accept",
               R"({"expected_version":1})", auth);
    r.status == 200 ? t.Ok("accept") : t.Error("accept", std::to_string(r.status) + " " + r.body);
    if (i % 4 == 0) {
      std::string form =
          "--SoakX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"现场照片.png\"\r\n"
          "Content-Type: image/png\r\n\r\n" +
          Png(static_cast<std::uint32_t>(rng())) +
          "\r\n--SoakX\r\nContent-Disposition: form-data; "
          "name=\"note\"\r\n\r\n现场\r\n--SoakX--\r\n";
      r = c.Send("POST", "/api/v1/cases/" + std::to_string(id) + "/attachments", form,
                 {{"Authorization", "Bearer " + token},
                  {"Content-Type", "multipart/form-data; boundary=SoakX"}});
      r.status == 201 ? t.Ok("photo") : t.Error("photo", std::to_string(r.status) + " " + r.body);
    }
  }
}

void Reader(unsigned short port, const std::string& token, int n, Clock::time_point until,
            Tally& t) {
  HttpClient c(port);
  auto tick = Clock::now();
  const char* lists[] = {"/api/v1/cases?limit=50", "/api/v1/cases?state=accepted&limit=20",
                         "/api/v1/cases?street=410104001000&limit=50&sort=created_at",
                         "/api/v1/cases?q=%E6%B5%B8%E6%B3%A1&limit=10"};
  for (int i = 0; Clock::now() < until; ++i) {
    Pace(tick, 25ms);  // 40 reads a second per reader
    auto r = c.Get(lists[(i + n) % 4], token);
    if (r.status != 200) {
      t.Error("list", std::to_string(r.status) + " " + r.body);
      continue;
    }
    t.Ok("list");
    auto items = r.json()["items"];
    if (!items.empty()) {
      std::int64_t id = items[static_cast<std::size_t>(i) % items.size()]["id"];
      auto one = c.Get("/api/v1/cases/" + std::to_string(id), token);
      one.status == 200 ? t.Ok("case")
                        : t.Error("case", std::to_string(one.status) + " " + one.body);
    }
    if (i % 10 == 0) {
      auto feed = c.Get("/api/v1/feed?limit=100", token);
      feed.status == 200 ? t.Ok("feed")
                         : t.Error("feed", std::to_string(feed.status) + " " + feed.body);
    }
  }
}

// A stream client that stays for `stay`, then goes and comes back resuming after what it saw.
void Watcher(unsigned short port, const std::string& token, std::chrono::seconds stay,
             Clock::time_point until, Tally& t) {
  std::int64_t after = 0;
  while (Clock::now() < until) {
    auto opened =
        onegrid::testing::WsClient::Connect(port, "/api/v1/stream?after=" + std::to_string(after),
                                            {{"Authorization", "Bearer " + token}});
    if (!opened.client) {
      t.Error("stream", "refused " + std::to_string(opened.status) + " " + opened.body);
      std::this_thread::sleep_for(1s);
      continue;
    }
    t.Ok("stream connect");
    auto leave = std::min(until, Clock::now() + stay);
    while (Clock::now() < leave) {
      auto m = opened.client->Read(std::chrono::seconds(5));
      if (!m) {
        if (opened.client->close_code() != 0) {
          t.Error("stream", "closed " + std::to_string(opened.client->close_code()));
          break;
        }
        continue;  // quiet for five seconds: nothing to say
      }
      auto j = nlohmann::json::parse(*m, nullptr, false);
      if (j.is_object() && j["type"] == "event") {
        after = j["id"];
        t.Ok("stream event");
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ONEGRID_BIN SECONDS [WORK_DIR]\n", argv[0]);
    return 2;
  }
  const std::string bin = argv[1];
  const int seconds = std::stoi(argv[2]);
  char tmp[] = "/tmp/onegrid-soak-XXXXXX";
  std::filesystem::path dir =
      argc > 3 ? std::filesystem::path(argv[3]) : std::filesystem::path(::mkdtemp(tmp));
  std::filesystem::create_directories(dir);
  onegrid::testing::Binary b{bin, (dir / "soak.db").string(), (dir / "media").string()};
  auto made = onegrid::testing::MakeSmallDistrict(
      b, dir, {{"io", "intake_operator:410104"}, {"lead", "leader:410104"}}, kPassword);
  if (!made.empty()) {
    std::fprintf(stderr, "soak: cannot make the district: %s\n", made.c_str());
    return 1;
  }
  std::string log = (dir / "server.log").string();
  auto server =
      onegrid::testing::Process::Start({bin, "--db", b.db, "--media", b.media, "--log-level",
                                        "warn", "serve", "--listen", "127.0.0.1:0"},
                                       log, b.env);
  std::string line = onegrid::testing::WaitForLine(log, "serving http://127.0.0.1:", 60s);
  if (line.empty()) {
    std::fprintf(stderr, "soak: the server did not start (%s)\n", log.c_str());
    return 1;
  }
  auto port = static_cast<unsigned short>(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));
  auto token = [&](const char* user) {
    HttpClient c(port);
    return c.PostJson("/api/v1/session", {{"username", user}, {"password", kPassword}})
        .json()["token"]
        .get<std::string>();
  };
  const std::string io = token("io"), lead = token("lead");

  Tally tally;
  const auto start = Clock::now();
  const auto until = start + std::chrono::seconds(seconds);
  std::vector<std::thread> load;
  for (int n = 0; n < 3; ++n) load.emplace_back(Reporter, port, io, n, until, std::ref(tally));
  for (int n = 0; n < 2; ++n) load.emplace_back(Reader, port, lead, n, until, std::ref(tally));
  for (int n = 0; n < 3; ++n)
    load.emplace_back(Watcher, port, lead, std::chrono::seconds(seconds), until, std::ref(tally));
  for (int n = 0; n < 3; ++n)
    load.emplace_back(Watcher, port, lead, 7s, until, std::ref(tally));  // come and go

  // Resident memory every 10 s (and at the end).
  std::vector<std::pair<int, std::size_t>> rss;
  while (Clock::now() < until) {
    rss.emplace_back(
        static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count()),
        ResidentKib(server->pid()));
    std::this_thread::sleep_until(std::min(until, Clock::now() + 10s));
  }
  for (auto& t : load) t.join();
  rss.emplace_back(seconds, ResidentKib(server->pid()));
  server->Signal(SIGTERM);
  const int exit_status = server->Wait();
  auto verify = b.Cli({"verify"});

  // The figures.
  const bool judge_memory = seconds >= 300;
  const int warm = std::max(120, seconds / 5);
  std::size_t at_warm = 0, last = rss.back().second, peak = 0;
  for (const auto& [t, kib] : rss) {
    if (t <= warm) at_warm = kib;
    if (t >= warm) peak = std::max(peak, kib);
  }
  const double growth = at_warm > 0 ? (static_cast<double>(last) - at_warm) / at_warm : 1;
  long errors = 0;
  std::printf(
      "onegrid soak: %d s, 3 reporters (20/s, a photo every 4th), 2 readers (40/s), 6 stream "
      "clients\n",
      seconds);
  for (const auto& [what, n] : tally.done) std::printf("  %-14s %9ld\n", what.c_str(), n);
  for (const auto& [what, n] : tally.errors) {
    std::printf("  ERRORS %-7s %9ld\n", what.c_str(), n);
    errors += n;
  }
  for (const auto& e : tally.first_errors) std::printf("    %s\n", e.c_str());
  std::printf("  RSS (MiB) every 10 s:");
  for (const auto& [t, kib] : rss) std::printf(" %.1f", kib / 1024.0);
  if (judge_memory) {
    std::printf(
        "\n  after the warm-up (%d s) %.1f MiB, at the end %.1f MiB, peak %.1f MiB: growth %+.1f "
        "%% (limit 10 %%)\n",
        warm, at_warm / 1024.0, last / 1024.0, peak / 1024.0, growth * 100);
  } else {
    std::printf(
        "\n  at the end %.1f MiB; not judged: a run under 300 s ends inside the caches' warm-up\n",
        last / 1024.0);
  }
  std::printf("  errors: %ld; server exit on SIGTERM: %d; onegrid verify: %s\n", errors,
              exit_status, verify.status == 0 ? "passed" : verify.output.c_str());
  const bool ok =
      errors == 0 && (!judge_memory || growth < 0.10) && exit_status == 0 && verify.status == 0;
  std::printf("  %s\n", ok ? "PASSED" : "FAILED");
  if (argc <= 3) std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}
