#include "core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <toml++/toml.h>

#include "core/ip_network.hpp"
#include "core/utf8.hpp"

namespace onegrid::core {
namespace {

struct Setting {
  SettingInfo info;
  // Parses text into the config; the error message explains the expected form.
  std::function<Result<void>(const std::string&, Config&)> set;
};

Result<long long> ParseInteger(const std::string& text, const std::string& key, long long min,
                               long long max) {
  long long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max) {
    return InvalidArgument("must be a whole number from " + std::to_string(min) + " to " +
                               std::to_string(max) + ", got \"" + text + "\"",
                           key);
  }
  return v;
}

template <typename Field>
Setting Int(std::string key, std::string env, std::string help, Field Config::*field,
            long long min, long long max) {
  return {{key, std::move(env), std::move(help)},
          [key, field, min, max](const std::string& text, Config& c) -> Result<void> {
            OG_ASSIGN_OR_RETURN(long long v, ParseInteger(text, key, min, max));
            c.*field = static_cast<Field>(v);
            return Ok();
          }};
}

Setting Seconds(std::string key, std::string env, std::string help,
                std::chrono::seconds Config::*field, long long min, long long max) {
  return {{key, std::move(env), std::move(help)},
          [key, field, min, max](const std::string& text, Config& c) -> Result<void> {
            OG_ASSIGN_OR_RETURN(long long v, ParseInteger(text, key, min, max));
            c.*field = std::chrono::seconds(v);
            return Ok();
          }};
}

Setting Text(std::string key, std::string env, std::string help, std::string Config::*field) {
  return {{key, std::move(env), std::move(help)},
          [key, field](const std::string& text, Config& c) -> Result<void> {
            if (text.empty()) return InvalidArgument("must not be empty", key);
            c.*field = text;
            return Ok();
          }};
}

const std::vector<Setting>& Table() {
  static const std::vector<Setting> table = {
      Text("database.path", "ONEGRID_DB", "SQLite database file or postgresql:// URL", &Config::db),
      Text("media.path", "ONEGRID_MEDIA", "directory of attached photos (default: beside the database)",
           &Config::media),
      Text("web.path", "ONEGRID_WEB", "directory of the built web console (default: the source tree's web/dist)",
           &Config::web),
      Text("server.listen", "ONEGRID_LISTEN", "address to listen on, HOST:PORT", &Config::listen),
      Text("server.trusted_proxies", "ONEGRID_TRUSTED_PROXIES",
           "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, e.g. \"127.0.0.1, "
           "10.0.0.0/8\" (empty: none; the connection's address is the client's)",
           &Config::trusted_proxies),
      Int("server.io_threads", "ONEGRID_IO_THREADS", "threads that run network I/O",
          &Config::io_threads, 1, 64),
      Int("server.workers", "ONEGRID_WORKERS", "threads that run request handlers",
          &Config::workers, 1, 256),
      Int("server.body_limit", "ONEGRID_BODY_LIMIT", "largest request body, bytes",
          &Config::body_limit, 1024, 1LL << 30),
      Int("server.header_limit", "ONEGRID_HEADER_LIMIT", "largest request header, bytes",
          &Config::header_limit, 1024, 1 << 20),
      Int("server.max_connections", "ONEGRID_MAX_CONNECTIONS",
          "connections open at once; past it new ones are answered 503 at once (the open ones go on)",
          &Config::max_connections, 16, 1000000),
      Seconds("server.header_timeout", "ONEGRID_HEADER_TIMEOUT",
              "seconds a request's header may take to arrive, from its first byte", &Config::header_timeout, 1, 600),
      Seconds("server.body_timeout", "ONEGRID_BODY_TIMEOUT",
              "seconds a request body (or a response) may take, plus one per server.body_min_rate bytes",
              &Config::body_timeout, 1, 3600),
      Int("server.body_min_rate", "ONEGRID_BODY_MIN_RATE",
          "bytes a second a slow client must still manage for a large body (see server.body_timeout)",
          &Config::body_min_rate, 1024, 1LL << 30),
      Seconds("server.idle_timeout", "ONEGRID_IDLE_TIMEOUT",
              "seconds a keep-alive connection may wait for its next request",
              &Config::idle_timeout, 1, 3600),
      Seconds("server.shutdown_grace", "ONEGRID_SHUTDOWN_GRACE",
              "seconds in-flight requests get to finish on SIGTERM", &Config::shutdown_grace, 0,
              3600),
      Seconds("auth.session_ttl", "ONEGRID_SESSION_TTL", "seconds a login token stays valid",
              &Config::session_ttl, 60, 30LL * 24 * 3600),
      Seconds("auth.token_cache", "ONEGRID_TOKEN_CACHE",
              "seconds a checked token is trusted before the database is asked again (0: always "
              "ask); sign-outs through this server take effect at once, other processes' within it",
              &Config::token_cache, 0, 60),
      Int("password.min_length", "ONEGRID_PASSWORD_MIN_LENGTH",
          "fewest characters of a new password (8 to 64); it may not be the user name (with or without digits and signs) nor "
          "be among the 10 000 most common passwords",
          &Config::password_min_length, 8, 64),
      Int("auth.login_max_failures_per_user", "ONEGRID_LOGIN_MAX_FAILURES_PER_USER",
          "failed logins of an account (from one device it signed in on, or from all others) before "
          "each further attempt must wait, twice as long each time (429 with Retry-After)",
          &Config::login_max_failures_per_user, 1, 1000),
      Int("auth.login_max_failures_per_address", "ONEGRID_LOGIN_MAX_FAILURES_PER_ADDRESS",
          "failed logins from one client address, any account, before its attempts must wait likewise",
          &Config::login_max_failures_per_address, 1, 100000),
      Seconds("auth.login_window", "ONEGRID_LOGIN_WINDOW",
              "seconds without a failure after which an account's or address's failures are forgotten",
              &Config::login_window, 1, 24 * 3600),
      Seconds("auth.login_first_delay", "ONEGRID_LOGIN_FIRST_DELAY",
              "the wait after the last failure allowed without one (each further failure doubles it)",
              &Config::login_first_delay, 1, 3600),
      Seconds("auth.login_max_delay", "ONEGRID_LOGIN_MAX_DELAY",
              "the longest wait between two attempts: failed logins slow an account down, never lock it",
              &Config::login_max_delay, 1, 24 * 3600),
      Int("auth.hash_concurrency", "ONEGRID_HASH_CONCURRENCY",
          "passwords hashed at once (each takes the Argon2id memory cost, 64 MiB interactive); 0: one per core",
          &Config::hash_concurrency, 0, 256),
      {{"auth.password_hash", "ONEGRID_PASSWORD_HASH",
        "Argon2id cost: interactive, moderate, or minimum (tests only)"},
       [](const std::string& text, Config& c) -> Result<void> {
         if (text == "interactive") {
           c.password_hash = PasswordHashStrength::kInteractive;
         } else if (text == "moderate") {
           c.password_hash = PasswordHashStrength::kModerate;
         } else if (text == "minimum") {
           c.password_hash = PasswordHashStrength::kMinimum;
         } else {
           return InvalidArgument("must be interactive, moderate or minimum, got \"" + text + "\"",
                                  "auth.password_hash");
         }
         return Ok();
       }},
      {{"areas.tolerance", "ONEGRID_AREA_TOLERANCE",
        "share of an area (0 to 0.5) that may lie outside its parent or over a sibling"},
       [](const std::string& text, Config& c) -> Result<void> {
         char* end = nullptr;
         double v = std::strtod(text.c_str(), &end);
         if (text.empty() || end != text.c_str() + text.size() || !(v >= 0 && v <= 0.5)) {
           return InvalidArgument("must be a number from 0 to 0.5, got \"" + text + "\"",
                                  "areas.tolerance");
         }
         c.area_tolerance = v;
         return Ok();
       }},
      Int("attachments.max_bytes", "ONEGRID_ATTACHMENT_MAX_BYTES", "largest attached file, bytes",
          &Config::attachment_max_bytes, 1024, 100LL << 20),
      Int("attachments.keep_gps", "ONEGRID_ATTACHMENT_KEEP_GPS",
          "1 keeps the GPS position in photos' EXIF; 0 (default) blanks it", &Config::attachment_keep_gps,
          0, 1),
      Text("calendar.hours", "ONEGRID_CALENDAR_HOURS",
           "working hours of a working day, e.g. 08:00-12:00,14:00-18:00", &Config::calendar_hours),
      {{"calendar.summer_hours", "ONEGRID_CALENDAR_SUMMER_HOURS",
        "working hours in summer (夏季作息), e.g. 08:00-12:00,15:00-18:30; empty: none"},
       [](const std::string& text, Config& c) -> Result<void> {
         c.calendar_summer_hours = text;
         return Ok();
       }},
      Text("calendar.summer", "ONEGRID_CALENDAR_SUMMER", "the summer schedule's days, MM-DD..MM-DD",
           &Config::calendar_summer),
      Int("calendar.working_day_hours", "ONEGRID_CALENDAR_WORKING_DAY_HOURS",
          "working hours in one working day (工作日) of a time limit", &Config::calendar_working_day_hours, 1, 24),
      Seconds("timers.interval", "ONEGRID_TIMER_INTERVAL",
              "seconds between two looks for due deadlines (yellow, overdue, escalation)",
              &Config::timer_interval, 1, 3600),
      Text("map.tile_url", "ONEGRID_MAP_TILE_URL",
           "tile URL template under the console's maps, e.g. https://t0.tianditu.gov.cn/…/{z}/{x}/{y} (default: none, offline)",
           &Config::map_tile_url),
      {{"map.tile_crs", "ONEGRID_MAP_TILE_CRS", "what the tiles are drawn in: wgs84 or gcj02"},
       [](const std::string& text, Config& c) -> Result<void> {
         if (text != "wgs84" && text != "gcj02") {
           return InvalidArgument("must be wgs84 or gcj02, got \"" + text + "\"", "map.tile_crs");
         }
         c.map_tile_crs = text;
         return Ok();
       }},
      Text("map.tile_attribution", "ONEGRID_MAP_TILE_ATTRIBUTION", "the tile source's credit line", &Config::map_tile_attribution),
      Int("map.tile_max_zoom", "ONEGRID_MAP_TILE_MAX_ZOOM", "deepest zoom the tile server has", &Config::map_tile_max_zoom, 1, 22),
      {{"metrics.access", "ONEGRID_METRICS_ACCESS",
        "who may read /metrics: loopback (default; clients on this machine), token (Authorization: Bearer "
        "metrics.token) or any"},
       [](const std::string& text, Config& c) -> Result<void> {
         if (text != "loopback" && text != "token" && text != "any") {
           return InvalidArgument("must be loopback, token or any, got \"" + text + "\"", "metrics.access");
         }
         c.metrics_access = text;
         return Ok();
       }},
      Text("metrics.token", "ONEGRID_METRICS_TOKEN", "the bearer token of /metrics when metrics.access is token",
           &Config::metrics_token),
      {{"log.level", "ONEGRID_LOG_LEVEL", "trace, debug, info, warn, error"},
       [](const std::string& text, Config& c) -> Result<void> {
         for (const char* l : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
           if (text == l) {
             c.log_level = text;
             return Ok();
           }
         }
         return InvalidArgument("must be one of trace, debug, info, warn, error, got \"" + text +
                                    "\"",
                                "log.level");
       }},
  };
  return table;
}

}  // namespace

