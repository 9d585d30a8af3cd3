// The case feed numbers every event once, 1, 2, 3 … without gaps, in commit order, after random
// streams written from several threads with refusals among them; on both backends.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "random_cases.hpp"

namespace onegrid::store_sql {
namespace {

class FeedTest : public RandomCasesTest {};

TEST_P(FeedTest, EveryEventHasOneNumberInCommitOrderWithoutGaps) {
  std::vector<std::int64_t> ids;
  std::mt19937 seed_rng(9);
  for (int i = 0; i < 30; ++i) {
    auto made = store_->cases().Create(Request(seed_rng));
    ASSERT_TRUE(made.has_value()) << made.error().message;
    ids.push_back(made->value.id);
  }
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(200 + t);
      for (int i = 0; i < 150; ++i) {
        auto r = store_->cases().Act(ids[rng() % ids.size()], [&](const cases::Case& c) { return Next(c, rng); });
        if (r) ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GT(done.load(), 100);

  // Read in pages of 37, as a client resuming after each page would.
  std::vector<store::FeedItem> all;
  std::int64_t after = 0, head = 0;
  for (;;) {
    auto page = store_->feed().After(after, 37);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    head = page->head;
    if (page->items.empty()) break;
    after = page->items.back().id;
    for (auto& item : page->items) all.push_back(std::move(item));
  }
  std::int64_t events = 0;
  std::map<std::int64_t, std::int64_t> last_seq;
  for (std::int64_t id : ids) events += store_->cases().Get(id)->version;  // a case's version is its events
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), events) << "every event, and no refused one";
  EXPECT_EQ(head, events);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].id, static_cast<std::int64_t>(i) + 1) << "no gaps";
    // A case's events come in their own order: each number after the one before it.
    auto& seq = last_seq[all[i].event.case_id];
    EXPECT_EQ(all[i].event.seq, seq + 1) << "case " << all[i].event.case_id;
    seq = all[i].event.seq;
    EXPECT_EQ(all[i].now.id, all[i].event.case_id);
  }
  // Past the head: nothing, and the head.
  auto past = store_->feed().After(head + 10, 5);
  ASSERT_TRUE(past.has_value());
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->head, head);
}

TEST_P(FeedTest, ReopeningKeepsCounting) {
  std::mt19937 rng(4);
  ASSERT_TRUE(store_->cases().Create(Request(rng)).has_value());
  Reopen();
  ASSERT_TRUE(store_->cases().Create(Request(rng)).has_value());
  auto page = store_->feed().After(0, 10);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[1].id, 2);
  EXPECT_EQ(page->head, 2);
}

ONEGRID_ON_BOTH_BACKENDS(FeedTest);

}  // namespace
}  // namespace onegrid::store_sql
