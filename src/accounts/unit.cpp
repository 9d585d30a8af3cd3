#include "accounts/unit.hpp"

#include <array>

namespace onegrid::accounts {
namespace {
constexpr std::array<std::string_view, 3> kKinds = {"department", "street_office", "contractor"};
}  // namespace

std::string_view UnitKindName(UnitKind k) { return kKinds[static_cast<std::size_t>(k)]; }

std::optional<UnitKind> ParseUnitKind(std::string_view name) {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == name) return static_cast<UnitKind>(i);
  }
  return std::nullopt;
}

core::Result<void> ValidateUnit(const Unit& u) {
  std::vector<core::ErrorDetail> problems;
  auto bad = [&](std::string field, std::string message) { problems.push_back({std::move(field), std::move(message)}); };
  bool code_ok = u.code.size() >= 2 && u.code.size() <= 32;
  for (char c : u.code) {
    code_ok = code_ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  }
  if (!code_ok) bad("code", "must be 2 to 32 letters, digits, - or _");
  if (u.name.empty() || u.name.size() > 200) bad("name", "must be 1 to 200 bytes");
  if (u.parent_code == u.code && !u.code.empty()) bad("parent_code", "a unit cannot be its own parent");
  if (u.kind == UnitKind::kStreetOffice && u.area_code.empty()) bad("area_code", "names the street a street office serves");
  if (u.kind != UnitKind::kStreetOffice && !u.area_code.empty()) bad("area_code", "is only for street offices");
  if (u.contact.size() > 200) bad("contact", "must be at most 200 bytes");
  if (problems.empty()) return core::Ok();
  core::Error e = core::InvalidArgument(problems.front().message, problems.front().field);
  e.details = std::move(problems);
  return e;
}

}  // namespace onegrid::accounts
