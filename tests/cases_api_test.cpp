// The case loop over HTTP: intake, the whole loop, refusals, idempotency and the scope matrix.
#include <gtest/gtest.h>

#include "core/sha256.hpp"
#include "support/features.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using nlohmann::json;
using testing::ExpectError;
using namespace std::chrono_literals;

using testing::Collection;
using testing::Square;

class CasesApiTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("U1");
    AddUnit("U2");
    AddUser("gw_north", accounts::Role::kGridWorker, "410104001000");
    AddUser("gw_south", accounts::Role::kGridWorker, "410104002000");
    AddUser("u1", accounts::Role::kUnitStaff, "U1");
    AddUser("u2", accounts::Role::kUnitStaff, "U2");
    AddUser("lead_south", accounts::Role::kShiftLead, "410104002000");
  }
  static json Report(double lon = 113.7, double lat = 34.7) {
    return {{"kind", "event"},
            {"category_code", "09009"},
            {"description", "北下街路口机动车乱停放，占用盲道"},
            {"location", {{"lon", lon}, {"lat", lat}}},
            {"address", "北下街与商城路交叉口"},
            {"source", "grid_worker"},
            {"reporter", {{"name", "李网格"}, {"phone", "13800000000"}}}};
  }
  json Act(const std::string& user, std::int64_t id, const std::string& action, json extra = json::object(),
           int want = 200) {
    auto current = client_->Get("/api/v1/cases/" + std::to_string(id), Token("admin")).json();
    extra["expected_version"] = current["version"];
    auto r = client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, extra, Token(user));
    EXPECT_EQ(r.status, want) << user << " " << action << ": " << r.body;
    return r.status == 200 ? r.json() : json();
  }
};

TEST_F(CasesApiTest, ACaseGoesThroughTheWholeLoop) {
  auto r = client_->PostJson("/api/v1/cases", Report(), Token("gw_north"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json();
  std::int64_t id = c["id"];
  EXPECT_EQ(r.header("Location"), "/api/v1/cases/" + std::to_string(id));
  EXPECT_EQ(c["number"], "410104-20260921-000001");
  EXPECT_EQ(c["state"], "reported");
  EXPECT_EQ(c["category"]["name"], "机动车乱停放");
  EXPECT_EQ(c["areas"]["street"]["name"], "北下街街道");
  EXPECT_EQ(c["areas"]["grid"]["code"], "410104001001001");
  EXPECT_EQ(c["areas"]["grid"]["version"], 1);
  EXPECT_EQ(c["version"], 1);
  Act("intake_operator", id, "accept");
  Act("shift_lead", id, "register");
  auto d = Act("dispatcher", id, "dispatch", {{"unit_code", "U1"}, {"note", "请城管执法中队处置"}});
  EXPECT_EQ(d["current_unit"], "U1");
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(id), Token("u1")).json()["actions"],
            json::parse(R"(["sign","request_return"])"));
  Act("u1", id, "sign");
  Act("u1", id, "feedback", {{"note", "已拖离"}});
  Act("gw_north", id, "check_fail", {{"note", "仍有车辆停放"}});
  Act("u1", id, "feedback");
  Act("gw_north", id, "check_pass");
  auto closed = Act("shift_lead", id, "close");
  EXPECT_EQ(closed["state"], "closed");
  EXPECT_EQ(closed["rework_count"], 1);
  EXPECT_EQ(closed["redispatch_count"], 0);
  EXPECT_EQ(closed["actions"], json::array());
  auto full = client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json();
  ASSERT_EQ(full["history"].size(), 10u);
  EXPECT_EQ(full["history"][3]["action"], "dispatch");
  EXPECT_EQ(full["history"][3]["actor"]["role"], "dispatcher");
  EXPECT_EQ(full["history"][3]["note"], "请城管执法中队处置");
  EXPECT_EQ(full["history"][6]["from"], "handled");
  EXPECT_EQ(full["history"][6]["to"], "handling");
}

