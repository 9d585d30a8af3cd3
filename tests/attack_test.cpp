// Issue #20, "the HTTP surface, attacked": every route of the OpenAPI document gets generated bad
// requests — no token, a garbage, a revoked and an expired token, wrong methods, bad query and
// path parameters, and for each body every field mutated in turn (wrong type, too long, bytes
// that are not text, nested too deep, absurd numbers, missing, given twice, unknown fields) —
// and another street's objects. Each answer must be a 4xx in the error model (a field where one
// applies), never a 5xx; the server stays up; and nothing is written: the feed's head and every
// table's row count are what they were before. On SQLite and (pg.*) on PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <tuple>

#include "api/api.hpp"
#include "support/server_fixture.hpp"

namespace onegrid {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpResult;

const std::set<std::string> kCodes = {
    "invalid_argument", "unauthenticated",     "permission_denied", "not_found",
    "already_exists",   "failed_precondition", "aborted",           "payload_too_large",
    "out_of_range",     "resource_exhausted"};

std::string PercentEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class AttackTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ImportTwoStreets();
    AddUnit("U1");
    AddUser("disp_north", accounts::Role::kDispatcher, "410104001000");
    north_case_ = Intake("09009", 113.7, 34.7);  // 北下街
    south_case_ = Intake("09009", 113.8, 34.7);  // 西大街: another street's case
    admin_ = Token("admin");
    north_ = Token("disp_north");
    revoked_ = Login("leader");
    ASSERT_EQ(
        client_->Send("DELETE", "/api/v1/session", "", {{"Authorization", "Bearer " + revoked_}})
            .status,
        204);
    // A token that expires: signed in now, and the clock moved past its hour; then fresh tokens.
    expired_ = Login("shift_lead");
    clock_.Advance(3601s);
    tokens_.clear();
    admin_ = Token("admin");
    north_ = Token("disp_north");
    doc_ = json::parse(api::OpenApiDocument());
  }

  // What the server holds: the feed's head, every table's rows, the photos on disk.
  struct Snapshot {
    std::int64_t head = 0;
    std::map<std::string, std::int64_t> rows;
    std::size_t media = 0;
    bool operator==(const Snapshot&) const = default;
    friend void PrintTo(const Snapshot& s, std::ostream* os) {
      *os << "head " << s.head << ", media " << s.media << ", rows";
      for (const auto& [t, n] : s.rows) *os << " " << t << "=" << n;
    }
  };
  Snapshot Take() {
    Snapshot s;
    s.head = server_->store().feed().After(0, 0)->head;
    s.rows = RowCounts();
    std::error_code ec;
    if (std::filesystem::exists(config_.media, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(config_.media))
        s.media += e.is_regular_file();
    }
    return s;
  }

  // A refusal as the API promises it; `field` checked when given (and the answer is a 400).
  void ExpectRefused(const HttpResult& r, const std::string& what, const std::string& field = "*") {
    ++requests_;
    SCOPED_TRACE(what);
    ASSERT_GE(r.status, 400) << r.body.substr(0, 300);
    ASSERT_LT(r.status, 500) << r.body.substr(0, 300);
    json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body.substr(0, 300);
    const auto& e = j["error"];
    ASSERT_TRUE(e["code"].is_string() && kCodes.contains(e["code"].get<std::string>()))
        << r.body.substr(0, 300);
    ASSERT_TRUE(e["message"].is_string() && !e["message"].get<std::string>().empty());
    ASSERT_TRUE(e["field"].is_string());
    if (field != "*" && r.status == 400) {
      EXPECT_EQ(e["field"].get<std::string>().substr(0, field.size()), field)
          << r.body.substr(0, 300);
    }
  }

  // A read with a value that may be valid text for it (q=-1): served, or refused as above.
  void ExpectRefusedOrServed(const HttpResult& r, const std::string& what,
                             const std::string& field) {
    if (r.status < 400) {
      ++requests_;
      EXPECT_LT(r.status, 300) << what << ": " << r.body.substr(0, 300);
      return;
    }
    ExpectRefused(r, what, field);
  }

  // The route's path with its parameters filled: existing objects, another street's case.
  std::string Concrete(const std::string& pattern,
                       const std::map<std::string, std::string>& over = {}) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      auto end = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, end - i - 1);
      i = end + 1;
      if (auto it = over.find(name); it != over.end()) {
        out += it->second;
        continue;
      }
      if (name == "id") {
        out += pattern.starts_with("/api/v1/users") ? "1" : std::to_string(south_case_);
      } else if (name == "code") {
        out += pattern.starts_with("/api/v1/areas") ? "410104001000" : "U1";
      } else if (name == "action") {
        out += "accept";
      } else if (name == "name") {
        out += PercentEncode("一般案件");
      } else if (name == "sha256") {
        out += std::string(64, 'a');
      } else {
        ADD_FAILURE() << "no value for the path parameter " << name << " of " << pattern;
      }
    }
    return out;
  }

  HttpResult Call(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& token, const std::string& type = "application/json") {
    net::Headers h;
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) h.emplace_back("Content-Type", type);
    return client_->Send(method, target, body, h);
  }

  std::int64_t north_case_ = 0, south_case_ = 0;
  std::string admin_, north_, revoked_, expired_;
  json doc_;
  int requests_ = 0;
};

