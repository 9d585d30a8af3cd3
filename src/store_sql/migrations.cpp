#include "store_sql/migrations.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace onegrid::store_sql {
namespace {

constexpr const char* kCreateSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr const char* kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::vector<Migration> Sorted(const MigrationFiles& files) {
  std::vector<Migration> out;
  for (const auto& [name, sql] : files) {
    out.push_back({std::atoi(std::string(name.substr(0, 4)).c_str()), name, sql});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

}  // namespace

int LatestSchemaVersion(const MigrationFiles& files) {
  auto all = Sorted(files);
  return all.empty() ? 0 : all.back().version;
}

core::Result<MigrationReport> Migrate(Connection& conn, const MigrationFiles& files, const char* begin,
                                      core::Instant now) {
  OG_RETURN_IF_ERROR(conn.Exec(kCreateSchemaTable));
  MigrationReport report;
  {
    OG_ASSIGN_OR_RETURN(auto st, conn.Prepare(kCurrentVersion));
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    report.from_version = row ? static_cast<int>(st.Int(0)) : 0;
  }
  report.to_version = report.from_version;
  int latest = LatestSchemaVersion(files);
  if (report.from_version > latest) {
    return core::FailedPrecondition("the database has schema version " +
                                    std::to_string(report.from_version) +
                                    ", newer than this onegrid knows (" + std::to_string(latest) +
                                    "); use a newer onegrid");
  }
  for (const auto& m : Sorted(files)) {
    if (m.version <= report.from_version) continue;
    OG_RETURN_IF_ERROR(conn.Exec(begin));
    auto applied = [&]() -> core::Result<void> {
      OG_RETURN_IF_ERROR(conn.Exec(m.sql));
      OG_ASSIGN_OR_RETURN(auto st, conn.Prepare(kRecord));
      st.Bind(1, std::int64_t{m.version}).Bind(2, m.name).Bind(3, now);
      return st.Run();
    }();
    if (!applied) {
      (void)conn.Exec("ROLLBACK");
      core::Error e = std::move(applied).error();
      e.message = "migration " + std::string(m.name) + " failed: " + e.message;
      return e;
    }
    OG_RETURN_IF_ERROR(conn.Exec("COMMIT"));
    report.applied.emplace_back(m.name);
    report.to_version = m.version;
  }
  return report;
}

}  // namespace onegrid::store_sql