TEST_F(CasesApiTest, RefusalsAreExact) {
  std::int64_t id = client_->PostJson("/api/v1/cases", Report(), Token("gw_north")).json()["id"];
  // Not allowed in this state: 409 naming the state and what is allowed.
  auto r = client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/close",
                             {{"expected_version", 1}}, Token("shift_lead"));
  ExpectError(r, 409, "failed_precondition", "");
  EXPECT_NE(r.body.find("in state reported cannot close; allowed there: accept, reject"), std::string::npos) << r.body;
  // Stale version.
  r = client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept", {{"expected_version", 7}},
                        Token("intake_operator"));
  ExpectError(r, 409, "aborted", "expected_version");
  // Unknown action, missing version, stray fields, dispatch without unit.
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/teleport", {{"expected_version", 1}},
                                Token("shift_lead")),
              404, "not_found", "action");
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept", json::object(),
                                Token("intake_operator")),
              400, "invalid_argument", "expected_version");
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept",
                                {{"expected_version", 1}, {"unit_code", "U1"}}, Token("intake_operator")),
              400, "invalid_argument", "unit_code");
  Act("intake_operator", id, "accept");
  Act("shift_lead", id, "register");
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/dispatch", {{"expected_version", 3}},
                                Token("dispatcher")),
              400, "invalid_argument", "unit_code");
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/dispatch",
                                {{"expected_version", 3}, {"unit_code", "NOPE"}}, Token("dispatcher")),
              400, "invalid_argument", "unit_code");  // no such unit
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(id), Token("admin")).json()["version"], 3);
  ExpectError(client_->PostJson("/api/v1/cases/" + std::to_string(id) + "/actions/accept", {{"expected_version", "3"}},
                                Token("dispatcher")),
              400, "invalid_argument", "expected_version");
  ExpectError(client_->Get("/api/v1/cases/abc", Token("leader")), 400, "invalid_argument", "id");
  ExpectError(client_->Get("/api/v1/cases/999", Token("leader")), 404, "not_found", "");
  // None of the refusals wrote anything.
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json()["version"], 3);
  EXPECT_EQ(CountRows("case_events"), 3);
}

TEST_F(CasesApiTest, EachBadIntakeFieldIsNamedAndNothingIsWritten) {
  struct Case {
    std::function<void(json&)> change;
    int status;
    std::string code, field;
  };
  std::vector<Case> bad = {
      {[](json& j) { j.erase("kind"); }, 400, "invalid_argument", "kind"},
      {[](json& j) { j["kind"] = "complaint"; }, 400, "invalid_argument", "kind"},
      {[](json& j) { j["category_code"] = "99999"; }, 400, "invalid_argument", "category_code"},
      {[](json& j) { j["category_code"] = 9009; }, 400, "invalid_argument", "category_code"},
      {[](json& j) { j["kind"] = "component_fault"; }, 400, "invalid_argument", "category_code"},  // 09009 is a matter
      {[](json& j) { j.erase("description"); }, 400, "invalid_argument", "description"},
      {[](json& j) { j["description"] = "   "; }, 400, "invalid_argument", "description"},
      {[](json& j) { j["description"] = std::string(4001, 'x'); }, 400, "invalid_argument", "description"},
      {[](json& j) { j.erase("location"); }, 400, "invalid_argument", "location"},
      {[](json& j) { j["location"] = "113.7,34.7"; }, 400, "invalid_argument", "location"},
      {[](json& j) { j["location"].erase("lat"); }, 400, "invalid_argument", "location.lat"},
      {[](json& j) { j["location"]["lon"] = "113.7"; }, 400, "invalid_argument", "location.lon"},
      {[](json& j) { j["location"]["lon"] = 190; }, 400, "invalid_argument", "location.lon"},
      {[](json& j) { j["location"]["crs"] = "utm"; }, 400, "invalid_argument", "location.crs"},
      {[](json& j) { j["location"]["alt"] = 3; }, 400, "invalid_argument", "location.alt"},
      {[](json& j) { j["location"] = {{"lon", 113.95}, {"lat", 34.7}}; }, 422, "out_of_range", "location"},
      {[](json& j) { j["urgency"] = "asap"; }, 400, "invalid_argument", "urgency"},
      {[](json& j) { j.erase("source"); }, 400, "invalid_argument", "source"},
      {[](json& j) { j["source"] = "wechat"; }, 400, "invalid_argument", "source"},
      {[](json& j) { j["reporter"] = "李"; }, 400, "invalid_argument", "reporter"},
      {[](json& j) { j["reporter"]["email"] = "x@y"; }, 400, "invalid_argument", "reporter.email"},
      {[](json& j) { j["state"] = "closed"; }, 400, "invalid_argument", "state"},
  };
  for (const auto& b : bad) {
    json body = Report();
    b.change(body);
    ExpectError(client_->PostJson("/api/v1/cases", body, Token("gw_north")), b.status, b.code, b.field);
  }
  ExpectError(client_->Send("POST", "/api/v1/cases", "{", {{"Content-Type", "application/json"},
                                                          {"Authorization", "Bearer " + Token("gw_north")}}),
              400, "invalid_argument", "");
  EXPECT_EQ(CountRows("cases"), 0);
  EXPECT_EQ(CountRows("case_events"), 0);
  EXPECT_EQ(CountRows("case_numbers"), 0);
}