// A valid-looking body of each JSON route: the start of its mutations (never sent as it is).
json BaseBody(const std::string& method, const std::string& path, const json& sla_set,
              const json& scheme_set) {
  const std::string route = method + " " + path;
  if (route == "POST /api/v1/session")
    return {{"username", "admin"}, {"password", "not-the-password"}};
  if (route == "POST /api/v1/users") {
    return {{"username", "zz_new"},
            {"display_name", "新用户"},
            {"password", "a-password-123"},
            {"roles", {{{"role", "grid_worker"}, {"scope", "410104"}}}}};
  }
  if (route == "POST /api/v1/cases") {
    return {{"kind", "event"},
            {"category_code", "09009"},
            {"description", "路口机动车乱停放"},
            {"location", {{"lon", 113.7}, {"lat", 34.7}, {"crs", "wgs84"}}},
            {"address", "北下街"},
            {"source", "hotline"},
            {"urgency", "normal"},
            {"reporter", {{"name", "李"}, {"phone", "13800000000"}}}};
  }
  if (route == "POST /api/v1/cases/{id}/actions/{action}")
    return {{"expected_version", 1}, {"note", "x"}};
  if (route == "POST /api/v1/calendar/years") {
    return {{"year", 2027},
            {"papers", json::array()},
            {"days", {{{"name", "元旦"}, {"date", "2027-01-01"}, {"isOffDay", true}}}}};
  }
  if (route == "PUT /api/v1/sla-policies") return {{"note", "x"}, {"set", sla_set}};
  if (route == "PUT /api/v1/sla-policies/policies/{name}")
    return {{"limits", {{"handle", "2wd"}}}, {"whole", "5wd"}};
  if (route == "POST /api/v1/inbox/read") return {{"ids", {1, 2}}};
  if (route == "POST /api/v1/units")
    return {{"code", "ZZ9"}, {"name", "新单位"}, {"kind", "department"}, {"contact", "12345"}};
  if (route == "PUT /api/v1/units/{code}")
    return {{"name", "处置单位U1"}, {"kind", "department"}, {"contact", "12345"}};
  if (route == "PUT /api/v1/units/{code}/members") return {{"user_ids", {1}}};
  if (route == "PUT /api/v1/routing/rules")
    return {{"note", "x"}, {"set", {{"rules", json::array()}}}};
  if (route == "POST /api/v1/routing/explain") {
    return {{"kind", "event"},     {"category_code", "09009"}, {"area", "410104001000"},
            {"urgency", "normal"}, {"source", "hotline"},      {"at", "2026-09-21T10:00:00+08:00"}};
  }
  if (route == "PUT /api/v1/evaluation/schemes") return {{"note", "x"}, {"set", scheme_set}};
  if (route == "POST /api/v1/users/{id}/actions/unlock") return json::object();
  return nullptr;
}

// One bad body: what it is, its bytes, and the field a 400 must name.
struct Mutation {
  std::string what, body, field;
};

json WrongType(const json& v) {
  if (v.is_string()) return 12345;
  if (v.is_number()) return "12345";
  if (v.is_boolean()) return "yes";
  if (v.is_array()) return "not a list";
  if (v.is_object()) return json::array({1});
  return true;
}

