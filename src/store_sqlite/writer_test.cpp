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
    Start(std::move(*conn), 1000);
  }
  void Start(std::unique_ptr<Connection> conn, int checkpoint_pages) {
    auto w = Writer::Start(std::move(conn),
                           {.metrics = &metrics_,
                            .checkpoint_pages = checkpoint_pages,
                            .open_checkpoint_connection = [this] {
                              return Connection::Open(path_, Connection::Mode::kWriter);
                            },
                            .hooks = {}});
    ASSERT_TRUE(w.has_value()) << w.error().message;
    writer_ = std::move(*w);
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

// Holds the writer inside one write until release(), so that the next writes queue into one batch.
class Hold {
 public:
  explicit Hold(Writer& w) : thread_([&] {
    (void)w.Write<void>([&](Connection&) -> core::Result<void> {
      holding_ = true;
      release_.wait();
      return core::Ok();
    });
  }) {
    while (!holding_) std::this_thread::yield();
  }
  void Release() {
    release_.count_down();
    thread_.join();
  }

 private:
  std::latch release_{1};
  std::atomic<bool> holding_{false};
  std::thread thread_;
};

// Six rerunnable writes in one batch; write 3 inserts its row, then fails (`fail_after_change`)
// or fails before inserting. Returns each write's result and how often each ran.
struct RerunOutcome {
  std::vector<core::Result<void>> results;
  std::vector<int> runs;
};
RerunOutcome RunRerunnableBatch(Writer& writer, bool fail_after_change) {
  RerunOutcome out{std::vector<core::Result<void>>(6, core::Ok()), std::vector<int>(6, 0)};
  std::vector<std::atomic<int>> runs(6);
  Hold hold(writer);
  std::vector<std::thread> writers;
  for (int i = 0; i < 6; ++i) {
    writers.emplace_back([&, i] {
      out.results[i] = writer.Write<void>(
          [&, i](Connection& c) -> core::Result<void> {
            ++runs[i];
            if (i == 3 && !fail_after_change) return core::InvalidArgument("refused before writing", "k");
            OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)"));
            st.Bind(1, "r" + std::to_string(i)).Bind(2, std::int64_t{i});
            OG_RETURN_IF_ERROR(st.Run());
            if (i == 3) return core::InvalidArgument("refused after writing", "k");
            return core::Ok();
          },
          /*rerunnable=*/true);
    });
  }
  while (writer.queue_depth() != 6) std::this_thread::yield();
  hold.Release();
  for (auto& w : writers) w.join();
  for (int i = 0; i < 6; ++i) out.runs[i] = runs[i];
  return out;
}

TEST_F(WriterTest, ARerunnableWriteThatFailsAfterWritingRunsItsBatchAgainAndFailsAlone) {
  auto out = RunRerunnableBatch(*writer_, /*fail_after_change=*/true);
  for (int i = 0; i < 6; ++i) {
    if (i == 3) {
      ASSERT_FALSE(out.results[i].has_value());
      EXPECT_EQ(out.results[i].error().message, "refused after writing");
    } else {
      EXPECT_TRUE(out.results[i].has_value()) << i;
    }
  }
  // It ran twice: without a savepoint, then with one. Those queued before it ran twice too, those
  // after it once (the queue's order is the threads').
  EXPECT_EQ(out.runs[3], 2);
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(out.runs[i] == 1 || out.runs[i] == 2) << i;
  EXPECT_EQ(Count("k LIKE 'r%'"), 5);
  EXPECT_EQ(Count("k = 'r3'"), 0);  // the failed write left nothing behind
}

TEST_F(WriterTest, ARerunnableWriteThatFailsBeforeWritingIsLeftOutWithoutARerun) {
  auto out = RunRerunnableBatch(*writer_, /*fail_after_change=*/false);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(out.results[i].has_value(), i != 3) << i;
    EXPECT_EQ(out.runs[i], 1) << i;
  }
  EXPECT_EQ(Count("k LIKE 'r%'"), 5);
}

