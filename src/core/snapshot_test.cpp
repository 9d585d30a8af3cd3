#include "core/snapshot.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace onegrid::core {
namespace {

TEST(Snapshot, EmptyUntilStored) {
  Snapshot<int> s;
  EXPECT_EQ(s.Load(), nullptr);
  s.Store(std::make_shared<const int>(7));
  ASSERT_NE(s.Load(), nullptr);
  EXPECT_EQ(*s.Load(), 7);
}

TEST(Snapshot, ReadersSeeEveryStoreAndInstancesNeverMix) {
  auto a = std::make_unique<Snapshot<int>>(std::make_shared<const int>(1));
  Snapshot<int> b(std::make_shared<const int>(2));
  EXPECT_EQ(*a->Load(), 1);  // this thread now caches a's pointer
  EXPECT_EQ(*b.Load(), 2);
  EXPECT_EQ(*a->Load(), 1);
  a->Store(std::make_shared<const int>(3));
  EXPECT_EQ(*a->Load(), 3);
  // Another thread's cache starts empty and follows the stores too.
  int seen = 0;
  std::thread([&] { seen = *a->Load(); }).join();
  EXPECT_EQ(seen, 3);
  // A new instance at (possibly) the same address never returns the old one's cached value.
  a.reset();
  a = std::make_unique<Snapshot<int>>(std::make_shared<const int>(4));
  EXPECT_EQ(*a->Load(), 4);
}

}  // namespace
}  // namespace onegrid::core