// Issue #20: bytes that are not text, trees too deep, names given twice and numbers past a
// double are refused at the edge, each naming where, and write nothing.
TEST_F(CasesApiTest, BytesThatAreNotTextAndTreesTooDeepAreRefusedExactly) {
  net::Headers h{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + Token("gw_north")}};
  auto post = [&](const std::string& body, net::Headers headers) {
    return client_->Send("POST", "/api/v1/cases", body, headers);
  };
  std::string good = Report().dump();
  auto with = [&](const std::string& from, const std::string& to) {
    std::string b = good;
    b.replace(b.find(from), from.size(), to);
    return b;
  };
  // Raw bytes inside a JSON string: the parser's own check, at the byte.
  auto r = post(with("路口", "路\xE8\xB7"), h);
  ExpectError(r, 400, "invalid_argument", "");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("malformed JSON at byte"), std::string::npos);
  ExpectError(post(with("\"kind\":\"event\"", "\"kind\":\"event\",\"kind\":\"hazard\""), h), 400,
              "invalid_argument", "kind");
  ExpectError(post(with("\"lat\":34.7", "\"lat\":1e309"), h), 400, "invalid_argument", "location.lat");
  std::string deep = "1";
  for (int i = 0; i < 70; ++i) deep = "[" + deep + "]";
  r = post(with("\"address\":\"北下街与商城路交叉口\"", "\"address\":" + deep), h);
  ExpectError(r, 400, "invalid_argument", "address[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]");
  EXPECT_EQ(r.json()["error"]["message"], "is nested deeper than 64 levels");
  std::string very_deep(200000, '[');  // a recursive reader would overflow its stack here
  ExpectError(post("{\"kind\":" + very_deep, h), 400, "invalid_argument", "kind[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]");
  net::Headers keyed = h;
  keyed.emplace_back("Idempotency-Key", "key-\xFF");
  ExpectError(post(good, keyed), 400, "invalid_argument", "Idempotency-Key");
  // The query and the path: percent-escaped bytes that decode to no text.
  ExpectError(client_->Get("/api/v1/cases?q=%E8%B7", Token("gw_north")), 400, "invalid_argument", "q");
  ExpectError(client_->Get("/api/v1/cases?%FF=1", Token("gw_north")), 400, "invalid_argument", "query");
  ExpectError(client_->Get("/api/v1/areas/%C0%AF", Token("gw_north")), 400, "invalid_argument", "path");
  EXPECT_EQ(CountRows("cases"), 0);
  EXPECT_EQ(CountRows("case_events"), 0);
  // Arrays in requests have their maxima.
  json ids = json::array();
  for (int i = 1; i <= 1001; ++i) ids.push_back(i);
  ExpectError(client_->PostJson("/api/v1/inbox/read", {{"ids", ids}}, Token("gw_north")), 400, "invalid_argument",
              "ids");
  EXPECT_EQ(client_->PostJson("/api/v1/cases", Report(), Token("gw_north")).status, 201);
}

