// SQLite implementations of the repository interfaces; built by SqliteStore only.
#pragma once

#include <memory>

#include "store/store.hpp"

namespace onegrid::store_sqlite {

class SqliteStore;

std::unique_ptr<store::UserRepository> MakeUserRepository(SqliteStore& store);
std::unique_ptr<store::SessionRepository> MakeSessionRepository(SqliteStore& store);
std::unique_ptr<store::AreaRepository> MakeAreaRepository(SqliteStore& store);
std::unique_ptr<store::CaseRepository> MakeCaseRepository(SqliteStore& store);
// kind: "sla" or "routing" (rule_versions.kind).
std::unique_ptr<store::RuleVersionRepository> MakeRuleVersionRepository(SqliteStore& store, std::string kind);
std::unique_ptr<store::CalendarRepository> MakeCalendarRepository(SqliteStore& store);
std::unique_ptr<store::InboxRepository> MakeInboxRepository(SqliteStore& store);
std::unique_ptr<store::UnitRepository> MakeUnitRepository(SqliteStore& store);

}  // namespace onegrid::store_sqlite
