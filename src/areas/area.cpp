#include "areas/area.hpp"

#include <algorithm>

namespace onegrid::areas {
namespace {

bool Digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view LevelName(AreaLevel level) {
  switch (level) {
    case AreaLevel::kDistrict:
      return "district";
    case AreaLevel::kStreet:
      return "street";
    case AreaLevel::kCommunity:
      return "community";
    case AreaLevel::kGrid:
      return "grid";
  }
  return "grid";
}

std::optional<AreaLevel> ParseLevel(std::string_view name) {
  for (int i = 0; i < kLevelCount; ++i) {
    if (LevelName(static_cast<AreaLevel>(i)) == name) return static_cast<AreaLevel>(i);
  }
  return std::nullopt;
}

core::Result<void> ValidateCode(AreaLevel level, std::string_view code, const std::string& field) {
  auto bad = [&](const std::string& want) {
    return core::InvalidArgument("\"" + std::string(code) + "\" is not a " +
                                     std::string(LevelName(level)) + " code: " + want,
                                 field);
  };
  switch (level) {
    case AreaLevel::kDistrict:
      if (code.size() != 6 || !Digits(code) || code.substr(4) == "00") {
        return bad("6 digits of a county-level division, e.g. 410104");
      }
      break;
    case AreaLevel::kStreet:
      if (code.size() != 12 || !Digits(code) || code.substr(6, 3) == "000" ||
          code.substr(9) != "000") {
        return bad("12 digits, the county's 6, the street's 3 (not 000), then 000");
      }
      break;
    case AreaLevel::kCommunity:
      if (code.size() != 12 || !Digits(code) || code.substr(6, 3) == "000" ||
          code.substr(9) == "000") {
        return bad("12 digits, the street's 9, then the community's 3 (not 000)");
      }
      break;
    case AreaLevel::kGrid:
      if (code.size() != 15 || !Digits(code.substr(0, 12)) || code.substr(9, 3) == "000" ||
          !std::all_of(code.begin() + 12, code.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); })) {
        return bad("15 characters, the community's 12 digits, then a 3-character sequence [0-9A-Z]");
      }
      break;
  }
  return core::Ok();
}

std::string ParentCode(AreaLevel level, std::string_view code) {
  switch (level) {
    case AreaLevel::kDistrict:
      return "";
    case AreaLevel::kStreet:
      return std::string(code.substr(0, 6));
    case AreaLevel::kCommunity:
      return std::string(code.substr(0, 9)) + "000";
    case AreaLevel::kGrid:
      return std::string(code.substr(0, 12));
  }
  return "";
}

}  // namespace onegrid::areas
