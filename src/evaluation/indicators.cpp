#include "evaluation/indicators.hpp"

#include <algorithm>

namespace onegrid::evaluation {
namespace {

bool InAny(const CaseFacts& c, const std::vector<std::string>& areas) {
  return std::any_of(areas.begin(), areas.end(), [&](const std::string& a) {
    return a == c.district_code || a == c.street_code || a == c.community_code || a == c.grid_code;
  });
}

bool Matches(const CaseFacts& c, const Fact& f, const Scope& s) {
  if (s.unit && f.unit != *s.unit) return false;
  if (s.actor) {
    if (f.measure == Measure::kAreaRegistered) {
      if (!InAny(c, s.watched_areas)) return false;
    } else if (f.actor != *s.actor) {
      return false;
    }
  }
  if (s.role && f.role != *s.role) return false;
  if (!s.areas.empty() && !InAny(c, s.areas)) return false;
  return true;
}

void Add(Count& count, const CaseFacts& c, const Fact& f, bool keep) {
  ++count.n;
  if (keep) count.facts.push_back({c.case_id, c.number, f.at});
}

// How an indicator is made of the tally: the numerator's counts and the denominator's.
enum class Part { kAll, kOk, kNotOk, kOnTime };
struct Term {
  Measure measure;
  Part part;
};
struct Formula {
  IndicatorDef def;
  std::string_view numerator_label, denominator_label;
  Term numerator;
  std::vector<Term> denominator;  // summed
};

// 应处置数 = 处置数 + 超时未处置数 (governance.md §7: 应结案数 likewise).
const std::vector<Term> kDue = {{Measure::kHandled, Part::kAll}, {Measure::kOverdueUnhandled, Part::kAll}};

const std::vector<Formula>& Formulas() {
  static const std::vector<Formula> kFormulas = {
      {{"handle_rate", "处置率", "Handling rate"}, "处置数", "应处置数", {Measure::kHandled, Part::kAll}, kDue},
      {{"on_time_handle_rate", "按期处置率", "On-time handling rate"}, "按期处置数", "应处置数",
       {Measure::kHandled, Part::kOk}, kDue},
      {{"close_rate", "结案率", "Closing rate"}, "结案数", "应结案数", {Measure::kClosed, Part::kAll}, kDue},
      {{"on_time_close_rate", "按期结案率", "On-time closing rate"}, "按期结案数", "应结案数",
       {Measure::kClosed, Part::kOk}, kDue},
      {{"rework_rate", "返工率", "Rework rate"}, "返工数", "应结案数", {Measure::kRework, Part::kAll}, kDue},
      {{"extension_rate", "延期率", "Extension rate"}, "延期数", "应处置数", {Measure::kExtended, Part::kAll}, kDue},
      {{"overdue_rate", "超期待处置率", "Overdue unhandled rate"}, "超时未处置数", "应处置数",
       {Measure::kOverdueUnhandled, Part::kAll}, kDue},
      {{"accurate_dispatch_rate", "准确派遣率", "Accurate dispatch rate"}, "准确派遣数", "派遣数",
       {Measure::kDispatched, Part::kOk}, {{Measure::kDispatched, Part::kAll}}},
      {{"on_time_dispatch_rate", "按时派遣率", "On-time dispatch rate"}, "按时派遣数", "派遣数",
       {Measure::kDispatched, Part::kOnTime}, {{Measure::kDispatched, Part::kAll}}},
      {{"on_time_register_rate", "按时立案率", "On-time registration rate"}, "按时立案数", "立案数",
       {Measure::kRegistered, Part::kOnTime}, {{Measure::kRegistered, Part::kAll}}},
      {{"accurate_register_rate", "准确立案率", "Accurate registration rate"}, "准确立案数", "立案数",
       {Measure::kRegistered, Part::kOk}, {{Measure::kRegistered, Part::kAll}}},
      {{"on_time_closing_rate", "按时结案率", "On-time closure rate (shift lead)"}, "按时结案数", "结案数",
       {Measure::kCloseAction, Part::kOnTime}, {{Measure::kCloseAction, Part::kAll}}},
      {{"valid_report_rate", "有效上报率", "Valid report rate"}, "有效上报数", "上报数",
       {Measure::kReported, Part::kOk}, {{Measure::kReported, Part::kAll}}},
      {{"on_time_verify_rate", "按时核实率", "On-time verification rate"}, "按时核实数", "核实数",
       {Measure::kVerified, Part::kOnTime}, {{Measure::kVerified, Part::kAll}}},
      {{"on_time_check_rate", "按时核查率", "On-time check rate"}, "按时核查数", "核查数",
       {Measure::kChecked, Part::kOnTime}, {{Measure::kChecked, Part::kAll}}},
      {{"missed_report_rate", "漏报率", "Missed report rate"}, "漏报数", "立案数",
       {Measure::kAreaRegistered, Part::kNotOk}, {{Measure::kAreaRegistered, Part::kAll}}},
  };
  return kFormulas;
}

const Count& Get(const Tally& t, Term term) {
  auto i = static_cast<std::size_t>(term.measure);
  switch (term.part) {
    case Part::kAll: return t.all[i];
    case Part::kOk: return t.ok[i];
    case Part::kNotOk: return t.not_ok[i];
    case Part::kOnTime: return t.on_time[i];
  }
  return t.all[i];
}

Indicator Make(const Tally& t, const Formula& f) {
  Indicator out;
  out.code = f.def.code;
  out.label_zh = f.def.label_zh;
  out.numerator_label = f.numerator_label;
  out.denominator_label = f.denominator_label;
  const Count& num = Get(t, f.numerator);
  out.numerator = num.n;
  out.numerator_facts = num.facts;
  for (const Term& term : f.denominator) {
    const Count& d = Get(t, term);
    out.denominator += d.n;
    out.denominator_facts.insert(out.denominator_facts.end(), d.facts.begin(), d.facts.end());
  }
  if (out.denominator > 0) out.value = static_cast<double>(out.numerator) / static_cast<double>(out.denominator);
  return out;
}

}  // namespace

Tally CountFacts(const std::vector<CaseFacts>& cases, core::Instant from, core::Instant to, const Scope& scope,
            bool keep_traces) {
  Tally t;
  for (const auto& c : cases) {
    for (const auto& f : c.facts) {
      bool in_period = f.measure == Measure::kOverdueUnhandled || (f.at >= from && f.at < to);
      if (!in_period || !Matches(c, f, scope)) continue;
      auto i = static_cast<std::size_t>(f.measure);
      Add(t.all[i], c, f, keep_traces);
      Add(f.ok ? t.ok[i] : t.not_ok[i], c, f, keep_traces);
      if (f.ok_time) Add(t.on_time[i], c, f, keep_traces);
    }
  }
  return t;
}

const std::vector<IndicatorDef>& IndicatorDefs() {
  static const std::vector<IndicatorDef> kDefs = [] {
    std::vector<IndicatorDef> defs;
    for (const auto& f : Formulas()) defs.push_back(f.def);
    return defs;
  }();
  return kDefs;
}

bool KnownIndicator(std::string_view code) {
  const auto& defs = IndicatorDefs();
  return std::any_of(defs.begin(), defs.end(), [&](const IndicatorDef& d) { return d.code == code; });
}

std::vector<Indicator> Indicators(const Tally& t) {
  std::vector<Indicator> out;
  for (const auto& f : Formulas()) out.push_back(Make(t, f));
  return out;
}

std::optional<Indicator> IndicatorOf(const Tally& t, std::string_view code) {
  for (const auto& f : Formulas()) {
    if (f.def.code == code) return Make(t, f);
  }
  return std::nullopt;
}

std::optional<std::int64_t> CountOf(const Tally& t, std::string_view measure) {
  for (int i = 0; i < kMeasureCount; ++i) {
    if (MeasureName(static_cast<Measure>(i)) == measure) return t.all[static_cast<std::size_t>(i)].n;
  }
  return std::nullopt;
}

}  // namespace onegrid::evaluation
