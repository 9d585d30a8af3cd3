#include "app/open_store.hpp"

#include <algorithm>
#include <regex>

#include "store_pg/pg_store.hpp"
#include "store_sqlite/sqlite_store.hpp"

namespace onegrid::app {
namespace {
constexpr int kMaxReaders = 32;
}  // namespace

core::Result<std::unique_ptr<store_sql::Database>> OpenStore(const core::Config& config, const core::Clock& clock,
                                                             core::Registry* metrics) {
  // A reader is held for one query's time, a handler thread for a whole durable write: more
  // handlers than readers (a handler that reads waits for a free one), and a PostgreSQL server
  // counts every connection of every onegrid server against its max_connections.
  auto readers = static_cast<std::size_t>(std::min(config.workers, kMaxReaders));
  if (store_pg::PgStore::IsUrl(config.db)) {
    OG_ASSIGN_OR_RETURN(auto pg, store_pg::PgStore::Open({.url = config.db,
                                                          .media_dir = config.media.empty() ? "onegrid.media" : config.media,
                                                          .max_readers = readers,
                                                          .metrics = metrics},
                                                         clock));
    return std::unique_ptr<store_sql::Database>(std::move(pg));
  }
  OG_ASSIGN_OR_RETURN(auto lite, store_sqlite::SqliteStore::Open({.path = config.db,
                                                                  .media_dir = config.media,
                                                                  .max_readers = readers,
                                                                  .metrics = metrics},
                                                                 clock));
  return std::unique_ptr<store_sql::Database>(std::move(lite));
}

std::string DatabaseName(const std::string& db) {
  static const std::regex password(R"(^(postgres(ql)?://[^:/@]*):[^@]*@)");
  return std::regex_replace(db, password, "$1:***@");
}

}  // namespace onegrid::app
