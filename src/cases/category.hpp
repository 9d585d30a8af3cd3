// The category directory of GB/T 47678.5-2026: components (部件, physical assets) and matters
// (事项, events), each a 5-digit code of a 2-digit major class and a 3-digit minor class. The
// key is (kind, code): the same code can exist in both kinds. The directory ships inside the
// binary (data/categories). Immutable after first use; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onegrid::cases {

enum class CategoryKind { kComponent, kMatter };
std::string_view CategoryKindName(CategoryKind kind);  // "component", "matter"
std::optional<CategoryKind> ParseCategoryKind(std::string_view name);

struct Category {
  CategoryKind kind = CategoryKind::kMatter;
  std::string code;        // "09009"
  std::string major_code;  // "09"
  std::string major_name;  // "街面秩序"
  std::string name;        // "机动车乱停放"
};

// Parses the directory's CSV (kind,code,major_code,major_name,name).
core::Result<std::vector<Category>> ParseCategories(std::string_view csv);

// The shipped directory, in file order.
const std::vector<Category>& Categories();
const Category* FindCategory(CategoryKind kind, std::string_view code);

// A category pattern of policies and rules: "*", "kind:code" (matter:06010) or a major class
// "kind:major" (matter:06). Valid when it names a category or class of the directory.
bool ValidCategoryPattern(const std::string& pattern);
// 2 when the pattern names the category exactly, 1 its major class, 0 "*", -1 no match.
int CategoryPatternMatch(const std::string& pattern, CategoryKind kind, const std::string& code);

// An old GB/T 30428.2-2013 event code "MM-NN" as the new matter code ("04-09" → "09009"),
// when the result is in the directory.
std::optional<std::string> MapOldEventCode(std::string_view old_code);

}  // namespace onegrid::cases
