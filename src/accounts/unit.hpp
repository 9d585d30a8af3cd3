// The units that fix what the district's cases report (governance.md §4): the district's
// departments (职能部门, e.g. 城管局, 住建局), the street offices (街道办事处) and the companies
// they contract (作业单位, e.g. sanitation). A unit has a code (the key cases and grants use), a
// name, a kind, an optional parent unit, the street it serves (street offices), a contact and a
// leader (a user). Its members are the users whose unit it is. Pure values and validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onegrid::accounts {

enum class UnitKind { kDepartment, kStreetOffice, kContractor };
std::string_view UnitKindName(UnitKind k);  // department, street_office, contractor
std::optional<UnitKind> ParseUnitKind(std::string_view name);

struct Unit {
  std::string code;  // e.g. "CGJ" (城管局); letters, digits, - and _, 2-32
  std::string name;
  UnitKind kind = UnitKind::kDepartment;
  std::string parent_code;  // may be empty
  std::string area_code;    // the street a street office serves; may be empty
  std::string contact;      // phone or office, free text
  std::optional<std::int64_t> leader_id;
  bool active = true;
  core::Instant created_at, updated_at;
  bool operator==(const Unit&) const = default;
};

// Checks every field of a unit as given (not its references, which the service checks): the
// error names the first bad field and lists all in details.
core::Result<void> ValidateUnit(const Unit& unit);

}  // namespace onegrid::accounts
