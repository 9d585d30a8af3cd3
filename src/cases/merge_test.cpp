#include "cases/merge.hpp"

#include <gtest/gtest.h>

namespace onegrid::cases {
namespace {

Case Open(std::int64_t id, State state, std::string unit = "") {
  Case c;
  c.id = id;
  c.number = "410104-20261123-00000" + std::to_string(id);
  c.state = state;
  c.current_unit = std::move(unit);
  c.created_by = 40 + id;
  return c;
}

Event Next(const Case& c, Event e) {
  e.case_id = c.id;
  e.seq = c.version + 1;
  if (!e.from) e.from = c.state;
  return e;
}

TEST(Merge, AFollowerTakesItsMastersStateAndUnitAndGetsItsOwnBackOnUnmerge) {
  Case master = Open(1, State::kHandling, "CGJ");
  Case dup = Open(2, State::kReported);
  dup.clock.step = Step::kAccept;
  dup.clock.wall = true;
  Event merge = Next(dup, {});
  merge.action = std::string(kMergeAction);
  merge.to = master.state;
  merge.payload = MergePayload(master, dup);
  ASSERT_TRUE(Apply(dup, merge).has_value());
  EXPECT_EQ(dup.merged_into, 1);
  EXPECT_EQ(dup.state, State::kHandling);
  EXPECT_EQ(dup.current_unit, "CGJ");
  EXPECT_EQ(dup.clock.step, Step::kNone);
  EXPECT_TRUE(dup.units.empty());  // not a dispatch of its own

  EXPECT_FALSE(FollowEvent(master, dup, {}).has_value());  // nothing to copy
  master.state = State::kClosed;
  auto follow = FollowEvent(master, dup, {});
  ASSERT_TRUE(follow.has_value());
  EXPECT_EQ(follow->to, State::kClosed);
  EXPECT_EQ(follow->payload["notify"], nlohmann::json::array({42}));  // its reporter is told
  EXPECT_FALSE(FollowEvent(master, Open(3, State::kReported), {}).has_value());  // not a follower

  auto unmerge_payload = UnmergePayload(merge);
  ASSERT_TRUE(unmerge_payload.has_value());
  Event unmerge = Next(dup, {});
  unmerge.action = std::string(kUnmergeAction);
  unmerge.to = State::kReported;
  unmerge.payload = *unmerge_payload;
  ASSERT_TRUE(Apply(dup, unmerge).has_value());
  EXPECT_EQ(dup.merged_into, 0);
  EXPECT_EQ(dup.state, State::kReported);
  EXPECT_EQ(dup.current_unit, "");
  EXPECT_EQ(dup.clock.step, Step::kAccept);
}

TEST(Merge, EventsThatDoNotFitTheCaseCannotApply) {
  Case dup = Open(2, State::kReported);
  Event follow = Next(dup, {});
  follow.action = std::string(kFollowAction);
  follow.to = State::kHandling;
  follow.payload = {{"master_id", 1}, {"unit", "CGJ"}};
  EXPECT_FALSE(Apply(dup, follow).has_value());  // it follows no one
  Event self = Next(dup, {});
  self.action = std::string(kMergeAction);
  self.to = State::kReported;
  self.payload = {{"master_id", 2}};
  EXPECT_FALSE(Apply(dup, self).has_value());
  Event unmerge = Next(dup, {});
  unmerge.action = std::string(kUnmergeAction);
  unmerge.to = State::kReported;
  unmerge.payload = {{"master_id", 1}};
  EXPECT_FALSE(Apply(dup, unmerge).has_value());  // not merged
  EXPECT_FALSE(UnmergePayload(follow).has_value());
}

TEST(Merge, CandidatesTextIsTheTreesDump) {
  // Stored in the case row and spliced into the report's hashed payload.
  std::vector<DuplicateCandidate> candidates;
  EXPECT_EQ(CandidatesText(candidates), CandidatesJson(candidates).dump());
  for (int i = 0; i < 6; ++i) {
    candidates.push_back({i * 1'000'000'007LL, "410104-2026092" + std::to_string(i) + "-00000" + std::to_string(i),
                          i % 2 ? 12.5 * i : static_cast<double>(i), -i * 3600LL, "410104", i % 3 ? "410104001000" : "",
                          "社区\"" + std::to_string(i), "\x01grid\\" + std::to_string(i)});
    EXPECT_EQ(CandidatesText(candidates), CandidatesJson(candidates).dump()) << i;
  }
}

}  // namespace
}  // namespace onegrid::cases
