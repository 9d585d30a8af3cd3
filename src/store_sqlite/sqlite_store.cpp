#include "store_sqlite/sqlite_store.hpp"

#include "cases/search_text.hpp"
#include "store_sql/file_media_store.hpp"

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& sqlite_migrations();
}  // namespace onegrid::embedded

namespace onegrid::store_sqlite {
namespace {

// Queries of three or more characters use the trigram index; one- and two-character queries
// the unigram index, as a phrase of adjacent characters (sql/0004_case_search.sql).
class SqliteDialect final : public store_sql::Dialect {
 public:
  const char* NextCaseId() const override { return "SELECT COALESCE(MAX(id), 0) + 1 FROM cases"; }
  // The writer holds the only write transaction (BEGIN IMMEDIATE): nothing to lock.
  const char* LockRow() const override { return ""; }
  // The planner would take cases_by_created for the ORDER-less range otherwise.
  const char* OpenNearFrom() const override { return "cases INDEXED BY cases_open_by_place"; }
  std::string SearchFrom(const std::string& text) const override {
    return std::string(Trigram(text) ? "case_search_tri" : "case_search_uni") +
           " AS s JOIN cases ON cases.id = s.rowid WHERE s.text MATCH ?1";
  }
  std::string SearchValue(const std::string& text) const override {
    return Trigram(text) ? cases::Phrase(text) : cases::Phrase(cases::Unigrams(text));
  }
  const char* SearchKey() const override { return "s.rowid"; }

 private:
  static bool Trigram(const std::string& text) { return cases::CharCount(text) >= 3; }
};

constexpr const char* kIndexTri = "INSERT INTO case_search_tri (rowid, text) VALUES (?1, ?2)";
constexpr const char* kIndexUni = "INSERT INTO case_search_uni (rowid, text) VALUES (?1, ?2)";

}  // namespace

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const Options& options,
                                                             const core::Clock& clock) {
  std::unique_ptr<SqliteStore> s(new SqliteStore(options));
  OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options.path, Connection::Mode::kWriter));
  OG_ASSIGN_OR_RETURN(s->migration_report_, store_sql::Migrate(*conn, embedded::sqlite_migrations(), "BEGIN IMMEDIATE", clock.Now()));
  OG_ASSIGN_OR_RETURN(
      s->writer_,
      Writer::Start(std::move(conn),
                    {.metrics = options.metrics,
                     .open_checkpoint_connection = [path = options.path] {
                       return Connection::Open(path, Connection::Mode::kWriter);
                     },
                     .hooks = s->Hooks()}));
  s->MakeRepositories(store_sql::MakeFileMediaStore(options.media_dir.empty() ? options.path + ".media" : options.media_dir));
  return s;
}

SqliteStore::~SqliteStore() { Close(); }

int SqliteStore::LatestSchemaVersion() { return store_sql::LatestSchemaVersion(embedded::sqlite_migrations()); }

void SqliteStore::Close() {
  if (writer_) writer_->Stop();
}

const store_sql::Dialect& SqliteStore::dialect() const {
  static const SqliteDialect dialect;
  return dialect;
}

core::Result<void> SqliteStore::Submit(WriteJob job) {
  auto changes = std::make_shared<std::vector<store::Change>>();
  return writer_->Enqueue({.run =
                               [this, changes, run = std::move(job.run)](Connection& c) {
                                 changes->clear();  // of a run before, when it runs again
                                 job_changes_ = changes.get();
                                 bool ok = run(c);
                                 job_changes_ = nullptr;
                                 if (!ok) changes->clear();
                                 return ok;
                               },
                           .done =
                               [this, changes, done = std::move(job.done)](const std::optional<core::Error>& e) {
                                 if (!e) {
                                   for (const auto& change : *changes) Deliver(change);
                                 }
                                 done(e);
                               },
                           .rerunnable = job.rerunnable});
}

core::Result<void> SqliteStore::Publish(store_sql::Connection& /*c*/, const store::Change& change) {
  if (job_changes_) {
    job_changes_->push_back(change);
    job_changes_->back().here = true;
  }
  return core::Ok();
}

core::Result<std::unique_ptr<store_sql::Connection>> SqliteStore::OpenReader() {
  OG_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.path, Connection::Mode::kReader));
  return std::unique_ptr<store_sql::Connection>(std::move(conn));
}

core::Result<void> SqliteStore::IndexSearch(store_sql::Connection& /*c*/, std::int64_t case_id,
                                            const std::string& text, const std::string& unigrams) {
  writer_->Defer([case_id, text, unigrams](Connection& c) -> core::Result<void> {
    OG_ASSIGN_OR_RETURN(auto tri, c.Prepare(kIndexTri));
    tri.Bind(1, case_id).Bind(2, text);
    OG_RETURN_IF_ERROR(tri.Run());
    OG_ASSIGN_OR_RETURN(auto uni, c.Prepare(kIndexUni));
    uni.Bind(1, case_id).Bind(2, unigrams);
    return uni.Run();
  });
  return core::Ok();
}

bool SqliteStore::Writing() const { return writer_ && writer_->running(); }

}  // namespace onegrid::store_sqlite
