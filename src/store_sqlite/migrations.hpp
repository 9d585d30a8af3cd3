// Numbered schema migrations, embedded in the binary (sql/NNNN_name.sql), each applied in its
// own transaction and recorded in schema_migrations. A database whose schema is newer than this
// binary knows is refused rather than guessed at. Runs on the writer connection before the
// writer thread starts.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store_sqlite/connection.hpp"

namespace onegrid::store_sqlite {

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // file names, in order
};

// The highest version the embedded migrations reach.
int LatestSchemaVersion();

core::Result<MigrationReport> Migrate(Connection& conn, core::Instant now);

}  // namespace onegrid::store_sqlite