TEST_F(CasesApiTest, IdempotencyKeys) {
  net::Headers h{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + Token("gw_north")},
                 {"Idempotency-Key", "a5d2c1"}};
  auto first = client_->Send("POST", "/api/v1/cases", Report().dump(), h);
  auto again = client_->Send("POST", "/api/v1/cases", Report().dump(), h);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(first.json()["id"], again.json()["id"]);
  auto other = client_->Send("POST", "/api/v1/cases", Report(113.71).dump(), h);
  ExpectError(other, 409, "aborted", "Idempotency-Key");
  EXPECT_EQ(CountRows("cases"), 1);
}

TEST_F(CasesApiTest, ScopeMatrix) {
  // A: street north, registered. B: street south, dispatched to U1.
  std::int64_t a = client_->PostJson("/api/v1/cases", Report(113.7, 34.7), Token("intake_operator")).json()["id"];
  std::int64_t b = client_->PostJson("/api/v1/cases", Report(113.8, 34.7), Token("intake_operator")).json()["id"];
  Act("intake_operator", a, "accept");
  Act("shift_lead", a, "register");
  Act("intake_operator", b, "accept");
  Act("shift_lead", b, "register");
  Act("dispatcher", b, "dispatch", {{"unit_code", "U1"}});

  struct Row {
    std::string user;
    bool sees_a, sees_b;
  };
  for (const auto& row : std::vector<Row>{{"admin", true, true},
                                          {"leader", true, true},
                                          {"intake_operator", true, true},
                                          {"shift_lead", true, true},
                                          {"dispatcher", true, true},
                                          {"gw_north", true, false},
                                          {"gw_south", false, true},
                                          {"lead_south", false, true},
                                          {"u1", false, true},
                                          {"u2", false, false}}) {
    for (auto [id, sees] : {std::pair{a, row.sees_a}, std::pair{b, row.sees_b}}) {
      auto r = client_->Get("/api/v1/cases/" + std::to_string(id), Token(row.user));
      if (sees) {
        EXPECT_EQ(r.status, 200) << row.user << " case " << id;
      } else {
        ExpectError(r, 404, "not_found", "");  // existence does not leak
      }
    }
    auto list = client_->Get("/api/v1/cases?limit=500", Token(row.user)).json()["items"];
    std::set<std::int64_t> listed;
    for (const auto& c : list) listed.insert(c["id"].get<std::int64_t>());
    EXPECT_EQ(listed.contains(a), row.sees_a) << row.user;
    EXPECT_EQ(listed.contains(b), row.sees_b) << row.user;
  }
  // Acting: out of scope is 404, in scope without the role 403, in scope with it 200.
  struct Try {
    std::string user;
    std::int64_t id;
    std::string action;
    json extra;
    int status;
  };
  for (const auto& t : std::vector<Try>{
           {"gw_south", a, "dispatch", {{"unit_code", "U2"}}, 404},
           {"u2", b, "sign", {}, 404},
           {"gw_north", a, "dispatch", {{"unit_code", "U2"}}, 403},
           {"leader", a, "dispatch", {{"unit_code", "U2"}}, 403},
           {"dispatcher", b, "sign", {}, 403},
           {"lead_south", b, "sign", {}, 403},
           {"u1", b, "sign", {}, 200},
           {"dispatcher", a, "dispatch", {{"unit_code", "U2"}}, 200},
       }) {
    json body = t.extra.is_null() ? json::object() : t.extra;
    Act(t.user, t.id, t.action, body, t.status);
  }
  // Now A is with U2: u2 sees it, u1 still does not.
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(a), Token("u2")).status, 200);
  EXPECT_EQ(client_->Get("/api/v1/cases/" + std::to_string(a), Token("u1")).status, 404);
  // Reporting outside one's areas is refused; a unit does not take in cases.
  ExpectError(client_->PostJson("/api/v1/cases", Report(113.8, 34.7), Token("gw_north")), 403, "permission_denied", "");
  ExpectError(client_->PostJson("/api/v1/cases", Report(113.7, 34.7), Token("u1")), 403, "permission_denied", "");
}