std::vector<Mutation> Mutations(const json& base, const json& schema, bool body_required) {
  std::vector<Mutation> out;
  std::set<std::string> required;
  if (schema.contains("required")) {
    for (const auto& r : schema["required"]) required.insert(r.get<std::string>());
  }
  std::string deep = "1";
  for (int i = 0; i < 70; ++i) deep = "[" + deep + "]";
  auto each = [&](const std::string& prefix, const json& object, const auto& self,
                  int level) -> void {
    for (const auto& [key, value] : object.items()) {
      const std::string field = prefix.empty() ? key : prefix + "." + key;
      auto with = [&](const std::function<void(json&)>& change) {
        json b = base;
        json* at = &b;
        if (!prefix.empty()) at = &b[prefix];
        change(*at);
        return b.dump();
      };
      out.push_back(
          {field + ": wrong type", with([&](json& o) { o[key] = WrongType(value); }), field});
      if (value.is_string()) {
        out.push_back({field + ": 100 000 bytes",
                       with([&](json& o) { o[key] = std::string(100000, 'x'); }), field});
        std::string raw = with([&](json& o) { o[key] = "@@RAW@@"; });
        raw.replace(raw.find("@@RAW@@"), 7, "bad\xFF\xFEtext");
        out.push_back({field + ": bytes that are not UTF-8", raw, ""});
      }
      if (value.is_number()) {
        std::string huge = with([&](json& o) { o[key] = "@@NUM@@"; });
        huge.replace(huge.find("\"@@NUM@@\""), 9, "1e309");
        out.push_back({field + ": 1e309", huge, field});
        out.push_back({field + ": -1e300", with([&](json& o) { o[key] = -1e300; }), field});
        out.push_back({field + ": 2^63",
                       with([&](json& o) { o[key] = 9223372036854775807ULL + 1ULL; }), field});
      }
      std::string nested = with([&](json& o) { o[key] = "@@DEEP@@"; });
      nested.replace(nested.find("\"@@DEEP@@\""), 10, deep);
      out.push_back({field + ": nested 70 deep", nested, field});
      std::string twice = with([&](json& o) { o[key] = "@@TWICE@@"; });
      twice.replace(twice.find("\"@@TWICE@@\""), 11,
                    json(value).dump() + ",\"" + key + "\":" + json(value).dump());
      out.push_back({field + ": given twice", twice, field});
      if (level == 0 && required.contains(key)) {
        out.push_back({field + ": missing", with([&](json& o) { o.erase(key); }), field});
      }
      if (level == 0 && value.is_object() && !value.empty()) self(key, value, self, 1);
    }
  };
  each("", base, each, 0);
  json unknown = base;
  unknown["zz_unknown"] = 1;
  out.push_back({"an unknown field", unknown.dump(), "zz_unknown"});
  out.push_back({"not an object", "[1,2,3]", ""});
  out.push_back({"not JSON", "{\"a\":", ""});
  if (body_required) out.push_back({"empty", "", ""});
  return out;
}

