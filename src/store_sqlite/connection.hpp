// One sqlite3 connection as a store_sql::Connection: prepared statements cached per connection,
// values always bound (placeholders ?N), errors turned into core::Error. Used by one thread at a
// time (the writer thread, or the reader that borrowed it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store_sql/sql.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace onegrid::store_sqlite {

using store_sql::Statement;

class Connection final : public store_sql::Connection {
 public:
  enum class Mode { kWriter, kReader };
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
  ~Connection() override;

  core::Result<Statement> Prepare(const char* sql) override;  // cached by its text
  core::Result<Statement> PrepareShaped(const std::string& sql) override;
  core::Result<Statement> PrepareOnce(const std::string& sql) override;
  core::Result<void> Exec(std::string_view sql) override;
  std::int64_t Changes() const override;
  sqlite3* raw() { return db_.get(); }

 private:
  class Cursor;
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  core::Result<Cursor*> Compile(const std::string& sql, bool persistent);

  std::unique_ptr<sqlite3, Closer> db_;
  std::map<std::string, std::unique_ptr<store_sql::Cursor>, std::less<>> cache_;
  std::map<std::string, std::unique_ptr<store_sql::Cursor>, std::less<>> shaped_;
};

}  // namespace onegrid::store_sqlite
