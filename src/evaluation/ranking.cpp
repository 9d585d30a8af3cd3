#include "evaluation/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace onegrid::evaluation {
namespace {

// Competition ranks of the totals, by code.
std::map<std::string, int> Ranks(std::vector<std::pair<double, std::string>> totals) {
  std::sort(totals.begin(), totals.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::map<std::string, int> out;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    int rank = (i > 0 && totals[i].first == totals[i - 1].first) ? out[totals[i - 1].second] : static_cast<int>(i) + 1;
    out[totals[i].second] = rank;
  }
  return out;
}

}  // namespace

Ranking Rank(const Scheme& scheme, std::vector<Scored> subjects) {
  std::vector<std::pair<double, std::string>> now, before;
  for (const auto& s : subjects) {
    if (s.now.total) now.emplace_back(*s.now.total, s.code);
    if (s.previous.total) before.emplace_back(*s.previous.total, s.code);
  }
  auto ranks = Ranks(std::move(now));
  auto previous_ranks = Ranks(std::move(before));
  Ranking out;
  for (auto& s : subjects) {
    RankedRow r;
    r.code = s.code;
    r.name = s.name;
    if (auto it = ranks.find(s.code); it != ranks.end()) r.rank = it->second;
    if (auto it = previous_ranks.find(s.code); it != previous_ranks.end()) r.previous_rank = it->second;
    r.previous_total = s.previous.total;
    if (s.now.total && s.previous.total) r.change = std::round((*s.now.total - *s.previous.total) * 100) / 100;
    if (r.rank && r.previous_rank) r.rank_change = *r.previous_rank - *r.rank;
    r.score = std::move(s.now);
    out.rows.push_back(std::move(r));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const RankedRow& a, const RankedRow& b) {
    if (a.rank.has_value() != b.rank.has_value()) return a.rank.has_value();
    if (a.rank && *a.rank != *b.rank) return *a.rank < *b.rank;
    return a.code < b.code;
  });
  for (const auto& r : out.rows) {
    if (!r.rank || static_cast<int>(out.commended.size()) >= scheme.commend.size) continue;
    if (*r.score.total >= scheme.commend.score) out.commended.push_back(r.code);
  }
  for (auto it = out.rows.rbegin(); it != out.rows.rend(); ++it) {
    if (!it->rank || static_cast<int>(out.lagging.size()) >= scheme.lagging.size) continue;
    if (*it->score.total < scheme.lagging.score) out.lagging.push_back(it->code);
  }
  return out;
}

}  // namespace onegrid::evaluation
