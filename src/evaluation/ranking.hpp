// Rankings of a period under one scheme: subjects by score (ties share a rank, as 1, 2, 2, 4),
// each beside its rank and score in the previous period; the commendation list (表彰先进: the
// best, at or above the scheme's commend score, at most its size) and the lagging list (the
// worst below its lagging score). A subject without a score (nothing to count) is listed
// unranked at the end. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluation/scheme.hpp"

namespace onegrid::evaluation {

struct Scored {
  std::string code, name;
  Score now, previous;
};

struct RankedRow {
  std::string code, name;
  Score score;
  std::optional<int> rank, previous_rank;
  std::optional<double> previous_total;
  std::optional<double> change;     // score − previous score
  std::optional<int> rank_change;   // previous rank − rank (up is positive)
};

struct Ranking {
  std::vector<RankedRow> rows;     // ranked first, best first
  std::vector<std::string> commended, lagging;  // codes, best first / worst first
};

Ranking Rank(const Scheme& scheme, std::vector<Scored> subjects);

}  // namespace onegrid::evaluation