// Deferred work runs once, after the batch's writes, and only for the writes that succeeded.
TEST_F(WriterTest, DeferredWorkRunsAtTheEndOfTheBatchForWritesThatSucceeded) {
  std::latch release(1);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    (void)writer_->Write<void>([&](Connection&) -> core::Result<void> {
      holding = true;
      release.wait();
      return core::Ok();
    });
  });
  while (!holding) std::this_thread::yield();
  auto deferring = [&](const std::string& k, bool fail) {
    return writer_->Write<void>([&, k, fail](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES (?1, 0)"));
      st.Bind(1, k);
      OG_RETURN_IF_ERROR(st.Run());
      writer_->Defer([k](Connection& d) -> core::Result<void> {
        // Sees every write of the batch: counts the rows inserted before it ran.
        OG_ASSIGN_OR_RETURN(auto upd, d.Prepare(
            "UPDATE t SET v = (SELECT COUNT(*) FROM t WHERE k LIKE 'd%') WHERE k = ?1"));
        upd.Bind(1, k);
        return upd.Run();
      });
      if (fail) return core::InvalidArgument("refused", "k");
      return core::Ok();
    });
  };
  std::vector<std::thread> writers;
  std::vector<core::Result<void>> results(3, core::Ok());
  for (int i = 0; i < 3; ++i) {
    writers.emplace_back([&, i] { results[i] = deferring("d" + std::to_string(i), i == 1); });
    while (writer_->queue_depth() != static_cast<std::size_t>(i + 1)) std::this_thread::yield();
  }
  release.count_down();
  holder.join();
  for (auto& w : writers) w.join();
  EXPECT_TRUE(results[0].has_value());
  ASSERT_FALSE(results[1].has_value());
  EXPECT_EQ(results[1].error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(results[2].has_value());
  EXPECT_EQ(Count("k LIKE 'd%'"), 2);             // the failed write and its deferral are gone
  EXPECT_EQ(Count("k LIKE 'd%' AND v = 2"), 2);   // both deferrals ran after both inserts
}

// A deferral that fails takes its whole batch with it: nothing of it is acknowledged.
TEST_F(WriterTest, AFailingDeferralFailsTheBatch) {
  auto r = writer_->Write<void>([&](Connection& c) -> core::Result<void> {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES ('x', 1)"));
    OG_RETURN_IF_ERROR(st.Run());
    writer_->Defer([](Connection& d) { return d.Exec("INSERT INTO no_such_table VALUES (1)"); });
    return core::Ok();
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(Count(), 0);
  EXPECT_TRUE(Insert("after", 1).has_value());  // the writer goes on
}

// The checkpointer copies the WAL back into the database file while the writer goes on; the
// writer's own automatic checkpoint is off, so nothing else could have moved the rows there.
TEST_F(WriterTest, TheCheckpointerCopiesTheWalIntoTheDatabase) {
  writer_.reset();
  auto conn = Connection::Open(path_, Connection::Mode::kWriter);
  ASSERT_TRUE(conn.has_value());
  Start(std::move(*conn), 8);
  auto initial = std::filesystem::file_size(path_);
  std::string blob(16 * 1024, 'x');
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(writer_->Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)"));
      st.Bind(1, blob + std::to_string(i)).Bind(2, std::int64_t{i});
      return st.Run();
    }).has_value());
  }
  // Bounded wait for the background thread (not a timing assertion).
  for (int i = 0; i < 1000 && std::filesystem::file_size(path_) < initial + 40 * 16 * 1024; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(std::filesystem::file_size(path_), initial + 40 * 16 * 1024);
  EXPECT_NE(metrics_.Render().find("onegrid_wal_checkpoint_seconds_count"), std::string::npos);
  EXPECT_EQ(Count(), 40);
}

// Under writes without a pause the WAL still starts over: it stays near the catch-up length
// (4 x checkpoint_pages) instead of holding everything written.
TEST_F(WriterTest, TheWalStartsOverUnderSteadyWrites) {
  writer_.reset();
  auto conn = Connection::Open(path_, Connection::Mode::kWriter);
  ASSERT_TRUE(conn.has_value());
  Start(std::move(*conn), 8);
  std::string blob(16 * 1024, 'y');
  std::uintmax_t largest = 0;
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(writer_->Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (k, v) VALUES (?1, ?2)"));
      st.Bind(1, blob + std::to_string(i)).Bind(2, std::int64_t{i});
      return st.Run();
    }).has_value());
    largest = std::max(largest, std::filesystem::file_size(path_ + "-wal"));
  }
  EXPECT_LT(largest, 1u << 20) << "300 writes of 16 KiB went into a WAL of " << largest << " bytes";
  EXPECT_EQ(Count(), 300);
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
