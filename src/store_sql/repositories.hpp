// The repository interfaces over SQL, once for every backend; built by Database only.
#pragma once

#include <memory>

#include "store/store.hpp"

namespace onegrid::store_sql {

class Database;

std::unique_ptr<store::UserRepository> MakeUserRepository(Database& store);
std::unique_ptr<store::SessionRepository> MakeSessionRepository(Database& store);
std::unique_ptr<store::AreaRepository> MakeAreaRepository(Database& store);
std::unique_ptr<store::CaseRepository> MakeCaseRepository(Database& store);
// kind: "sla", "routing" or "evaluation" (rule_versions.kind).
std::unique_ptr<store::RuleVersionRepository> MakeRuleVersionRepository(Database& store, std::string kind);
std::unique_ptr<store::CalendarRepository> MakeCalendarRepository(Database& store);
std::unique_ptr<store::InboxRepository> MakeInboxRepository(Database& store);
std::unique_ptr<store::UnitRepository> MakeUnitRepository(Database& store);

}  // namespace onegrid::store_sql