TEST_F(AttackTest, EveryRouteRefusesBadRequestsExactlyAndNothingIsWritten) {
  // The documents in force, as the start of their replacements' mutations.
  json sla_set = client_->Get("/api/v1/sla-policies", admin_).json();
  for (const char* k : {"version", "created_at", "created_by", "note"}) sla_set.erase(k);
  json scheme_set = client_->Get("/api/v1/evaluation/schemes", admin_).json();
  for (const char* k : {"version", "created_at", "created_by", "note", "indicators"})
    scheme_set.erase(k);
  const Snapshot before = Take();
  const std::set<std::string> kPublic = {"GET /healthz",           "GET /metrics",
                                         "GET /api/v1/console",    "GET /api/v1/openapi.json",
                                         "GET /api/v1/dictionary", "POST /api/v1/session"};
  const std::string kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  int routes = 0;
  for (const auto& [path, ops] : doc_["paths"].items()) {
    std::set<std::string> documented;
    for (const auto& [m, op] : ops.items()) {
      std::string method = m;
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      documented.insert(method);
    }
    // Wrong methods on the path.
    for (const auto& m : kMethods) {
      if (documented.contains(m)) continue;
      ExpectRefused(Call(m, Concrete(path), "", admin_), m + " " + path);
    }
    for (const auto& [m, op] : ops.items()) {
      std::string method = m;
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      const std::string route = method + " " + path;
      if (route == "GET /api/v1/stream" || route == "DELETE /api/v1/session") continue;  // below
      ++routes;
      const std::string target = Concrete(path);
      // No token, and tokens that are no good.
      if (!kPublic.contains(route)) {
        ExpectRefused(Call(method, target, "", ""), route + " without a token");
        for (const auto& [why, token] : std::vector<std::pair<std::string, std::string>>{
                 {"a garbage token", std::string(43, 'x')},
                 {"a revoked token", revoked_},
                 {"an expired token", expired_}}) {
          auto r = Call(method, target, "", token);
          EXPECT_EQ(r.status, 401) << route << " with " << why << ": " << r.body;
          ExpectRefused(r, route + " with " + why);
        }
      }
      // Query parameters: each documented one with values nobody means, the required others valid.
      static const std::map<std::string, std::string> kValid = {
          {"lon", "113.7"},
          {"lat", "34.7"},
          {"level", "street"},
          {"from", "2026-09-21T09:00:00%2B08:00"},
          {"to", "2026-09-21T17:00:00%2B08:00"},
          {"period", "2026-09"},
          {"scheme", "unit"},
          {"date", "2026-09-21"},
          {"week", "2026-W39"},
          {"month", "2026-09"}};
      std::vector<std::string> params, required;
      for (const auto& p : op.value("parameters", json::array())) {
        if (p.value("in", "") != "query") continue;
        params.push_back(p["name"]);
        if (p.value("required", false)) required.push_back(p["name"]);
      }
      if (method == "GET") {
        for (const auto& p : params) {
          std::string others;
          for (const auto& r : required) {
            if (r == p) continue;
            ASSERT_TRUE(kValid.contains(r)) << "no valid value of " << r << " for " << route;
            others += "&" + r + "=" + kValid.at(r);
          }
          for (const std::string& bad : std::vector<std::string>{
                   "%FF", "-1", "1e309", "NaN", std::string(3000, 'x'), "%E8%B7"}) {
            ExpectRefusedOrServed(Call(method, target + "?" + p + "=" + bad + others, "", admin_),
                                  route + "?" + p + "=" + bad.substr(0, 20), p);
          }
        }
      }
      // Path parameters: not ids, too large, not text.
      if (path.find('{') != std::string::npos) {
        for (const std::string& bad : std::vector<std::string>{
                 "-1", "0", "99999999999999999999", "%FF", "x%00y", std::string(3000, '9')}) {
          std::map<std::string, std::string> over;
          for (const char* name : {"id", "code", "action", "name", "sha256"}) {
            if (path.find(std::string("{") + name + "}") != std::string::npos) over[name] = bad;
          }
          ExpectRefused(Call(method, Concrete(path, over),
                             method == "GET" || method == "DELETE" ? "" : "{}", admin_),
                        route + " with " + bad.substr(0, 20));
        }
      }
      // Bodies: each field of a valid-looking one mutated in turn.
      const json base = BaseBody(method, path, sla_set, scheme_set);
      if (!base.is_null()) {
        const json& schema = op["requestBody"]["content"]["application/json"]["schema"];
        const std::string token = route == "POST /api/v1/session" ? "" : admin_;
        for (const auto& mut :
             Mutations(base, schema, op["requestBody"].value("required", false))) {
          ExpectRefused(Call(method, target, mut.body, token), route + ", " + mut.what,
                        mut.field.empty() ? "*" : mut.field);
        }
        ExpectRefused(Call(method, target, base.dump(), token, "text/plain"),
                      route + " as text/plain");
      }
    }
  }
  EXPECT_GE(routes, 50);
  // Another street's case, as the north street's dispatcher: as if it did not exist.
  const std::string south = "/api/v1/cases/" + std::to_string(south_case_);
  ExpectRefused(Call("GET", south, "", north_), "another street's case");
  EXPECT_EQ(Call("GET", south, "", north_).status, 404);
  EXPECT_EQ(Call("POST", south + "/actions/accept", R"({"expected_version":1})", north_).status,
            404);
  EXPECT_EQ(Call("POST", south + "/actions/dispatch", R"({"expected_version":1,"unit_code":"U1"})",
                 north_)
                .status,
            404);
  // The upload route: bodies that are not a form, parts that are not text.
  const std::string upload = "/api/v1/cases/" + std::to_string(north_case_) + "/attachments";
  for (const auto& [what, type, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"json instead of a form", "application/json", "{}"},
           {"no boundary", "multipart/form-data", "--x\r\n"},
           {"a boundary of 100", "multipart/form-data; boundary=" + std::string(100, 'b'), "--b"},
           {"cut short", "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc"},
           {"a file name that is not text", "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"a\xFF.png\"\r\n\r\n\x89PNG\r\n--XyZ--\r\n"},
           {"an unknown part", "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"zz\"\r\n\r\nx\r\n--XyZ--\r\n"},
           {"a note of 100 000 bytes", "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" +
                std::string(100000, 'n') + "\r\n--XyZ--\r\n"}}) {
    ExpectRefused(Call("POST", upload, body, north_, type), "upload: " + what);
  }
  // The stream without an upgrade, and sign-out without a token.
  ExpectRefused(Call("GET", "/api/v1/stream", "", admin_), "the stream as a plain request",
                "Upgrade");
  ExpectRefused(Call("DELETE", "/api/v1/session", "", ""), "sign-out without a token");
  // Still serving, and nothing of all that was written.
  EXPECT_EQ(client_->Get("/healthz").status, 200);
  EXPECT_EQ(Take(), before);
  RecordProperty("requests", requests_);
  EXPECT_GT(requests_, 1000);
}

}  // namespace
}  // namespace onegrid