const std::vector<SettingInfo>& Settings() {
  static const std::vector<SettingInfo> infos = [] {
    std::vector<SettingInfo> v;
    for (const auto& s : Table()) v.push_back(s.info);
    return v;
  }();
  return infos;
}

namespace {

// Every value, from a file, the environment or a flag, is text: UTF-8 before it is read.
Result<void> Set(const Setting& s, const std::string& value, Config& config) {
  OG_RETURN_IF_ERROR(CheckUtf8(value, s.info.key));
  return s.set(value, config);
}

}  // namespace

Result<void> SetSetting(const std::string& key, const std::string& value, Config& config) {
  for (const auto& s : Table()) {
    if (s.info.key == key) return Set(s, value, config);
  }
  return InvalidArgument("unknown setting", key);
}

Result<void> LoadConfigFile(const std::string& path, Config& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(path + ": cannot be read");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return LoadConfigText(text, path, config);
}

Result<void> LoadConfigText(std::string_view text, const std::string& path, Config& config) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return InvalidArgument(path + ":" + std::to_string(where.line) + ":" +
                           std::to_string(where.column) + ": " + std::string(e.description()));
  }
  Result<void> status;
  root.for_each([&](const toml::key& section, const toml::node& node) {
    if (!status) return;
    const auto* tbl = node.as_table();
    if (tbl == nullptr) {
      status = InvalidArgument(path + ": expected a [section], found a value",
                               std::string(section.str()));
      return;
    }
    tbl->for_each([&](const toml::key& name, const toml::node& value) {
      if (!status) return;
      std::string key = std::string(section.str()) + "." + std::string(name.str());
      std::string text;
      if (auto s = value.as_string()) {
        text = s->get();
      } else if (auto i = value.as_integer()) {
        text = std::to_string(i->get());
      } else if (auto f = value.as_floating_point()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", f->get());
        text = buf;
      } else {
        status = InvalidArgument(path + ": must be a string or an integer", key);
        return;
      }
      auto r = SetSetting(key, text, config);
      if (!r) {
        Error e = std::move(r).error();
        e.message = path + ": " + e.message;
        status = std::move(e);
      }
    });
  });
  return status;
}

