#include "service/case_audit.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace onegrid::service {
namespace {

class CaseAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*db_.Open(clock_));
    for (int i = 0; i < 3; ++i) {
      store::NewCase r;
      r.district_code = "410104";
      r.fields.category_code = "09009";
      r.fields.district_code = "410104";
      r.report.at = clock_.Now();
      auto made = store_->cases().Create(r);
      ASSERT_TRUE(made.has_value());
      for (const char* action : {"accept", "register"}) {
        ASSERT_TRUE(store_->cases()
                        .Act(made->value.id,
                             [&](const cases::Case& c) -> core::Result<cases::Event> {
                               cases::Event e;
                               e.action = action;
                               e.from = c.state;
                               e.to = (*cases::FindRule(c.kind, c.state, action))->to;
                               e.at = clock_.Now();
                               return e;
                             })
                        .has_value());
      }
    }
  }
  // Tampering from outside onegrid, as someone with the database file could.
  void Sql(const std::string& sql) { db_.Exec(sql); }
  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};
  testing::TempDir dir_;
  testing::TestDb db_{dir_};
  std::unique_ptr<store_sql::Database> store_;
};

TEST_F(CaseAuditTest, RebuildEqualsTheLiveRows) {
  CaseAudit audit(*store_);
  auto r = audit.Rebuild();
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->cases, 3u);
  EXPECT_EQ(r->events, 9u);
  EXPECT_EQ(r->rewritten, 0u);  // the live rows are exactly the projection of their logs
  Sql("UPDATE cases SET state = 'closed', rework_count = 9 WHERE id = 2");
  r = audit.Rebuild();
  EXPECT_EQ(r->rewritten, 1u);
  EXPECT_EQ(store_->cases().Get(2)->state, cases::State::kRegistered);
  EXPECT_EQ(store_->cases().Get(2)->rework_count, 0);
  EXPECT_EQ(audit.Rebuild()->rewritten, 0u);
}

TEST_F(CaseAuditTest, VerifyFindsEveryTampering) {
  CaseAudit audit(*store_);
  EXPECT_TRUE(audit.Verify()->empty());
  Sql("UPDATE case_events SET note = 'changed later' WHERE case_id = 1 AND seq = 2");
  Sql("DELETE FROM case_events WHERE case_id = 2 AND seq = 3");
  Sql("INSERT INTO case_events SELECT case_id, 9, action, from_state, to_state, actor_id, actor_name, "
      "role, unit, at, note, attachments, payload, prev_hash, hash FROM case_events WHERE case_id = 3 AND seq = 2");
  Sql("INSERT INTO case_events SELECT 77, seq, action, from_state, to_state, actor_id, actor_name, "
      "role, unit, at, note, attachments, payload, prev_hash, hash FROM case_events WHERE case_id = 3 AND seq = 1");
  auto findings = audit.Verify();
  ASSERT_TRUE(findings.has_value());
  std::map<std::int64_t, std::string> by_case;
  for (const auto& f : *findings) by_case[f.case_id] += std::to_string(f.seq) + ":" + f.problem + "; ";
  ASSERT_EQ(by_case.size(), 5u) << ::testing::PrintToString(by_case);
  // The feed sees the same tampering from its side: two events it never numbered, a number
  // whose event is gone.
  EXPECT_EQ(by_case[0], "0:feed: 2 events have no feed number; 0:feed: 1 feed numbers name no event; ");
  EXPECT_NE(by_case[1].find("2:altered"), std::string::npos) << by_case[1];
  EXPECT_NE(by_case[2].find("missing"), std::string::npos) << by_case[2];
  EXPECT_NE(by_case[3].find("9:"), std::string::npos) << by_case[3];
  EXPECT_NE(by_case[77].find("the case row is missing"), std::string::npos) << by_case[77];
}

TEST_F(CaseAuditTest, VerifyFindsAFeedThatLostItsOrder) {
  CaseAudit audit(*store_);
  ASSERT_TRUE(audit.Verify()->empty());
  auto feed = [&] {
    std::vector<std::string> out;
    auto found = audit.Verify();  // kept alive: the loop walks into it
    for (const auto& f : *found) {
      EXPECT_EQ(f.case_id, 0);
      out.push_back(f.problem);
    }
    return out;
  };
  using Problems = std::vector<std::string>;
  Sql("DELETE FROM case_feed WHERE id = 4");
  EXPECT_EQ(feed(), (Problems{"feed: 1 events have no feed number",
                              "feed: the numbers are not 1 … 8 without gaps: 8 numbers from 1 to 9"}));
  Sql("INSERT INTO case_feed (id, case_id, seq) SELECT 4, case_id, seq FROM case_feed WHERE id = 9");
  EXPECT_EQ(feed(), (Problems{"feed: 1 events have no feed number", "feed: 1 events have more than one feed number"}));
  Sql("DELETE FROM case_feed WHERE id = 4");
  Sql("INSERT INTO case_feed (id, case_id, seq) SELECT 4, case_id, seq FROM case_events e WHERE NOT EXISTS "
      "(SELECT 1 FROM case_feed f WHERE f.case_id = e.case_id AND f.seq = e.seq)");
  EXPECT_TRUE(feed().empty());
  Sql("UPDATE feed_counter SET last = 7");
  EXPECT_EQ(feed(), (Problems{"feed: the counter stands at 7, the last number is 9"}));
}

}  // namespace
}  // namespace onegrid::service
