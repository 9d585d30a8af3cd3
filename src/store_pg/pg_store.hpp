// The PostgreSQL backend of store::Store, for a city or for several onegrid servers on one
// database: the same repositories as SQLite (store_sql), a Writer with group commit over a
// pipelined connection, a pool of reader connections, migrations in PostgreSQL's dialect
// (sql/, the same numbers as SQLite's, applied under an advisory lock so that servers starting
// together do not race), the timer leadership held as a session advisory lock, and changes
// announced with NOTIFY inside their transaction and heard by a listener thread (LISTEN) on
// every server, so that each server's subscribers hear every server's commits. Photos are
// files in a content-addressed directory (Options::media_dir), which servers sharing the
// database must share too. Thread-safe.
#pragma once

#include <memory>
#include <atomic>
#include <mutex>
#include <thread>
#include <string>

#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "store_pg/connection.hpp"
#include "store_pg/writer.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_pg {

class PgStore final : public store_sql::Database {
 public:
  struct Options {
    std::string url;  // a libpq connection URI: postgresql://user@host:port/db?…
    std::string media_dir = {};
    std::size_t max_readers = 8;
    core::Registry* metrics = nullptr;
  };
  static core::Result<std::unique_ptr<PgStore>> Open(const Options& options, const core::Clock& clock);
  ~PgStore() override;

  void Close() override;
  core::Result<bool> LeadTimers() override;
  const store_sql::Dialect& dialect() const override;
  core::Result<void> Publish(store_sql::Connection& c, const store::Change& change) override;
  core::Result<void> IndexSearch(store_sql::Connection& c, std::int64_t case_id, const std::string& text,
                                 const std::string& unigrams) override;

  static int LatestSchemaVersion();
  // True when `db` names a PostgreSQL database rather than a SQLite file.
  static bool IsUrl(const std::string& db);

 private:
  explicit PgStore(Options options) : Database(options.max_readers), options_(std::move(options)) {}
  core::Result<void> Submit(WriteJob job) override;
  bool Writing() const override;
  core::Result<std::unique_ptr<store_sql::Connection>> OpenReader() override;

  // Opens the listening connection (LISTEN): in Open(), so that no change committed after Open()
  // returns goes unheard, and again when it is lost.
  core::Result<std::unique_ptr<Connection>> StartListening();
  void Listen(std::unique_ptr<Connection> conn);
  void ListenUntilStopped(std::unique_ptr<Connection>& conn);  // Listen's body, inside its firewall
  // The schema's mark in the connections' application_name ("onegrid writer 1a2b3c4d5e6f"): the
  // first 12 hex digits of md5(schema), as in the channel's name.
  std::string Tag() const { return channel_.substr(channel_.size() - 12); }

  Options options_;
  // Advisory locks and notification channels are per database: these are per schema, so that
  // onegrids in other schemas of the same database (the tests do that) keep to themselves.
  std::string channel_;
  std::int64_t schema_key_ = 0;
  std::string origin_;  // this server's mark on the changes it announces
  std::unique_ptr<Writer> writer_;
  std::atomic<bool> stopping_{false};
  std::thread listener_;
  std::mutex leader_mu_;
  std::unique_ptr<Connection> timers_;  // holds the timer lock while this server leads
  bool leading_ = false;
  std::string try_lead_sql_;
};

}  // namespace onegrid::store_pg
