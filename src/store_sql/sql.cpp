#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

core::Result<void> Cursor::Queue() {
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return core::Ok();
  }
}

core::Result<void> Statement::Run() {
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return core::Ok();
  }
}

core::Result<std::vector<std::int64_t>> ReadIds(Statement& st) {
  std::vector<std::int64_t> out;
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(st.Int(0));
  }
}

bool IsUniqueViolation(const core::Error& e) { return e.code == core::ErrorCode::kAlreadyExists; }

}  // namespace onegrid::store_sql
