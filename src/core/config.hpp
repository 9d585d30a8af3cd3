// Runtime settings of one onegrid process and where they come from. Precedence, low to high:
// built-in defaults < TOML file < ONEGRID_* environment < command-line flags (applied by app).
// Every setting is listed once in a table (config.cpp) that names its TOML key and its
// environment variable, so that the file, the environment and the help text never disagree.
// Values only; thread-compatible.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onegrid::core {

enum class PasswordHashStrength { kInteractive, kModerate, kMinimum };

struct Config {
  // [database]
  // A SQLite file, or a PostgreSQL URL (postgresql://user@host:port/db).
  std::string db = "onegrid.db";
  // Where photos are kept (content-addressed files); empty: DB.media beside a SQLite file,
  // ./onegrid.media for PostgreSQL (servers sharing a database must share this directory).
  std::string media;
  // The web console's built files (web/dist); empty: the build's own web/dist.
  std::string web;
  // [server]
  std::string listen = "127.0.0.1:8080";
  // Reverse proxies (nginx) whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses
  // and networks, comma-separated (core/ip_network.hpp); empty: none, the TCP peer is the client.
  std::string trusted_proxies;
  int io_threads = 2;
  // Threads that run handlers: database work and password hashing. A durable write holds its
  // thread until its group commit, so these also bound how many writes one COMMIT can carry:
  // intake over 64 connections on 2 cores, 2026-11-30: 32 threads 3.5k/s (17 writes a COMMIT),
  // 64 threads 3.8–4.1k/s (30), 96 threads 3.8k/s (30).
  int workers = 64;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  // Past this many open connections a new one is answered 503 at once; the open ones go on.
  int max_connections = 2048;
  // A request's header must arrive within header_timeout of its first byte; its body within
  // body_timeout plus one second per body_min_rate bytes (so a 10 MB photo may take 30 + 305 s
  // on a poor mobile link, and a client sending a byte a second is dropped).
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::size_t body_min_rate = 32 << 10;
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_grace{20};
  // [auth]
  std::chrono::seconds session_ttl{12 * 3600};
  // How long a checked token is trusted without asking the database again. Changes made through
  // this server take effect at once; a revocation by another process within this time.
  std::chrono::seconds token_cache{2};
  // Failed logins slow down, never lock (accounts/login_throttle.hpp): after this many failures
  // an attempt waits login_first_delay, each further one twice as long, up to login_max_delay.
  int login_max_failures_per_user = 5;
  int login_max_failures_per_address = 20;
  std::chrono::seconds login_window{15 * 60};
  std::chrono::seconds login_first_delay{1};
  std::chrono::seconds login_max_delay{5 * 60};
  // Passwords hashed at once (0: one per core): each takes the Argon2id memory cost.
  int hash_concurrency = 0;
  PasswordHashStrength password_hash = PasswordHashStrength::kInteractive;
  // [password] the policy of every new password (accounts/password_policy.hpp)
  int password_min_length = 8;
  // [areas]
  double area_tolerance = 0.01;  // share of an area allowed outside its parent or over a sibling
  // [attachments]
  std::size_t attachment_max_bytes = 10 << 20;
  int attachment_keep_gps = 0;  // 1 keeps EXIF GPS positions in stored photos
  // [calendar] (checked by the calendar service: a malformed value stops the server, naming it)
  std::string calendar_hours = "08:00-12:00,14:00-18:00";  // Monday to Friday and 调休 days
  std::string calendar_summer_hours;                       // empty: no summer schedule
  std::string calendar_summer = "05-01..09-30";
  int calendar_working_day_hours = 8;
  // [timers]
  std::chrono::seconds timer_interval{1};
  // [map] A tile server drawn under the console's own vector layers; empty: none (offline).
  // tile_crs is what the tiles are drawn in: wgs84 (Tianditu, OpenStreetMap) or gcj02 (AutoNavi).
  std::string map_tile_url;
  std::string map_tile_crs = "wgs84";
  std::string map_tile_attribution;
  int map_tile_max_zoom = 18;
  // [metrics] Who may read /metrics: "loopback", "token" (Bearer metrics_token) or "any".
  std::string metrics_access = "loopback";
  std::string metrics_token;
  // [log]
  std::string log_level = "info";
};

// One row of the settings table.
struct SettingInfo {
  std::string key;  // TOML dotted key, e.g. "server.listen"
  std::string env;  // environment variable, e.g. "ONEGRID_LISTEN"
  std::string help;
};
const std::vector<SettingInfo>& Settings();

// Reads a TOML file over `config`. Unknown keys and wrong types are errors naming the key.
Result<void> LoadConfigFile(const std::string& path, Config& config);
// The same from the file's text; `path` names it in errors.
Result<void> LoadConfigText(std::string_view text, const std::string& path, Config& config);

// Applies ONEGRID_* variables found through `getenv` (injected so tests need no real environment).
Result<void> ApplyEnvironment(const std::function<const char*(const char*)>& getenv,
                              Config& config);

// Sets one setting from text, as the environment or a flag gives it.
Result<void> SetSetting(const std::string& key, const std::string& value, Config& config);

// Checks cross-field rules (listen address syntax, positive limits).
Result<void> Validate(const Config& config);

// Splits "HOST:PORT" (IPv6 as "[::1]:8080").
struct HostPort {
  std::string host;
  unsigned short port = 0;
};
Result<HostPort> ParseHostPort(const std::string& text, const std::string& field);

}  // namespace onegrid::core
