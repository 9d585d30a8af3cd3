#include "cases/category.hpp"

#include <algorithm>
#include <cstdlib>

namespace onegrid::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& category_data();
}  // namespace onegrid::embedded

namespace onegrid::cases {
namespace {

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view CategoryKindName(CategoryKind kind) {
  return kind == CategoryKind::kComponent ? "component" : "matter";
}

std::optional<CategoryKind> ParseCategoryKind(std::string_view name) {
  if (name == "component") return CategoryKind::kComponent;
  if (name == "matter") return CategoryKind::kMatter;
  return std::nullopt;
}

core::Result<std::vector<Category>> ParseCategories(std::string_view csv) {
  std::vector<Category> out;
  std::size_t line_no = 0;
  while (!csv.empty()) {
    auto eol = csv.find('\n');
    std::string_view line = csv.substr(0, eol);
    csv = eol == std::string_view::npos ? std::string_view() : csv.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;  // the header
    std::vector<std::string_view> cols;
    while (true) {
      auto comma = line.find(',');
      cols.push_back(line.substr(0, comma));
      if (comma == std::string_view::npos) break;
      line = line.substr(comma + 1);
    }
    auto kind = cols.size() == 5 ? ParseCategoryKind(cols[0]) : std::nullopt;
    if (!kind || cols[1].size() != 5 || !Digits(cols[1]) || cols[2] != cols[1].substr(0, 2) ||
        cols[4].empty()) {
      return core::InvalidArgument("category line " + std::to_string(line_no) +
                                   " must be kind,code(5 digits),major_code,major_name,name");
    }
    out.push_back({*kind, std::string(cols[1]), std::string(cols[2]), std::string(cols[3]),
                   std::string(cols[4])});
  }
  return out;
}

const std::vector<Category>& Categories() {
  static const std::vector<Category> all = [] {
    for (const auto& [name, bytes] : embedded::category_data()) {
      if (name == "gbt47678_5_2026.csv") {
        auto parsed = ParseCategories(bytes);
        OG_CHECK(parsed.has_value());  // the shipped file is checked by the tests
        return *parsed;
      }
    }
    return std::vector<Category>{};
  }();
  return all;
}

const Category* FindCategory(CategoryKind kind, std::string_view code) {
  for (const auto& c : Categories()) {
    if (c.kind == kind && c.code == code) return &c;
  }
  return nullptr;
}

std::optional<std::string> MapOldEventCode(std::string_view old_code) {
  auto dash = old_code.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto major = old_code.substr(0, dash), minor = old_code.substr(dash + 1);
  if (!Digits(major) || !Digits(minor) || major.size() > 2 || minor.size() > 3) return std::nullopt;
  int new_major = std::atoi(std::string(major).c_str()) + 5;
  int new_minor = std::atoi(std::string(minor).c_str());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d%03d", new_major, new_minor);
  if (FindCategory(CategoryKind::kMatter, buf) == nullptr) return std::nullopt;
  return std::string(buf);
}

bool ValidCategoryPattern(const std::string& c) {
  if (c == "*") return true;
  auto colon = c.find(':');
  if (colon == std::string::npos) return false;
  auto kind = ParseCategoryKind(c.substr(0, colon));
  std::string code = c.substr(colon + 1);
  if (!kind) return false;
  if (code.size() == 2) {
    for (const auto& cat : Categories()) {
      if (cat.kind == *kind && cat.major_code == code) return true;
    }
    return false;
  }
  return FindCategory(*kind, code) != nullptr;
}

int CategoryPatternMatch(const std::string& pattern, CategoryKind kind, const std::string& code) {
  if (pattern.size() == 1 && pattern[0] == '*') return 0;
  // Without allocating: routing asks this of every rule for every case.
  std::string_view p(pattern), k = CategoryKindName(kind);
  if (p.size() <= k.size() || p.compare(0, k.size(), k) != 0 || p[k.size()] != ':') return -1;
  std::string_view rest = p.substr(k.size() + 1);
  if (rest == code) return 2;
  if (rest.size() == 2 && code.size() >= 2 && rest == std::string_view(code).substr(0, 2)) return 1;
  return -1;
}

}  // namespace onegrid::cases