TEST_F(CasesApiTest, ListsFilterAndPage) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(client_->PostJson("/api/v1/cases", Report(113.7 + 0.001 * i, 34.7), Token("intake_operator")).status, 201);
    clock_.Advance(1min);
  }
  std::string t = Token("leader");
  auto page = client_->Get("/api/v1/cases?limit=2", t).json();
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["number"], "410104-20260921-000005");
  auto next = client_->Get("/api/v1/cases?limit=2&cursor=" + page["next_cursor"].get<std::string>(), t).json();
  EXPECT_EQ(next["items"][0]["number"], "410104-20260921-000003");
  EXPECT_EQ(client_->Get("/api/v1/cases?sort=created_at&limit=1", t).json()["items"][0]["number"],
            "410104-20260921-000001");
  EXPECT_EQ(client_->Get("/api/v1/cases?state=reported&street=410104001000", t).json()["items"].size(), 5u);
  EXPECT_EQ(client_->Get("/api/v1/cases?state=closed", t).json()["items"].size(), 0u);
  EXPECT_EQ(client_->Get("/api/v1/cases?created_from=2026-09-21T22:15:00%2B08:00", t).json()["items"].size(), 3u);
  ExpectError(client_->Get("/api/v1/cases?state=open", t), 400, "invalid_argument", "state");
  ExpectError(client_->Get("/api/v1/cases?created_from=yesterday", t), 400, "invalid_argument", "created_from");
  ExpectError(client_->Get("/api/v1/cases?cursor=xyz", t), 400, "invalid_argument", "cursor");
  ExpectError(client_->Get("/api/v1/cases?sort=number", t), 400, "invalid_argument", "sort");
  ExpectError(client_->Get("/api/v1/cases?color=red", t), 400, "invalid_argument", "color");
}

TEST_F(CasesApiTest, TheDirectoryIsServed) {
  auto r = client_->Get("/api/v1/categories?kind=component", Token("grid_worker"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["items"].size(), 153u);
  EXPECT_EQ(client_->Get("/api/v1/categories", Token("grid_worker")).json()["items"].size(), 403u);
  ExpectError(client_->Get("/api/v1/categories?kind=thing", Token("grid_worker")), 400, "invalid_argument", "kind");
}

}  // namespace
}  // namespace onegrid

namespace onegrid {
namespace {

TEST_F(CasesApiTest, SearchFindsChineseOfAnyLength) {
  auto report = [&](const std::string& description, const std::string& address) {
    json body = Report();
    body["description"] = description;
    body["address"] = address;
    ASSERT_EQ(client_->PostJson("/api/v1/cases", body, Token("intake_operator")).status, 201);
  };
  report("北下街路口机动车乱停放，占用盲道", "北下街与商城路交叉口");
  report("小区门口暴露垃圾未清运", "城东路12号");
  report("雨水井盖破损 Manhole cover broken", "东大街");
  std::string t = Token("leader");
  auto count = [&](const std::string& q) {
    auto r = client_->Get("/api/v1/cases?q=" + q, t);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"].size();
  };
  EXPECT_EQ(count("%E4%B9%B1%E5%81%9C%E6%94%BE"), 1u);  // 乱停放 (trigram)
  EXPECT_EQ(count("%E7%9B%B2%E9%81%93"), 1u);           // 盲道 (two characters)
  EXPECT_EQ(count("%E4%BA%95"), 1u);                    // 井 (one character)
  EXPECT_EQ(count("%E8%B7%AF"), 2u);                    // 路: in two descriptions or addresses
  EXPECT_EQ(count("%E5%9F%8E%E4%B8%9C%E8%B7%AF"), 1u);  // 城东路, in an address
  EXPECT_EQ(count("manhole"), 1u);                      // Latin text, any case
  EXPECT_EQ(count("%E9%A3%9E%E6%9C%BA"), 0u);           // 飞机: nowhere
  EXPECT_EQ(count("%22"), 0u);                          // a lone quote is text, not syntax
  EXPECT_EQ(count("a%20OR%20b"), 0u);
  // Search results page newest-registered first.
  auto first = client_->Get("/api/v1/cases?q=%E8%B7%AF&limit=1", t).json();
  ASSERT_EQ(first["items"].size(), 1u);
  EXPECT_EQ(first["items"][0]["address"], "城东路12号");
  auto second = client_->Get("/api/v1/cases?q=%E8%B7%AF&limit=1&cursor=" + first["next_cursor"].get<std::string>(), t).json();
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["address"], "北下街与商城路交叉口");
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(client_->Get("/api/v1/cases?q=%E8%B7%AF&sort=created_at&limit=1", t).json()["items"][0]["address"],
            "北下街与商城路交叉口");
  EXPECT_EQ(client_->Get("/api/v1/cases?q=%E5%9E%83%E5%9C%BE&state=reported", t).json()["items"].size(), 1u);
  EXPECT_EQ(client_->Get("/api/v1/cases?q=%E5%9E%83%E5%9C%BE&state=closed", t).json()["items"].size(), 0u);
  // Search stays within scope.
  EXPECT_EQ(client_->Get("/api/v1/cases?q=%E4%BA%95", Token("gw_south")).json()["items"].size(), 0u);
  testing::ExpectError(client_->Get("/api/v1/cases?q=", t), 400, "invalid_argument", "q");
}

}  // namespace
}  // namespace onegrid

