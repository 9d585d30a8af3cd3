#include "cases/search_text.hpp"

namespace onegrid::cases {

std::size_t CharCount(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Unigrams(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    if (i + len > s.size()) break;  // a truncated sequence at the end
    if (len == 1 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      ++i;
      continue;
    }
    if (!out.empty()) out += ' ';
    if (len == 1 && c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string Phrase(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace onegrid::cases
