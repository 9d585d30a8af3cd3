#include "cases/report_draft.hpp"

#include <gtest/gtest.h>

#include "cases/merge.hpp"

namespace onegrid::cases {
namespace {

core::Instant At(int minutes) {
  return core::Instant(core::Duration(1'790'000'000'000'000)) + std::chrono::minutes(minutes);
}

Case Fields(const std::string& description) {
  Case f;
  f.kind = Kind::kEvent;
  f.category_code = "09009";
  f.source = Source::kHotline;
  f.urgency = Urgency::kUrgent;
  f.description = description;
  f.address = "管城区东大街 12 号\t\"北门\"";
  f.lon = 113.6842117;
  f.lat = 34.7531402;
  f.district_code = "410104";
  f.street_code = "410104001000";
  f.community_code = "410104001002";
  f.grid_code = "410104001002003";
  f.grid_version = 3;
  f.reporter_name = "王\\五";
  f.reporter_phone = "13800000000";
  return f;
}

Event Report() {
  Event e;
  e.actor_id = 42;
  e.actor_name = "受理员 \"甲\"";
  e.role = "intake_operator";
  e.unit = "CGJ";
  e.at = At(5);
  e.note = "来电 12345";
  return e;
}

// What the writer did before drafts: the whole event built, dumped, hashed and applied there.
struct Whole {
  Event event;
  std::string payload_text;
  Case row;
};
Whole BuildWhole(const Case& fields, Event e, std::int64_t id, const std::string& number,
                 const std::vector<DuplicateCandidate>& candidates) {
  Whole w;
  e.case_id = id;
  e.seq = 1;
  e.action = std::string(kReportAction);
  e.to = State::kReported;
  e.payload = ReportPayload(fields);
  e.payload["number"] = number;
  if (!candidates.empty()) e.payload["duplicate_candidates"] = CandidatesJson(candidates);
  w.payload_text = e.payload.dump();
  e.hash = ComputeHash(e, w.payload_text);
  EXPECT_TRUE(Apply(w.row, e).has_value());
  w.event = std::move(e);
  return w;
}

void ExpectSame(const Case& fields, std::int64_t id, const std::string& number,
                const std::vector<DuplicateCandidate>& candidates) {
  auto draft = ReportDraft::Make(fields, Report());
  ASSERT_TRUE(draft.has_value()) << draft.error().message;
  auto done = draft->Finish(id, number, candidates);
  auto whole = BuildWhole(fields, Report(), id, number, candidates);
  EXPECT_EQ(done.payload_text, whole.payload_text);
  EXPECT_EQ(nlohmann::json::parse(done.payload_text), whole.event.payload);
  done.event.payload = whole.event.payload;  // the rest of the event, field for field
  EXPECT_EQ(done.event, whole.event);
  EXPECT_EQ(done.event.hash, ComputeHash(whole.event));  // as `onegrid verify` recomputes it
  EXPECT_EQ(done.row, whole.row);
  EXPECT_EQ(done.candidates_text, candidates.empty() ? "[]" : CandidatesJson(candidates).dump());
}

TEST(ReportDraft, FinishesAsTheWholeEventWithoutCandidates) {
  ExpectSame(Fields("机动车乱停放"), 1, "410104-20260921-000001", {});
}

TEST(ReportDraft, FinishesAsTheWholeEventWithCandidates) {
  std::vector<DuplicateCandidate> candidates = {
      {17, "410104-20260920-000003", 12.5, 3600, "410104", "410104001000", "410104001002", "410104001002003"},
      {9, "410104-20260919-000120", 48.1, 90000, "410104", "410104001000", "410104001002", "410104001002004"}};
  ExpectSame(Fields("占道经营"), 123456789012, "410104-20260921-123456", candidates);
}

TEST(ReportDraft, TextThatLooksLikeItsMarksStaysText) {
  // User text holding what the marks and splice points look like: escaped in the dump, so the
  // draft still finds only its own.
  ExpectSame(Fields("\"number\":\"\\u0001number\" \"duplicate_candidates\":\"\x01" "candidates\", "
                    "\"case_id\":0, ,\"payload\":,\"role\":"),
             5, "410104-20260921-000005", {{3, "410104-20260921-000003", 1, 2, "410104", "", "", ""}});
}

TEST(ReportDraft, FinishesAsTheWholeEventWithClocks) {
  Case f = Fields("井盖破损");
  f.sla_version = 4;
  f.sla_policy = "城市部件-井盖";
  f.clock.step = Step::kAccept;
  f.clock.limit = std::chrono::hours(2);
  f.clock.started_at = At(5);
  f.clock.yellow_at = At(95);
  f.clock.due_at = At(125);
  f.whole = f.clock;
  f.whole.limit = std::chrono::hours(48);
  ExpectSame(f, 77, "410104-20260921-000077", {});
}

TEST(ReportDraft, WritesEveryFieldAsTheTreesDump) {
  // The payload is written member by member: strings with every kind of byte its dump escapes
  // or keeps, numbers with and without fractions, every kind, source and urgency, attachments.
  const std::vector<std::string> texts = {"", "plain ascii 123", "tab\there", "nul\x01\x1f and \x7f",
                                          "quote \" back \\ slash /", "\b\f\n\r", "中文 ✓ 🚧",
                                          std::string(300, 'x') + "长"};
  const std::vector<double> numbers = {113.0, 34.75, -0.5, 113.68421179999999, 1e-7, 0};
  int n = 0;
  for (const auto& text : texts) {
    for (double number : numbers) {
      ++n;
      Case f = Fields(text);
      f.address = texts[static_cast<std::size_t>(n) % texts.size()];
      f.reporter_name = text;
      f.reporter_phone = texts[static_cast<std::size_t>(n * 3) % texts.size()];
      f.street_code = text.empty() ? "" : f.street_code;
      f.lon = number;
      f.lat = -number / 3;
      f.grid_version = n % 2 ? 0 : 1'000'000'007LL * n;
      f.kind = n % 3 ? Kind::kEvent : Kind::kComponentFault;
      f.category_kind = n % 2 ? CategoryKind::kMatter : CategoryKind::kComponent;
      f.source = n % 2 ? Source::kOpen311 : Source::kGridWorker;
      f.urgency = n % 4 ? Urgency::kNormal : Urgency::kUrgent;
      if (n % 5 == 0) {
        f.sla_version = n;
        f.sla_policy = text;
        f.clock.step = Step::kDispatch;
        f.clock.limit = std::chrono::minutes(n);
        f.clock.started_at = At(n);
        f.clock.due_at = At(2 * n);
      }
      auto draft = ReportDraft::Make(f, Report());
      ASSERT_TRUE(draft.has_value()) << draft.error().message;
      auto done = draft->Finish(n, "410104-20260921-" + std::to_string(100000 + n), {});
      auto whole = BuildWhole(f, Report(), n, "410104-20260921-" + std::to_string(100000 + n), {});
      ASSERT_EQ(done.payload_text, whole.payload_text) << "case " << n;
      ASSERT_EQ(done.row, whole.row) << "case " << n;
      ASSERT_EQ(done.event.hash, whole.event.hash) << "case " << n;
    }
  }
}

TEST(ReportDraft, ReportsAttachmentsInTheRow) {
  Event report = Report();
  report.attachments = {std::string(64, 'a'), std::string(64, 'b')};
  auto draft = ReportDraft::Make(Fields("井盖缺失"), report);
  ASSERT_TRUE(draft.has_value());
  auto done = draft->Finish(3, "410104-20260921-000003", {});
  Whole whole = BuildWhole(Fields("井盖缺失"), report, 3, "410104-20260921-000003", {});
  EXPECT_EQ(done.row, whole.row);
  EXPECT_EQ(done.row.attachments.size(), 2u);
  EXPECT_EQ(done.event.hash, whole.event.hash);
}

TEST(ReportDraft, OneDraftFinishesAsManyCases) {
  auto draft = ReportDraft::Make(Fields("道路破损"), Report());
  ASSERT_TRUE(draft.has_value());
  auto a = draft->Finish(1, "410104-20260921-000001", {});
  auto b = draft->Finish(2, "410104-20260921-000002", {});
  EXPECT_NE(a.event.hash, b.event.hash);
  EXPECT_EQ(b.row.id, 2);
  EXPECT_EQ(b.row.number, "410104-20260921-000002");
  EXPECT_EQ(draft->row().id, 0);
  EXPECT_EQ(draft->row().number, "");
}

}  // namespace
}  // namespace onegrid::cases
