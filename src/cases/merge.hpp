// Duplicates merged into one case (issue #6, governance.md §5: one problem reported five times
// is handled once). An operator merges a duplicate into its master: the duplicate (follower)
// takes the master's state and unit, its own clock stops, and from then on every change of the
// master's state or unit is copied to it by a "follow" event in the same transaction — so its
// reporter sees it handled and closed with the master, and is told when the master finishes.
// "unmerge" undoes it: the follower gets back the state, unit and clock it had before. All three
// are events of the follower's log, so the log still rebuilds the row. Pure; thread-compatible.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cases/case.hpp"

namespace onegrid::cases {

inline constexpr std::string_view kMergeAction = "merge";
inline constexpr std::string_view kUnmergeAction = "unmerge";
inline constexpr std::string_view kFollowAction = "follow";
bool IsMergeAction(std::string_view action);  // merge, unmerge or follow

nlohmann::json CandidatesJson(const std::vector<DuplicateCandidate>& candidates);
// CandidatesJson(candidates).dump(), written without the tree (json_text.hpp).
std::string CandidatesText(const std::vector<DuplicateCandidate>& candidates);
core::Result<std::vector<DuplicateCandidate>> ParseCandidates(const nlohmann::json& j);

// The payload of merging `follower` into `master`: the master, and what to restore on unmerge.
nlohmann::json MergePayload(const Case& master, const Case& follower);
// The payload of unmerging, read off the merge event that made the follower one.
core::Result<nlohmann::json> UnmergePayload(const Event& merge_event);
// The follow event for `follower` after its master became `master`, or nullopt when the
// follower already has the master's state and unit. The follower's reporter is notified when
// the master is finished. seq, hashes and case id are left to the store.
std::optional<Event> FollowEvent(const Case& master, const Case& follower, core::Instant at);

// Folds a merge, unmerge or follow event into the case (called by Apply).
core::Result<void> ApplyMerge(Case& c, const Event& e);

}  // namespace onegrid::cases
