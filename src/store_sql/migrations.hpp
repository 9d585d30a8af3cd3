// Numbered schema migrations, embedded in the binary (sql/NNNN_name.sql of each backend, the
// same numbers in each dialect), each applied in its own transaction and recorded in
// schema_migrations. A database whose schema is newer than this binary knows is refused rather
// than guessed at. Runs on a connection of its own before the writer starts.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // file names, in order
};

// {file name, SQL}, as onegrid_embed makes them.
using MigrationFiles = std::vector<std::pair<std::string_view, std::string_view>>;

// The highest version the files reach.
int LatestSchemaVersion(const MigrationFiles& files);

// `begin`: the statement that opens a migration's transaction in this dialect.
core::Result<MigrationReport> Migrate(Connection& conn, const MigrationFiles& files, const char* begin,
                                      core::Instant now);

}  // namespace onegrid::store_sql
