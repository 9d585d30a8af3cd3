// Mapping of cases and events to their rows; used by the case repository only.
#pragma once

#include "cases/case.hpp"
#include "store_sql/sql.hpp"

namespace onegrid::store_sql {

// SELECT list of the columns ReadCase expects, in order.
extern const char* const kCaseColumns;
extern const char* const kEventColumns;

core::Result<cases::Case> ReadCase(const Statement& st);
core::Result<cases::Event> ReadEvent(const Statement& st);
// INSERT (insert = true) or UPDATE by id.
core::Result<void> WriteCase(Connection& c, const cases::Case& row, bool insert);
// The row's JSON columns as WriteCase writes them; dumped by the caller's thread when it can
// (an intake, before its write reaches the writer).
struct CaseTexts {
  std::string units, attachments, clock, whole, candidates, assists, calls;
};
CaseTexts TextsOf(const cases::Case& row);
core::Result<void> WriteCase(Connection& c, const cases::Case& row, bool insert, const CaseTexts& texts);
core::Result<void> InsertEvent(Connection& c, const cases::Event& e);
// The same with the payload's dump, when the caller has it already (it hashed it).
core::Result<void> InsertEvent(Connection& c, const cases::Event& e, std::string_view payload_text);
// The text a case is found by (description and address) and its unigrams (cases::Unigrams),
// as the search index takes them.
struct SearchText {
  std::string text, unigrams;
};
SearchText SearchTextOf(const cases::Case& c);
// Replaces the case's rows of case_parties by the units taking part in it besides the lead.
core::Result<void> WriteParties(Connection& c, const cases::Case& row);

}  // namespace onegrid::store_sql
