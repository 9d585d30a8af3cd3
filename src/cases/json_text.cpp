#include "cases/json_text.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace onegrid::cases::json_text {

void String(std::string& out, std::string_view value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u >= 0x20 && u < 0x80 && ch != '"' && ch != '\\';
  });
  if (plain) {
    out.append("\"").append(value).append("\"");
  } else {
    out.append(nlohmann::json(std::string(value)).dump());
  }
}

void DoubleMember(std::string& out, std::string_view key, double value) {
  Key(out, key);
  out.append(nlohmann::json(value).dump()).append(",");
}

void StringsMember(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  Key(out, key);
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    String(out, values[i]);
  }
  out.append("],");
}

}  // namespace onegrid::cases::json_text
