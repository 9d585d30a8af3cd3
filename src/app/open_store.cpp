#include "app/open_store.hpp"

#include <regex>

#include "store_pg/pg_store.hpp"
#include "store_sqlite/sqlite_store.hpp"

namespace onegrid::app {

core::Result<std::unique_ptr<store_sql::Database>> OpenStore(const core::Config& config, const core::Clock& clock,
                                                             core::Registry* metrics) {
  auto readers = static_cast<std::size_t>(config.workers);
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