#include "media/test_images.hpp"

namespace onegrid {
namespace {

class AttachmentsTest : public CasesApiTest {
 protected:
  void Configure(core::Config& c) override { c.attachment_max_bytes = 4096; }
  testing::HttpResult Upload(std::int64_t id, const std::vector<std::pair<std::string, std::string>>& parts,
                             const std::string& user = "gw_north", const std::string& type = "",
                             const std::string& filename = "photo.jpg") {
    std::string body;
    for (const auto& [name, data] : parts) {
      body += "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
              (name == "file" ? "; filename=\"" + filename + "\"\r\nContent-Type: image/jpeg" : "") + "\r\n\r\n" +
              data + "\r\n";
    }
    body += "--XyZ--\r\n";
    return client_->Send("POST", "/api/v1/cases/" + std::to_string(id) + "/attachments", body,
                         {{"Content-Type", type.empty() ? "multipart/form-data; boundary=XyZ" : type},
                          {"Authorization", "Bearer " + Token(user)}});
  }
  std::int64_t NewCase() {
    return client_->PostJson("/api/v1/cases", Report(), Token("gw_north")).json()["id"];
  }
};

TEST_F(AttachmentsTest, PhotosAreStoredWithoutTheirGpsPosition) {
  std::int64_t id = NewCase();
  auto r = Upload(id, {{"file", media::testing::Jpeg()}, {"note", "现场照片"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["attached"]["content_type"], "image/jpeg");
  EXPECT_TRUE(j["attached"]["gps_removed"].get<bool>());
  std::string sha = j["attached"]["sha256"];
  EXPECT_EQ(j["attachments"], json::array({sha}));
  EXPECT_EQ(j["state"], "reported");  // attaching changes no state
  auto file = client_->Get("/api/v1/media/" + sha, Token("leader"));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(file.body.find(std::string("\x22\0\0\0\x01\0\0\0\x2A\0\0\0", 12)), std::string::npos);
  EXPECT_EQ(core::Sha256Hex(file.body), sha);
  auto history = client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json()["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["action"], "attach");
  EXPECT_EQ(history[1]["attachments"], json::array({sha}));
  EXPECT_EQ(history[1]["note"], "现场照片");
  // PNG and WebP are taken too; the same bytes are stored once.
  EXPECT_EQ(Upload(id, {{"file", media::testing::Png()}}).json()["attached"]["content_type"], "image/png");
  EXPECT_EQ(Upload(id, {{"file", media::testing::Webp()}}).json()["attached"]["content_type"], "image/webp");
  EXPECT_EQ(Upload(id, {{"file", media::testing::Jpeg()}}).json()["attached"]["sha256"], sha);
}

// XMP, comments and text chunks repeat the place and name the author: none of it is stored.
TEST_F(AttachmentsTest, PhotosAreStoredWithoutTheirTextMetadata) {
  std::int64_t id = NewCase();
  for (const auto& [img, type] : std::vector<std::pair<std::string, std::string>>{
           {media::testing::JpegWithText(), "image/jpeg"},
           {media::testing::PngWithText(), "image/png"},
           {media::testing::WebpWithText(), "image/webp"}}) {
    ASSERT_NE(img.find("13812345678"), std::string::npos);
    auto r = Upload(id, {{"file", img}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto attached = r.json()["attached"];
    EXPECT_EQ(attached["content_type"], type);
    EXPECT_GE(attached["metadata_removed"].get<int>(), 1);
    EXPECT_TRUE(attached["gps_removed"].get<bool>());
    auto file = client_->Get(attached["url"].get<std::string>(), Token("leader"));
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.body.find("13812345678"), std::string::npos) << type;
    EXPECT_EQ(file.body.find("GPSLatitude"), std::string::npos) << type;
    EXPECT_LT(file.body.size(), img.size());
  }
  auto history = client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json()["history"];
  EXPECT_EQ(history.back()["payload"]["files"][0]["metadata_removed"], 1);  // the WebP's XMP chunk
}

TEST_F(AttachmentsTest, PhotosGoOnlyToThoseWhoMaySeeACaseHoldingThem) {
  std::int64_t id = NewCase();  // on the north street
  auto up = Upload(id, {{"file", media::testing::Jpeg()}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string sha = up.json()["attached"]["sha256"];
  std::string url = "/api/v1/media/" + sha;
  auto fetch = [&](const std::string& user) { return client_->Get(url, Token(user)).status; };
  // Those over the case get it, privately and to be revalidated, never as immutable.
  auto file = client_->Get(url, Token("gw_north"));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("Cache-Control"), "private, no-cache");
  EXPECT_EQ(file.header("ETag"), "\"" + sha + "\"");
  EXPECT_EQ(fetch("leader"), 200);
  // Another street's worker and a unit the case has not reached get what a missing file gets.
  ExpectError(client_->Get(url, Token("gw_south")), 404, "not_found", "");
  ExpectError(client_->Get(url, Token("u1")), 404, "not_found", "");
  ExpectError(client_->Get(url, Token("lead_south")), 404, "not_found", "");
  // Dispatched to U1: U1 gets it, and a revalidation is answered 304 with nothing in it.
  Act("intake_operator", id, "accept");
  Act("shift_lead", id, "register");
  Act("dispatcher", id, "dispatch", {{"unit_code", "U1"}});
  EXPECT_EQ(fetch("u1"), 200);
  auto again = client_->Send("GET", url, "", {{"Authorization", "Bearer " + Token("u1")}, {"If-None-Match", "\"" + sha + "\""}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  // Sent back and dispatched to U2: U1 loses the photo at once, its revalidation included; U2 has it.
  Act("u1", id, "request_return", {{"note", "不属于本单位职责"}});
  Act("shift_lead", id, "approve_return");
  Act("dispatcher", id, "dispatch", {{"unit_code", "U2"}});
  ExpectError(client_->Get(url, Token("u1")), 404, "not_found", "");
  ExpectError(client_->Send("GET", url, "", {{"Authorization", "Bearer " + Token("u1")}, {"If-None-Match", "\"" + sha + "\""}}),
              404, "not_found", "");
  EXPECT_EQ(fetch("u2"), 200);
  // The same bytes attached to a south-street case too: now the south street may fetch it.
  std::int64_t south = client_->PostJson("/api/v1/cases", Report(113.8, 34.7), Token("gw_south")).json()["id"];
  ASSERT_EQ(Upload(south, {{"file", media::testing::Jpeg()}}, "gw_south").status, 201);
  EXPECT_EQ(fetch("gw_south"), 200);
  EXPECT_EQ(fetch("gw_north"), 200);
  // No token: 401, as before.
  EXPECT_EQ(client_->Get(url, "").status, 401);
}

TEST_F(AttachmentsTest, EachRefusalIsExactAndWritesNothing) {
  std::int64_t id = NewCase();
  auto events = CountRows("case_events");
  ExpectError(Upload(id, {{"file", "GIF89a fake image"}}), 400, "invalid_argument", "file");
  ExpectError(Upload(id, {{"file", "%PDF-1.7"}}), 400, "invalid_argument", "file");
  ExpectError(Upload(id, {{"note", "no file"}}), 400, "invalid_argument", "file");
  ExpectError(Upload(id, {{"file", media::testing::Jpeg()}, {"file", media::testing::Png()}}), 400,
              "invalid_argument", "file");
  ExpectError(Upload(id, {{"file", media::testing::Jpeg()}, {"colour", "red"}}), 400, "invalid_argument", "colour");
  ExpectError(Upload(id, {{"file", media::testing::Jpeg()}}, "gw_north", "application/json"), 400,
              "invalid_argument", "");
  std::string big = media::testing::Jpeg() + std::string(5000, '\0');
  ExpectError(Upload(id, {{"file", big}}), 413, "payload_too_large", "file");
  // Past every body limit (here the 1 MiB default): refused before it is read.
  ExpectError(Upload(id, {{"file", std::string(1200000, 'x')}}), 413, "payload_too_large", "");
  std::string broken = media::testing::Jpeg();
  broken[4] = '\x7F';
  ExpectError(Upload(id, {{"file", broken}}), 400, "invalid_argument", "file");
  ExpectError(Upload(id, {{"file", media::testing::Jpeg()}}, "gw_south"), 404, "not_found", "");
  ExpectError(Upload(999, {{"file", media::testing::Jpeg()}}), 404, "not_found", "");
  EXPECT_EQ(CountRows("case_events"), events);
  // A finished case takes no more files.
  Act("intake_operator", id, "reject");
  ExpectError(Upload(id, {{"file", media::testing::Jpeg()}}, "intake_operator"), 409, "failed_precondition", "");
  ExpectError(client_->Get("/api/v1/media/abc", Token("leader")), 400, "invalid_argument", "sha256");
  ExpectError(client_->Get("/api/v1/media/" + std::string(64, 'a'), Token("leader")), 404, "not_found", "");
}

// Issue #20: a phone's long Chinese file name was cut at 200 bytes inside a character, and the
// writer thread's dump() of the event then ended the whole server; so did one 0xFF byte.
TEST_F(AttachmentsTest, FileNamesAndNotesAreTextAndALongNameIsCutOnACharacter) {
  std::int64_t id = NewCase();
  std::string name;
  for (int i = 0; i < 81; ++i) name += "照片";
  name += ".png";
  auto r = Upload(id, {{"file", media::testing::Png()}}, "gw_north", "", name);
  ASSERT_EQ(r.status, 201) << r.body;
  auto history = client_->Get("/api/v1/cases/" + std::to_string(id), Token("leader")).json()["history"];
  ASSERT_EQ(history.size(), 2u);
  std::string kept = history[1]["payload"]["files"][0]["name"];
  EXPECT_EQ(kept.size(), 198u);  // 66 characters: the 67th would end past byte 200
  EXPECT_EQ(kept, name.substr(0, 198));
  auto events = CountRows("case_events");
  ExpectError(Upload(id, {{"file", media::testing::Png()}}, "gw_north", "", "photo\xFF.png"), 400,
              "invalid_argument", "file.filename");
  ExpectError(Upload(id, {{"file", media::testing::Png()}}, "gw_north", "", "照\xE7\x85.png"), 400,
              "invalid_argument", "file.filename");
  ExpectError(Upload(id, {{"file", media::testing::Png()}, {"note", "现场\xFF"}}), 400, "invalid_argument", "note");
  ExpectError(Upload(id, {{"file", media::testing::Png()}, {"no\xFFte", "x"}}), 400, "invalid_argument",
              "multipart");
  EXPECT_EQ(CountRows("case_events"), events);
  // The server is still there, and takes the next photo.
  EXPECT_EQ(Upload(id, {{"file", media::testing::Jpeg()}, {"note", "好"}}).status, 201);
}

}  // namespace
}  // namespace onegrid
