#include "app/cli.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/open_store.hpp"
#include "app/progress.hpp"
#include "app/demo_history.hpp"
#include "app/seed.hpp"
#include "app/server.hpp"
#include "core/utf8.hpp"
#include "core/time_format.hpp"
#include "geo/geojson.hpp"
#include "net/http_server.hpp"
#include "service/case_audit.hpp"
#include "service/password.hpp"
#include "service/report_xlsx.hpp"

namespace onegrid::app {
namespace {

struct Flags {
  std::string config_path;
  std::optional<std::string> db;
  std::optional<std::string> media;
  std::optional<std::string> web;
  std::optional<std::string> listen;
  std::optional<std::string> log_level;
};

// Defaults < TOML < environment < flags.
core::Config ResolveConfig(const Flags& flags) {
  core::Config config;
  std::string path = flags.config_path;
  if (path.empty()) {
    if (const char* p = std::getenv("ONEGRID_CONFIG")) path = p;
  }
  auto fail = [](const core::Error& e) {
    throw std::runtime_error(e.field.empty() ? e.message : e.field + ": " + e.message);
  };
  if (!path.empty()) {
    if (auto r = core::LoadConfigFile(path, config); !r) fail(r.error());
  }
  if (auto r = core::ApplyEnvironment([](const char* n) { return std::getenv(n); }, config); !r) {
    fail(r.error());
  }
  auto apply = [&](const char* key, const std::optional<std::string>& v) {
    if (!v) return;
    if (auto r = core::SetSetting(key, *v, config); !r) fail(r.error());
  };
  apply("database.path", flags.db);
  apply("media.path", flags.media);
  apply("web.path", flags.web);
  apply("server.listen", flags.listen);
  apply("log.level", flags.log_level);
  if (auto r = core::Validate(config); !r) fail(r.error());
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  return config;
}

// Reads a password from standard input: prompted without echo on a terminal, else the first
// line. Never from the command line, where other users could read it.
std::string ReadPassword(bool confirm) {
  auto read_line = [](const char* prompt) {
    bool tty = isatty(STDIN_FILENO) != 0;
    termios old{};
    if (tty) {
      std::cerr << prompt << std::flush;
      tcgetattr(STDIN_FILENO, &old);
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
      tcsetattr(STDIN_FILENO, TCSANOW, &old);
      std::cerr << "\n";
    }
    if (!got) throw std::runtime_error("no password on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!core::IsUtf8(line)) throw std::runtime_error("password: is not valid UTF-8 text");
    return line;
  };
  std::string pw = read_line("Password: ");
  if (confirm && isatty(STDIN_FILENO) != 0 && read_line("Again: ") != pw) {
    throw std::runtime_error("the two passwords differ");
  }
  return pw;
}

// Every problem of a refused import, one per line, before the summary error.
void PrintAllProblems(const core::Error& e) {
  if (e.details.size() < 2) return;
  for (const auto& d : e.details) std::cerr << "  " << d.field << ": " << d.message << "\n";
  std::cerr << e.details.size() << " problems; nothing was imported\n";
}

[[noreturn]] void Fail(const core::Error& e);

// Opens the database and builds the process for a one-shot command (no listening).
std::unique_ptr<Server> OpenServer(const core::Config& config) {
  static const core::SystemClock clock;  // outlives every server a command opens
  auto server = Server::Open(config, clock);
  if (!server) Fail(server.error());
  return std::move(*server);
}

[[noreturn]] void Fail(const core::Error& e) {
  throw std::runtime_error(e.field.empty() ? e.message : e.field + ": " + e.message);
}

void PrintDemoLogins(const std::vector<DemoAccount>& accounts, const std::string& password,
                     bool password_given) {
  std::cout << "Demo logins (district 410104 管城回族区):\n";
  bool any_new = false, any_old = false;
  for (const auto& a : accounts) {
    std::cout << "  " << a.username << std::string(18 - std::min<size_t>(a.username.size(), 17), ' ')
              << a.role << "  " << a.display_name << (a.created ? "  (new)" : "") << "\n";
    (a.created ? any_new : any_old) = true;
  }
  if (any_new) std::cout << "Password of the new accounts: " << password << "\n";
  if (any_old) {
    std::cout << (password_given && !any_new
                      ? "Existing accounts keep the password they were given.\n"
                      : "Existing accounts keep their password (printed when they were created); "
                        "reset one with: onegrid user passwd USERNAME\n");
  }
}

int Serve(core::Config config, const std::function<void(Server&)>& before_start) {
  // Unset, the console is the one this binary was built beside (make build puts it in web/dist).
  if (config.web.empty()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(std::filesystem::path(ONEGRID_WEB_DIR) / "index.html", ec)) {
      config.web = ONEGRID_WEB_DIR;
    } else {
      spdlog::warn("no web console at {} (build it with `make build`, or set web.path): serving the API only",
                   ONEGRID_WEB_DIR);
    }
  }
  auto server = OpenServer(config);
  if (before_start) before_start(*server);
  auto port = server->Start();
  if (!port) Fail(port.error());
  auto hp = core::ParseHostPort(config.listen, "server.listen").value();
  std::string shown = hp.host == "0.0.0.0" ? "127.0.0.1" : hp.host;
  std::cout << "onegrid " << Version() << " serving http://" << shown << ":" << *port
            << "/ (database " << DatabaseName(config.db) << "); stop with Ctrl-C" << std::endl;
  int sig = net::WaitForStopSignal();
  spdlog::info("signal {} received: finishing in-flight requests", sig);
  server->Shutdown();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("onegrid"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  CLI::App app{
      "onegrid - the operations platform of grid-based district governance (网格化基层治理).\n"
      "One binary serves the REST API (/api/v1), Open311 and the web console on an embedded\n"
      "SQLite database.",
      "onegrid"};
  app.set_version_flag("--version", "onegrid " + Version());
  app.require_subcommand(1);
  app.fallthrough();
  Flags flags;
  app.add_option("--config", flags.config_path,
                 "TOML settings file (also ONEGRID_CONFIG); see SETTINGS below")
      ->check(CLI::ExistingFile);
  app.add_option("--db", flags.db,
                 "SQLite database file or postgresql://USER@HOST:PORT/DB (ONEGRID_DB; default onegrid.db)");
  app.add_option("--media", flags.media,
                 "directory of attached photos (ONEGRID_MEDIA; default DB.media, or ./onegrid.media for PostgreSQL)");
  app.add_option("--web", flags.web,
                 "directory of the built web console (ONEGRID_WEB; default the source tree's web/dist)");
  app.add_option("--log-level", flags.log_level,
                 "trace, debug, info, warn or error (ONEGRID_LOG_LEVEL; default info)");
  std::string footer =
      "\nSETTINGS\n  Precedence: built-in defaults < --config file < environment < flags.\n"
      "  TOML key                                   environment variable\n";
  for (const auto& s : core::Settings()) {
    footer += "  " + s.key + std::string(43 - std::min<size_t>(s.key.size(), 42), ' ') + s.env +
              "\n      " + s.help + "\n";
  }
  footer +=
      "\nEXAMPLES\n"
      "  onegrid demo --demo-password secret123      seed the demo district and serve it\n"
      "  onegrid serve --db /var/lib/onegrid/og.db --listen 0.0.0.0:8080\n"
      "  echo 'pass word 1' | onegrid user add li --name 李四 --role grid_worker:410104001000\n"
      "\nEXIT STATUS\n  0 on success (and on a clean stop by SIGINT or SIGTERM), 1 on error.\n";
  app.footer(footer);

  // serve
  auto* serve = app.add_subcommand("serve", "Serve the API and web console until SIGINT/SIGTERM");
  serve->add_option("--listen", flags.listen,
                    "HOST:PORT to listen on (ONEGRID_LISTEN; default 127.0.0.1:8080)");
  serve->callback([&] { std::exit(Serve(ResolveConfig(flags), nullptr)); });

  // migrate
  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
  migrate->callback([&] {
    auto config = ResolveConfig(flags);
    core::SystemClock clock;
    auto store = OpenStore(config, clock, nullptr);
    if (!store) Fail(store.error());
    const auto& r = (*store)->migration_report();
    for (const auto& name : r.applied) std::cout << "applied " << name << "\n";
    std::cout << DatabaseName(config.db) << ": schema version " << r.from_version << " -> " << r.to_version
              << "\n";
  });

  // user add | list | passwd
  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* add = user->add_subcommand(
      "add", "Add an account; the password is read from standard input (never from arguments)");
  accounts::NewUser new_user;
  std::vector<std::string> role_specs;
  add->add_option("username", new_user.username, "login name: a-z, 0-9, _ . -")->required();
  add->add_option("--name", new_user.display_name, "display name, e.g. 李建国")->required();
  add->add_option("--role", role_specs,
                  "ROLE[:SCOPE], repeatable; roles: admin grid_worker intake_operator shift_lead "
                  "dispatcher unit_staff unit_leader leader; SCOPE is an area or unit code (default 410104)")
      ->required();
  add->add_option("--phone", new_user.phone, "mobile number");
  add->add_option("--unit", new_user.unit_code, "code of the unit the person works for");
  add->callback([&] {
    auto config = ResolveConfig(flags);
    for (const auto& spec : role_specs) {
      auto colon = spec.find(':');
      auto role = accounts::ParseRole(spec.substr(0, colon));
      if (!role) throw std::runtime_error("--role: unknown role \"" + spec.substr(0, colon) + "\"");
      new_user.roles.push_back(
          {*role, colon == std::string::npos ? kDemoDistrictCode : spec.substr(colon + 1)});
    }
    if (auto v = accounts::ValidateNewUser(new_user); !v) Fail(v.error());
    std::string password = ReadPassword(true);
    auto server = OpenServer(config);
    // The operator at the server's shell manages everything, but grants are still checked
    // against the map and the units.
    auto created = server->users().Create(
        service::AdminScope::Operator(server->areas().map(), server->store().units()), new_user, password);
    if (!created) Fail(created.error());
    std::cout << "added user " << created->username << " (id " << created->id << ")\n";
  });
  auto* list = user->add_subcommand("list", "List accounts");
  list->callback([&] {
    auto config = ResolveConfig(flags);
    auto server = OpenServer(config);
    std::int64_t after = 0;
    for (;;) {
      auto page = server->users().List(after, 500);
      if (!page) Fail(page.error());
      for (const auto& u : *page) {
        std::string roles;
        for (const auto& g : u.roles) {
          roles += (roles.empty() ? "" : ",") + std::string(accounts::RoleName(g.role)) + ":" +
                   g.scope;
        }
        std::cout << u.id << "\t" << u.username << "\t" << u.display_name << "\t" << roles
                  << (u.disabled ? "\tdisabled" : "") << "\n";
        after = u.id;
      }
      if (page->size() < 500) break;
    }
  });
  auto* passwd = user->add_subcommand(
      "passwd", "Set an account's password from standard input; signs it out everywhere");
  std::string passwd_user;
  passwd->add_option("username", passwd_user, "login name")->required();
  passwd->callback([&] {
    auto config = ResolveConfig(flags);
    std::string password = ReadPassword(true);
    auto server = OpenServer(config);
    if (auto r = server->users().SetPassword(passwd_user, password); !r) Fail(r.error());
    std::cout << "password of " << passwd_user << " changed; its sessions were revoked\n";
  });

  // seed demo
  std::optional<std::string> demo_password;
  auto* seed = app.add_subcommand("seed", "Load demonstration data");
  seed->require_subcommand(1);
  auto* seed_demo = seed->add_subcommand(
      "demo", "Create the demo district's accounts (admin and one per role) where missing");
  seed_demo->add_option("--demo-password", demo_password,
                        "password of the demo accounts (default: a random one, printed once)");
  auto run_seed = [&](Server& server) {
    Progress bar;
    core::SystemClock clock;
    auto notes = SeedDemoDistrict(server.areas(), clock, [&](std::string_view stage, std::size_t done,
                                                            std::size_t total) {
      bar.Update(stage, done, total);
    });
    bar.Finish();
    if (!notes) Fail(notes.error());
    if (!notes->empty()) {
      std::cout << "Demo district 410104 管城回族区 built from public boundary data:\n";
      for (const auto& n : *notes) std::cout << "  " << n << "\n";
    }
    std::string password = demo_password.value_or(service::NewPassword());
    auto accounts = SeedDemoAccounts(server.users(), server.units(), server.store(), password);
    if (!accounts) Fail(accounts.error());
    if (auto routed = SeedDemoRouting(server.areas(), server.units(), server.routing()); !routed) Fail(routed.error());
    Progress history_bar;
    auto history = SeedDemoHistory(server, password, 90, [&](std::string_view stage, std::size_t done, std::size_t total) {
      history_bar.Update(stage, done, total);
    });
    history_bar.Finish();
    if (!history) Fail(history.error());
    if (history->cases > 0) {
      std::cout << "Demo history: " << history->cases << " cases over the last " << history->days << " days, "
                << history->events << " events through the case loop; " << history->closed << " closed, "
                << history->open << " still open (grid workers gw001…, unit staff staff_<unit>, same password)\n";
    }
    PrintDemoLogins(*accounts, password, demo_password.has_value());
  };
  seed_demo->callback([&] {
    auto config = ResolveConfig(flags);
    auto server = OpenServer(config);
    run_seed(*server);
  });

  // import areas
  auto* import = app.add_subcommand("import", "Import data from files");
  import->require_subcommand(1);
  auto* import_areas = import->add_subcommand(
      "areas",
      "Import areas of one level from a GeoJSON FeatureCollection, all or nothing: every bad "
      "feature is reported and then nothing is written. Parents are read off the codes.");
  std::string areas_file, areas_level, code_prop = "code", name_prop = "name", crs_name = "wgs84";
  import_areas->add_option("file", areas_file, "GeoJSON file")->required()->check(CLI::ExistingFile);
  import_areas->add_option("--level", areas_level, "district, street, community or grid")->required();
  import_areas->add_option("--code-prop", code_prop, "property holding the area code (default code)");
  import_areas->add_option("--name-prop", name_prop, "property holding the name (default name)");
  import_areas->add_option("--crs", crs_name, "coordinates of the file: wgs84 (default), gcj02, bd09");
  import_areas->callback([&] {
    auto config = ResolveConfig(flags);
    auto level = areas::ParseLevel(areas_level);
    if (!level) throw std::runtime_error("--level: must be district, street, community or grid");
    auto crs = geo::ParseCrs(crs_name);
    if (!crs) throw std::runtime_error("--crs: must be wgs84, gcj02 or bd09");
    Progress bar;
    bar.Update("reading", 0, 1);
    std::ifstream in(areas_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bar.Update("reading", 1, 1);
    auto features = geo::ReadFeatureCollection(text.str(), code_prop);
    if (!features) {
      bar.Finish();
      PrintAllProblems(features.error());
      Fail(features.error());
    }
    auto server = OpenServer(config);
    auto report = server->areas().Import(
        {.level = *level, .features = std::move(*features), .code_prop = code_prop,
         .name_prop = name_prop, .crs = *crs},
        [&](std::string_view stage, std::size_t done, std::size_t total) { bar.Update(stage, done, total); });
    bar.Finish();
    if (!report) {
      PrintAllProblems(report.error());
      Fail(report.error());
    }
    std::cout << "imported " << report->areas << " " << areas_level << " areas: "
              << report->counts.created << " new, " << report->counts.replaced << " redrawn, "
              << report->counts.unchanged << " unchanged\n";
  });

  // calendar import
  auto* cal = app.add_subcommand("calendar", "The working calendar");
  cal->require_subcommand(1);
  auto* cal_import = cal->add_subcommand(
      "import",
      "Load a year's statutory holidays and adjusted working days (holiday-cn JSON, as the State "
      "Council publishes them each November), or with --local a district's own closures");
  std::string cal_file;
  bool cal_local = false;
  cal_import->add_option("file", cal_file, "holiday-cn JSON file")->required()->check(CLI::ExistingFile);
  cal_import->add_flag("--local", cal_local, "the file lists local closures, not a statutory year");
  cal_import->callback([&] {
    auto config = ResolveConfig(flags);
    std::ifstream in(cal_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto server = OpenServer(config);
    auto r = server->calendar().Import(text.str(), cal_local, "cli");
    if (!r) Fail(r.error());
    std::cout << (r->replaced ? "replaced " : "imported ") << (cal_local ? "local closures of " : "the year ")
              << r->year << ": " << r->days << " days; " << r->cases_retimed
              << " open cases retimed; a running server uses it from its next start (or import through "
              << "POST /api/v1/calendar/years)\n";
  });

  // rebuild cases | verify
  auto* rebuild = app.add_subcommand("rebuild", "Rebuild projections from the event log");
  rebuild->require_subcommand(1);
  auto* rebuild_cases = rebuild->add_subcommand(
      "cases", "Replay every case's events and rewrite the case rows that differ from their log");
  rebuild_cases->callback([&] {
    auto config = ResolveConfig(flags);
    auto server = OpenServer(config);
    Progress bar;
    auto report = service::CaseAudit(server->store()).Rebuild([&](std::size_t done, std::size_t total) {
      bar.Update("rebuilding", done, total);
    });
    bar.Finish();
    if (!report) Fail(report.error());
    std::cout << "rebuilt " << report->cases << " cases from " << report->events << " events; "
              << report->rewritten << " rows differed from their log and were rewritten\n";
  });
  auto* rebuild_rollups = rebuild->add_subcommand(
      "rollups", "Compute the command center's rollups again from the case rows and the log");
  rebuild_rollups->callback([&] {
    auto config = ResolveConfig(flags);
    auto server = OpenServer(config);
    auto changed = server->store().rollups().Recompute(true);
    if (!changed) Fail(changed.error());
    std::cout << "rollups recomputed; " << *changed << " rows differed and were replaced\n";
  });
  auto* verify = app.add_subcommand(
      "verify", "Check every case's event log against its hash chain and its case row, and the feed's numbering; exit 1 on any finding");
  verify->callback([&] {
    auto config = ResolveConfig(flags);
    auto server = OpenServer(config);
    Progress bar;
    auto findings = service::CaseAudit(server->store()).Verify([&](std::size_t done, std::size_t total) {
      bar.Update("verifying", done, total);
    });
    bar.Finish();
    if (!findings) Fail(findings.error());
    auto drift = server->store().rollups().Recompute(false);
    if (!drift) Fail(drift.error());
    for (const auto& f : *findings) {
      if (f.case_id == 0) {
        std::cout << f.problem << "\n";  // the feed's
        continue;
      }
      std::cout << "case " << f.case_id << (f.seq > 0 ? ", event " + std::to_string(f.seq) : std::string())
                << ": " << f.problem << "\n";
    }
    if (*drift > 0) {
      std::cout << "rollups: " << *drift
                << " rows differ from the case rows and the log (onegrid rebuild rollups mends them)\n";
    }
    if (!findings->empty() || *drift > 0) {
      std::cout << findings->size() + (*drift > 0 ? 1 : 0) << " problems found\n";
      std::exit(1);
    }
    std::cout << "every case log is intact; the rollups agree with them\n";
  });

  // report daily|weekly|monthly
  auto* report = app.add_subcommand("report", "Write a report of a period as an xlsx workbook");
  report->require_subcommand(1);
  std::string report_period, report_scope = "district", report_out;
  for (auto [kind, option, help] : {std::tuple{"daily", "--date", "the day, YYYY-MM-DD"},
                                    std::tuple{"weekly", "--week", "the ISO week, YYYY-Www"},
                                    std::tuple{"monthly", "--month", "the month, YYYY-MM"}}) {
    auto* sub = report->add_subcommand(kind, std::string("The ") + kind + " report (district, street or unit)");
    sub->add_option(option, report_period, help)->required();
    sub->add_option("--scope", report_scope, "district (default), street:CODE, community:CODE, grid:CODE or unit:CODE");
    sub->add_option("--out", report_out, "the xlsx file to write")->required();
    sub->callback([&, kind = std::string(kind), option = std::string(option)] {
      auto config = ResolveConfig(flags);
      auto server = OpenServer(config);
      auto period = evaluation::ParsePeriod(report_period, option);
      if (!period) Fail(period.error());
      if (std::string(evaluation::PeriodKindName(period->kind)) != kind) {
        Fail(core::InvalidArgument("a " + kind + " report takes " + option, option));
      }
      // The operator at the console acts as the district's leader.
      accounts::User operator_user;
      operator_user.display_name = "onegrid report";
      for (const auto* d : server->areas().map()->AtLevel(areas::AreaLevel::kDistrict)) {
        operator_user.roles.push_back({accounts::Role::kLeader, d->code});
      }
      auto scope = server->evaluation().ResolveScope(operator_user, report_scope);
      if (!scope) Fail(scope.error());
      Progress bar;
      auto built = server->evaluation().BuildReport(operator_user, *period, *scope,
                                                    [&](std::string_view stage, std::size_t done, std::size_t total) {
                                                      bar.Update(stage, done, total);
                                                    });
      bar.Finish();
      if (!built) Fail(built.error());
      if (auto w = service::WriteReportXlsx(*built, report_out); !w) Fail(w.error());
      std::cout << "wrote " << report_out << ": " << kind << " report " << period->label << " of " << scope->name
                << ", " << built->reported << " cases, " << built->overdue.size() << " overdue\n";
    });
  }

  // demo
  auto* demo = app.add_subcommand(
      "demo", "Seed the demo district when the database is empty, then serve it");
  demo->add_option("--listen", flags.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  demo->add_option("--demo-password", demo_password,
                   "password of the demo accounts (default: a random one, printed once)");
  demo->callback([&] { std::exit(Serve(ResolveConfig(flags), run_seed)); });

  // Arguments are text that may be stored (a user's name, a password, a path): each must be
  // valid UTF-8, named by its option when it is one's value.
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto eq = arg.find('=');
    std::string_view name = arg.starts_with("--") && eq != std::string_view::npos ? arg.substr(0, eq)
                            : i > 1 && std::string_view(argv[i - 1]).starts_with("-") ? std::string_view(argv[i - 1])
                                                                                     : std::string_view();
    std::string field = core::IsUtf8(name) && !name.empty() ? std::string(name) : "argument " + std::to_string(i);
    if (auto r = core::CheckUtf8(arg, field); !r) {
      std::cerr << "onegrid: " << r.error().field << ": " << r.error().message << "\n";
      return 1;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "onegrid: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace onegrid::app
