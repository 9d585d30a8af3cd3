// The one place that picks a storage backend: a postgresql:// URL opens PostgreSQL, anything
// else is a SQLite file. Both apply their pending migrations before returning.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/metrics.hpp"
#include "store_sql/database.hpp"

namespace onegrid::app {

core::Result<std::unique_ptr<store_sql::Database>> OpenStore(const core::Config& config, const core::Clock& clock,
                                                             core::Registry* metrics);

// The database as an operator may read it in a log: a URL without its password.
std::string DatabaseName(const std::string& db);

}  // namespace onegrid::app
