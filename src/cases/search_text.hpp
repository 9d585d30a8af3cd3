// Text shaping for case search (see store_sqlite/sql/0004_case_search.sql): the unigram form
// puts a space between every character so that each becomes a token, and queries are quoted as
// FTS5 phrases so that no user text is read as query syntax. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace onegrid::cases {

// Characters (UTF-8 code points) in s.
std::size_t CharCount(std::string_view s);
// "机动车 ab" → "机 动 车 a b" (whitespace dropped, ASCII lowered).
std::string Unigrams(std::string_view s);
// An FTS5 phrase for the text: "…" with inner quotes doubled.
std::string Phrase(std::string_view s);

}  // namespace onegrid::cases
