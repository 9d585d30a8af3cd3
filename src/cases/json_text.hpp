// JSON text written member by member exactly as nlohmann's compact dump() writes the same
// object (its keys sorted, ensure_ascii off), for the hot texts that are hashed or stored: no
// tree of std::map nodes is built. Each caller writes its keys in sorted order; its test compares
// the text with the tree's dump. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onegrid::cases::json_text {

// A JSON string: as it is when it holds no quote, backslash, control or non-ASCII byte, else
// through nlohmann's serializer (its escapes, its UTF-8 check).
void String(std::string& out, std::string_view value);
// `"key":`
inline void Key(std::string& out, std::string_view key) { out.append("\"").append(key).append("\":"); }
// `"key":value,` for each kind of value (named apart: a string literal would otherwise choose
// the bool); the caller ends the object with Close().
inline void StringMember(std::string& out, std::string_view key, std::string_view value) {
  Key(out, key);
  String(out, value);
  out += ',';
}
inline void IntMember(std::string& out, std::string_view key, std::int64_t value) {
  Key(out, key);
  out.append(std::to_string(value)).append(",");
}
inline void BoolMember(std::string& out, std::string_view key, bool value) {
  Key(out, key);
  out.append(value ? "true," : "false,");
}
// A double as nlohmann writes it (the shortest text that reads back the same, ".0" on whole ones).
void DoubleMember(std::string& out, std::string_view key, double value);
void StringsMember(std::string& out, std::string_view key, const std::vector<std::string>& values);
// Ends an object whose last member left a comma, or an empty one (`{}`).
inline void Close(std::string& out) {
  if (out.back() == ',') {
    out.back() = '}';
  } else {
    out += '}';
  }
}

}  // namespace onegrid::cases::json_text
