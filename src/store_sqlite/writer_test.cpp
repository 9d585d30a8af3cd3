#include "store_sqlite/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "support/temp_dir.hpp"
#include <latch>
#include <thread>
#include <vector>

namespace onegrid::store_sqlite {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("w.db");
    auto conn = Connection::Open(path_, Connection::Mode::kWriter);
    ASSERT_TRUE(conn.has_value());
    ASSERT_TRUE((*conn)->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)").has_value());
    writer_ = Writer::Start(std::move(*conn), {.metrics = &metrics_});
  }
  void TearDown() override {
    writer_.reset();
  }

  core::Result<void> Insert(const std::string& k, int v) {
    return writer_->Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)"));
      st.Bind(1, k).Bind(2, std::int64_t{v});
      return st.Run();
    });
  }

  std::int64_t Count(const std::string& where = "1") {
    auto conn = Connection::Open(path_, Connection::Mode::kReader);
    auto st = (*conn)->Prepare(("SELECT COUNT(*) FROM t WHERE " + where).c_str());
    EXPECT_TRUE(st->Step().value());
    return st->Int(0);
  }

  testing::TempDir dir_;
  std::string path_;
  core::Registry metrics_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, AcknowledgedWritesSurviveReopening) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Insert("k" + std::to_string(i), i).has_value());
  writer_.reset();  // close the only writer connection
  EXPECT_EQ(Count(), 20);
}

TEST_F(WriterTest, AFailingWriteFailsAloneInItsBatch) {
  ASSERT_TRUE(Insert("taken", 0).has_value());
  // Hold the writer inside one write so that the next ones queue up into a single batch.
  std::latch release(1);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    auto r = writer_->Write<void>([&](Connection&) -> core::Result<void> {
      holding = true;
      release.wait();
      return core::Ok();
    });
    EXPECT_TRUE(r.has_value());
  });
  while (!holding) std::this_thread::yield();
  std::vector<std::thread> writers;
  std::vector<core::Result<void>> results(9, core::Ok());
  for (int i = 0; i < 9; ++i) {
    writers.emplace_back([&, i] { results[i] = Insert(i == 4 ? "taken" : "n" + std::to_string(i), i); });
  }
  while (writer_->queue_depth() != 9) std::this_thread::yield();
  release.count_down();
  holder.join();
  for (auto& w : writers) w.join();
  for (int i = 0; i < 9; ++i) {
    if (i == 4) {
      ASSERT_FALSE(results[i].has_value());
      EXPECT_EQ(results[i].error().code, core::ErrorCode::kAlreadyExists);
    } else {
      EXPECT_TRUE(results[i].has_value()) << i;
    }
  }
  EXPECT_EQ(Count("k LIKE 'n%'"), 8);
  EXPECT_EQ(Count("k = 'taken' AND v = 0"), 1);  // the failed write left nothing behind
  // The nine queued writes went out as one transaction.
  auto text = metrics_.Render();
  EXPECT_NE(text.find("onegrid_writer_batch_size_bucket{le=\"8\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("onegrid_writer_batch_size_count 3\n"), std::string::npos) << text;
}

TEST_F(WriterTest, AWriteAfterStopIsRefused) {
  writer_->Stop();
  auto r = Insert("late", 1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(WriterTest, StopCommitsWhatIsQueued) {
  std::vector<std::thread> writers;
  std::atomic<int> acknowledged{0};
  for (int i = 0; i < 50; ++i) {
    writers.emplace_back([&, i] {
      if (Insert("q" + std::to_string(i), i).has_value()) ++acknowledged;
    });
  }
  for (auto& w : writers) w.join();
  writer_->Stop();
  EXPECT_EQ(acknowledged.load(), 50);
  EXPECT_EQ(Count(), 50);
}

}  // namespace
}  // namespace onegrid::store_sqlite
