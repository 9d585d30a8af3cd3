// Evaluation schemes (综合评价方案) as data: which indicators (and counts) make a subject's
// score, with what weights, how scores map to grades A–E, and the thresholds of the
// commendation (表彰先进) and lagging (后进) lists. Seeded with the composite scores of
// governance.md §7 and the district 100-point scheme; stored as versioned documents like the
// SLA policies. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "evaluation/indicators.hpp"

namespace onegrid::evaluation {

// Who a scheme ranks: handling units, streets (the cases located in each), or people in a role.
enum class Subject { kUnit, kStreet, kWorker };
std::string_view SubjectName(Subject s);

// A count scored by bands: the first band whose bound holds gives the score (0–100).
struct Band {
  std::int64_t bound = 0;
  double score = 0;
};

struct SchemeTerm {
  std::string indicator;  // an IndicatorDefs() code, or
  std::string count;      // a measure name scored by bands
  double weight = 0;      // the weights of a scheme sum to 100
  bool invert = false;    // scores 1 − rate (返工率, 延期率, 超期待处置率, 漏报率)
  bool at_most = true;    // bands: count ≤ bound (fewer is better), else count ≥ bound
  std::vector<Band> bands;
  double otherwise = 0;   // score when no band holds
};

struct ListRule {
  double score = 0;  // commend: at least this; lagging: below this
  int size = 0;      // at most this many
};

struct Scheme {
  std::string code, name;
  Subject subject = Subject::kUnit;
  std::string role;  // for kWorker: the role whose people are ranked (grid_worker, …)
  std::vector<SchemeTerm> terms;
  ListRule commend{90, 5}, lagging{60, 5};
};

struct Grade {
  std::string grade;
  double min = 0;
};

struct SchemeSet {
  int version = 0;
  std::vector<Grade> grades;  // highest first; the last has min 0
  std::vector<Scheme> schemes;
  const Scheme* Find(std::string_view code) const;
};

// Precise errors: kInvalidArgument with the field path (e.g. "schemes[1].terms[0].weight").
core::Result<SchemeSet> ParseSchemeSet(const nlohmann::json& j);
nlohmann::json SchemeSetJson(const SchemeSet& s);
// The seeded set: the composite scores of §7 and the district 100-point scheme.
nlohmann::json DefaultSchemeSet();

// One term's part of a score.
struct TermScore {
  std::string code;        // indicator or count
  double weight = 0;
  std::optional<double> value;  // the rate or the count, as measured
  std::optional<double> score;  // 0–100; null when the indicator has no denominator
};
struct Score {
  std::optional<double> total;  // 0–100, over the terms that have a score (weights rescaled)
  std::string grade;            // "" without a total
  std::vector<TermScore> terms;
};
Score ScoreOf(const SchemeSet& set, const Scheme& scheme, const Tally& tally);
std::string GradeOf(const SchemeSet& set, double total);

}  // namespace onegrid::evaluation