Result<void> ApplyEnvironment(const std::function<const char*(const char*)>& getenv,
                              Config& config) {
  for (const auto& s : Table()) {
    const char* v = getenv(s.info.env.c_str());
    if (v == nullptr) continue;
    auto r = Set(s, v, config);
    if (!r) {
      Error e = std::move(r).error();
      e.message = s.info.env + ": " + e.message;
      return e;
    }
  }
  return Ok();
}

Result<HostPort> ParseHostPort(const std::string& text, const std::string& field) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return InvalidArgument("must be HOST:PORT, e.g. 127.0.0.1:8080, got \"" + text + "\"", field);
  }
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto port = ParseInteger(text.substr(colon + 1), field, 0, 65535);
  if (!port) return std::move(port).error();
  return HostPort{host, static_cast<unsigned short>(*port)};
}

Result<void> Validate(const Config& config) {
  OG_RETURN_IF_ERROR(ParseHostPort(config.listen, "server.listen"));
  OG_RETURN_IF_ERROR(ParseIpNetworks(config.trusted_proxies, "server.trusted_proxies"));
  if (config.metrics_access == "token" && config.metrics_token.size() < 16) {
    return InvalidArgument("must be set, at least 16 characters, when metrics.access is token", "metrics.token");
  }
  return Ok();
}

}  // namespace onegrid::core
