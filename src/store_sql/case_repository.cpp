#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>

#include <nlohmann/json.hpp>

#include "areas/area.hpp"
#include "cases/merge.hpp"
#include "cases/report_draft.hpp"
#include "geo/measure.hpp"
#include "store_sql/case_rows.hpp"
#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"
#include "store_sql/rollups.hpp"

namespace onegrid::store_sql {
namespace {

using cases::Case;
using cases::Event;

constexpr const char* kFindKey =
    "SELECT request_hash, case_id FROM idempotency_keys WHERE user_id = ?1 AND key = ?2";
constexpr const char* kInsertKey =
    "INSERT INTO idempotency_keys (user_id, key, request_hash, case_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kNextNumber =
    "INSERT INTO case_numbers (district, day, last) VALUES (?1, ?2, 1) "
    "ON CONFLICT (district, day) DO UPDATE SET last = case_numbers.last + 1 RETURNING last";
constexpr const char* kCount = "SELECT COUNT(*) FROM cases";
// The timer index (cases_by_timer), soonest first.
constexpr const char* kDueTimers =
    "SELECT id FROM cases WHERE next_timer_at IS NOT NULL AND next_timer_at <= ?1 ORDER BY next_timer_at LIMIT ?2";
// Once a year, after a holiday file is loaded: a walk of the ids, not of an index of its own.
constexpr const char* kCalendarUnknown =
    "SELECT id FROM cases WHERE id > ?1 AND (clock LIKE '%\"calendar_unknown\":true%' "
    "OR whole LIKE '%\"calendar_unknown\":true%') ORDER BY id LIMIT ?2";
// One row of place cells, through cases_open_by_place (migrations 0010, 0016): the partial
// index's own conditions are repeated so that the planner may use it. ?1 kind, ?2 and ?3 the
// window, ?4–?7 the bounding box (tested on the index's lat and lon before a row is read); the
// codes and the row's cell range follow.
constexpr const char* kOpenNearRow =
    "SELECT id, number, lon, lat, created_at, district_code, street_code, community_code, grid_code "
    "FROM %s WHERE category_kind = ?1 AND category_code IN (%s) AND place_cell BETWEEN ?%d AND ?%d "
    "AND created_at BETWEEN ?2 AND ?3 AND lat BETWEEN ?4 AND ?5 AND lon BETWEEN ?6 AND ?7 "
    "AND state NOT IN ('closed', 'rejected', 'cancelled') AND merged_into IS NULL";
constexpr int kOpenNearFirstCode = 8;
constexpr const char* kActive =
    "SELECT id FROM cases WHERE updated_at >= ?1 AND created_at < ?2 UNION "
    "SELECT id FROM cases WHERE state NOT IN ('closed', 'rejected', 'cancelled') AND created_at < ?2 ORDER BY 1";
constexpr const char* kPurgeKeys = "DELETE FROM idempotency_keys WHERE created_at < ?1";
// Cases with a row or with events: events whose row is gone must show in a verification.
constexpr const char* kIds =
    "SELECT id FROM (SELECT id FROM cases UNION SELECT case_id FROM case_events) AS known "
    "WHERE id > ?1 ORDER BY id LIMIT ?2";

std::string SelectCase() { return std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?1"; }
std::string SelectEvents() {
  return std::string("SELECT ") + kEventColumns + " FROM case_events WHERE case_id = ?1 ORDER BY seq";
}

// The case as it is, by `sql`: SelectCase(), or in a write SelectCase() + Dialect::LockRow(), so
// that its row stays locked until the commit and two writers (two servers on one database) cannot
// both decide on the same version.
core::Result<Case> LoadCase(Connection& c, std::int64_t id, const std::string& sql) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql.c_str()));  // cached by its text
  st.Bind(1, id);
  OG_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return core::NotFound("no case " + std::to_string(id));
  return ReadCase(st);
}

// Appends the event to the loaded case: numbers and chains it, applies it, writes both.
// Announced once committed: the case's new version.
core::Result<void> Announce(Database& db, Connection& c, const Case& row) {
  return db.Publish(c, {.topic = "case", .id = row.id, .version = row.version});
}

core::Result<void> Append(Database& db, Connection& c, Case& row, Event e) {
  e.case_id = row.id;
  e.seq = row.version + 1;
  e.prev_hash = row.last_hash;
  std::string payload = e.payload.dump();  // once, for the hash and the row
  e.hash = cases::ComputeHash(e, payload);
  auto parties = cases::PartyUnits(row.assists, row.calls);
  auto was = TallyKeyOf(row);
  const cases::State was_state = row.state;
  OG_RETURN_IF_ERROR(cases::Apply(row, e));
  db.batch_rollups().Changed(was, was_state, row, e);
  OG_RETURN_IF_ERROR(WriteCase(c, row, /*insert=*/false));
  if (parties != cases::PartyUnits(row.assists, row.calls)) OG_RETURN_IF_ERROR(WriteParties(c, row));
  OG_RETURN_IF_ERROR(InsertEvent(c, e, payload));
  db.batch_feed().Appended(e.case_id, e.seq);
  return Announce(db, c, row);
}

core::Result<std::vector<std::int64_t>> FollowersOf(Connection& c, std::int64_t master_id) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT id FROM cases WHERE merged_into = ?1 ORDER BY id"));
  st.Bind(1, master_id);
  return ReadIds(st);
}

// Every case merged into `master` takes its new state and unit (cases/merge.hpp).
core::Result<void> Cascade(Database& db, Connection& c, const Case& master, const std::string& select_locked) {
  OG_ASSIGN_OR_RETURN(auto followers, FollowersOf(c, master.id));
  for (std::int64_t id : followers) {
    OG_ASSIGN_OR_RETURN(Case follower, LoadCase(c, id, select_locked));
    if (auto e = cases::FollowEvent(master, follower, master.updated_at)) {
      OG_RETURN_IF_ERROR(Append(db, c, follower, std::move(*e)));
    }
  }
  return core::Ok();
}

// The open cases near a point (CaseRepository::OpenNear): the cells around the circle (a degree
// of latitude is at least 110.5 km; one of longitude shrinks with its cosine), one index range
// per row of cells and per category code (every code of the class for a class prefix); then
// distances and times measured exactly, nearest first.
core::Result<std::vector<store::NearbyCase>> FindOpenNear(Connection& c, const store::NearbyQuery& q,
                                                          const Dialect& d) {
  constexpr double kMetresPerDegree = 110'500;
  double dlat = q.radius_m / kMetresPerDegree;
  double dlon = dlat / std::max(0.01, std::cos(q.lat * std::numbers::pi / 180));
  auto cell = [](double degrees, double offset) { return static_cast<std::int64_t>((degrees + offset) * 1000); };
  std::int64_t row0 = cell(q.lat - dlat, 90), row1 = cell(q.lat + dlat, 90);
  std::int64_t col0 = cell(q.lon - dlon, 180), col1 = cell(q.lon + dlon, 180);
  std::vector<std::string> codes;
  for (const auto& category : cases::Categories()) {
    if (category.kind == q.category_kind && category.code.rfind(q.category_prefix, 0) == 0) codes.push_back(category.code);
  }
  if (codes.empty()) return std::vector<store::NearbyCase>{};
  // One statement (one round trip to a networked database): a branch per row of cells, each an
  // index range; its text depends only on the number of codes and rows, so it is cached.
  std::string in;
  for (std::size_t i = 0; i < codes.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(kOpenNearFirstCode + i);
  std::string sql;
  int next = kOpenNearFirstCode + static_cast<int>(codes.size());
  for (std::int64_t row = row0; row <= row1; ++row, next += 2) {
    char branch[1024];
    std::snprintf(branch, sizeof branch, kOpenNearRow, d.OpenNearFrom(), in.c_str(), next, next + 1);
    sql += (sql.empty() ? "" : " UNION ALL ") + std::string(branch);
  }
  OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(sql));
  st.Bind(1, cases::CategoryKindName(q.category_kind)).Bind(2, q.from).Bind(3, q.to);
  st.Bind(4, q.lat - dlat).Bind(5, q.lat + dlat).Bind(6, q.lon - dlon).Bind(7, q.lon + dlon);
  for (std::size_t i = 0; i < codes.size(); ++i) st.Bind(kOpenNearFirstCode + static_cast<int>(i), codes[i]);
  next = kOpenNearFirstCode + static_cast<int>(codes.size());
  for (std::int64_t row = row0; row <= row1; ++row, next += 2) {
    st.Bind(next, row * 1'000'000 + col0).Bind(next + 1, row * 1'000'000 + col1);
  }
  std::vector<store::NearbyCase> out;
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    store::NearbyCase n;
    n.candidate.id = st.Int(0);
    n.candidate.number = st.Text(1);
    n.candidate.distance_m = geo::DistanceMeters({q.lon, q.lat}, {st.Double(2), st.Double(3)});
    if (n.candidate.distance_m > q.radius_m) continue;
    n.candidate.distance_m = std::round(n.candidate.distance_m * 10) / 10;  // decimetres
    n.created_at = st.Time(4);
    n.candidate.age_s = std::chrono::duration_cast<std::chrono::seconds>(q.to - n.created_at).count();
    n.candidate.district_code = st.Text(5);
    n.candidate.street_code = st.Text(6);
    n.candidate.community_code = st.Text(7);
    n.candidate.grid_code = st.Text(8);
    out.push_back(std::move(n));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.candidate.distance_m != b.candidate.distance_m ? a.candidate.distance_m < b.candidate.distance_m
                                                            : a.candidate.id < b.candidate.id;
  });
  if (out.size() > static_cast<std::size_t>(q.limit)) out.resize(static_cast<std::size_t>(q.limit));
  return out;
}

class SqlCaseRepository final : public store::CaseRepository {
 public:
  explicit SqlCaseRepository(Database& store)
      : store_(store), select_(SelectCase()), select_locked_(select_ + store.dialect().LockRow()) {}

  core::Result<store::CreatedCase> Create(const store::NewCase& req) override {
    // Prepared before the writer thread takes the write: the search text, and the report event
    // and its row but for the id, the number and the duplicate candidates, which only the
    // transaction can give (cases/report_draft.hpp).
    SearchText search = SearchTextOf(req.fields);
    OG_ASSIGN_OR_RETURN(const cases::ReportDraft draft, cases::ReportDraft::Make(req.fields, req.report));
    CaseTexts texts = TextsOf(draft.row());
    return store_.Write<store::CreatedCase>([&](Connection& c) -> core::Result<store::CreatedCase> {
      if (req.idempotency) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kFindKey));
        st.Bind(1, req.idempotency->user_id).Bind(2, req.idempotency->key);
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (row) {
          if (st.Text(0) != req.idempotency->request_hash) {
            return core::Aborted("this Idempotency-Key was used for another request", "Idempotency-Key");
          }
          std::int64_t id = st.Int(1);
          OG_ASSIGN_OR_RETURN(Case existing, LoadCase(c, id, select_));
          return store::CreatedCase{std::move(existing), true};
        }
      }
      std::vector<cases::DuplicateCandidate> candidates;
      if (req.duplicates) {
        // Inside the transaction: a report made in the same moment is seen too.
        OG_ASSIGN_OR_RETURN(auto near, FindOpenNear(c, *req.duplicates, store_.dialect()));
        for (auto& n : near) candidates.push_back(std::move(n.candidate));
      }
      std::int64_t seq = 0, id = 0;
      const char* both = store_.dialect().NumberAndId();
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(both ? both : kNextNumber));
        st.Bind(1, req.district_code).Bind(2, cases::NumberDay(req.report.at));
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return core::Internal("no case number was allocated");
        seq = st.Int(0);
        if (both) id = st.Int(1);
      }
      if (!both) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(store_.dialect().NextCaseId()));
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        id = row ? st.Int(0) : 1;
      }
      auto done = draft.Finish(id, cases::CaseNumber(req.district_code, req.report.at, seq), candidates);
      Case& row = done.row;
      texts.candidates = std::move(done.candidates_text);
      store_.batch_rollups().Created(row);
      OG_RETURN_IF_ERROR(WriteCase(c, row, /*insert=*/true, texts));
      OG_RETURN_IF_ERROR(InsertEvent(c, done.event, done.payload_text));
      store_.batch_feed().Appended(row.id, done.event.seq);
      OG_RETURN_IF_ERROR(Announce(store_, c, row));
      OG_RETURN_IF_ERROR(store_.IndexSearch(c, row.id, search.text, search.unigrams));
      if (req.idempotency) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kInsertKey));
        st.Bind(1, req.idempotency->user_id)
            .Bind(2, req.idempotency->key)
            .Bind(3, req.idempotency->request_hash)
            .Bind(4, id)
            .Bind(5, req.report.at);
        OG_RETURN_IF_ERROR(st.Queue());
      }
      return store::CreatedCase{std::move(row), false};
    }, /*rerunnable=*/true);  // it keeps nothing of a run: the draft and the request are read only
  }

  core::Result<Case> Act(std::int64_t id,
                         const std::function<core::Result<Event>(const Case&)>& decide) override {
    return store_.Write<Case>([&](Connection& c) -> core::Result<Case> {
      OG_ASSIGN_OR_RETURN(Case row, LoadCase(c, id, select_locked_));
      OG_ASSIGN_OR_RETURN(Event e, decide(row));
      auto before = std::make_pair(row.state, row.current_unit);
      OG_RETURN_IF_ERROR(Append(store_, c, row, std::move(e)));
      if (before != std::make_pair(row.state, row.current_unit)) OG_RETURN_IF_ERROR(Cascade(store_, c, row, select_locked_));
      return row;
    });
  }

  core::Result<std::vector<store::NearbyCase>> OpenNear(const store::NearbyQuery& q) override {
    return store_.Read<std::vector<store::NearbyCase>>([&](Connection& c) { return FindOpenNear(c, q, store_.dialect()); });
  }

  core::Result<std::vector<std::int64_t>> Followers(std::int64_t master_id) override {
    return store_.Read<std::vector<std::int64_t>>([&](Connection& c) { return FollowersOf(c, master_id); });
  }

  core::Result<Case> Get(std::int64_t id) override {
    return store_.Read<Case>([&](Connection& c) { return LoadCase(c, id, select_); });
  }

  core::Result<std::vector<Event>> Events(std::int64_t id) override {
    return store_.Read<std::vector<Event>>([&](Connection& c) -> core::Result<std::vector<Event>> {
      static const std::string sql = SelectEvents();
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql.c_str()));
      st.Bind(1, id);
      std::vector<Event> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        OG_ASSIGN_OR_RETURN(Event e, ReadEvent(st));
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  core::Result<std::vector<Case>> List(const store::CaseFilter& f) override {
    // A unit's cases are those it leads (the current_unit index, in created order) and those it
    // assists or was called to (case_parties, few): two queries merged here, since one query
    // with an OR of both walks every case of the district newest first to fill a page.
    if (f.everything || f.units.empty() || f.text) return ListWith(f, false);
    OG_ASSIGN_OR_RETURN(auto led, ListWith(f, false));
    OG_ASSIGN_OR_RETURN(bool parties, AnyParties(f.units));
    if (!parties) return led;
    OG_ASSIGN_OR_RETURN(auto joined, ListWith(f, true));
    for (auto& c : led) joined.push_back(std::move(c));
    auto newer = [&](const Case& a, const Case& b) {
      return f.oldest_first ? std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id)
                            : std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
    };
    std::sort(joined.begin(), joined.end(), newer);
    joined.erase(std::unique(joined.begin(), joined.end(), [](const Case& a, const Case& b) { return a.id == b.id; }),
                 joined.end());
    if (joined.size() > static_cast<std::size_t>(f.limit)) joined.resize(static_cast<std::size_t>(f.limit));
    return joined;
  }

 private:
  core::Result<bool> AnyParties(const std::vector<std::string>& units) {
    return store_.Read<bool>([&](Connection& c) -> core::Result<bool> {
      for (const auto& u : units) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT 1 FROM case_parties WHERE unit = ?1 LIMIT 1"));
        st.Bind(1, u);
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (row) return true;
      }
      return false;
    });
  }

  // One page of the filter. `parties`: only the cases the filter's units take part in as
  // assisting or called units, driven from case_parties; otherwise the areas and led units of the
  // scope (with a text search, the parties too).
  core::Result<std::vector<Case>> ListWith(const store::CaseFilter& f, bool parties) {
    // The WHERE clause is assembled from fixed fragments; every value is bound.
    // A text search drives the query from the search index, walked in case-id order, so a
    // common word (垃圾 is in a fifth of all cases) still stops after one page instead of
    // collecting every match and sorting it: search results come newest-registered first.
    std::string sql = std::string("SELECT ") + kCaseColumns +
                      (parties ? " FROM case_parties AS pp JOIN cases ON cases.id = pp.case_id WHERE true"
                               : " FROM cases WHERE true");
    std::vector<std::function<void(Statement&, int)>> binds;
    if (f.text) {
      const Dialect& d = store_.dialect();
      std::string match = d.SearchValue(*f.text);
      sql = std::string("SELECT ") + kCaseColumns + " FROM " + d.SearchFrom(*f.text);
      binds.push_back([match](Statement& st, int i) { st.Bind(i, match); });
    }
    auto add = [&](const std::string& fragment, std::function<void(Statement&, int)> bind) {
      sql += " AND " + fragment + std::to_string(binds.size() + 1);
      binds.push_back(std::move(bind));
    };
    auto text = [&](const char* column, const std::string& v) {
      add(std::string(column) + " = ?", [v](Statement& st, int i) { st.Bind(i, v); });
    };
    if (f.state) text("state", std::string(cases::StateName(*f.state)));
    if (f.kind) text("kind", std::string(cases::KindName(*f.kind)));
    if (f.category_code) text("category_code", *f.category_code);
    if (f.street) text("street_code", *f.street);
    if (f.community) text("community_code", *f.community);
    if (f.grid) text("grid_code", *f.grid);
    if (f.unit) text("current_unit", *f.unit);
    if (f.source) text("source", std::string(cases::SourceName(*f.source)));
    if (f.created_from) add("created_at >= ?", [t = *f.created_from](Statement& st, int i) { st.Bind(i, t); });
    if (f.created_to) add("created_at < ?", [t = *f.created_to](Statement& st, int i) { st.Bind(i, t); });
    if (f.overdue_at) add("due_at < ?", [t = *f.overdue_at](Statement& st, int i) { st.Bind(i, t); });
    if (f.light) {
      auto at = [t = f.light_at](Statement& st, int i) { st.Bind(i, t); };
      if (*f.light == "red") {
        add("due_at < ?", at);
      } else if (*f.light == "yellow") {
        add("due_at >= ?", at);
        add("yellow_at <= ?", at);
      } else {
        add("yellow_at > ?", at);
      }
    }
    if (parties) {
      std::string any = "(false";
      for (const auto& u : f.units) {
        any += " OR pp.unit = ?" + std::to_string(binds.size() + 1);
        binds.push_back([u](Statement& st, int i) { st.Bind(i, u); });
      }
      sql += " AND " + any + ")";
    } else if (!f.everything) {
      // One term per grant, on the one column of the area's level (read off its code), so that
      // a single grant is a plain equality the planner answers from its index.
      static constexpr const char* kColumns[] = {"district_code", "street_code", "community_code", "grid_code"};
      std::vector<std::string> terms;
      for (const auto& a : f.areas) {
        std::string at = "?" + std::to_string(binds.size() + 1);
        binds.push_back([a](Statement& st, int i) { st.Bind(i, a); });
        std::string term;
        for (int level = 0; level < areas::kLevelCount; ++level) {
          if (areas::ValidateCode(static_cast<areas::AreaLevel>(level), a, "")) {
            term = std::string(kColumns[level]) + " = " + at;
          }
        }
        if (term.empty()) {  // a code of no known shape: any level
          for (const char* col : kColumns) term += (term.empty() ? "(" : " OR ") + std::string(col) + " = " + at;
          term += ")";
        }
        terms.push_back(std::move(term));
      }
      for (const auto& u : f.units) {
        std::string at = "?" + std::to_string(binds.size() + 1);
        binds.push_back([u](Statement& st, int i) { st.Bind(i, u); });
        terms.push_back("current_unit = " + at);
        if (f.text) terms.push_back("id IN (SELECT case_id FROM case_parties WHERE unit = " + at + ")");
      }
      if (terms.empty()) {
        sql += " AND false";
      } else if (terms.size() == 1) {
        sql += " AND " + terms.front();
      } else {
        std::string any;
        for (const auto& t : terms) any += (any.empty() ? "(" : " OR ") + t;
        sql += " AND " + any + ")";
      }
    }
    if (f.after && f.text) {
      sql += std::string(" AND ") + store_.dialect().SearchKey() + (f.oldest_first ? " >" : " <") + " ?" +
             std::to_string(binds.size() + 1);
      binds.push_back([id = f.after->second](Statement& st, int i) { st.Bind(i, id); });
    } else if (f.after) {
      std::string cmp = f.oldest_first ? ">" : "<";
      std::string t = "?" + std::to_string(binds.size() + 1), id = "?" + std::to_string(binds.size() + 2);
      sql += " AND (created_at " + cmp + " " + t + " OR (created_at = " + t + " AND id " + cmp + " " + id + "))";
      binds.push_back([t = f.after->first](Statement& st, int i) { st.Bind(i, t); });
      binds.push_back([id = f.after->second](Statement& st, int i) { st.Bind(i, id); });
    }
    if (f.text) {
      sql += std::string(" ORDER BY ") + store_.dialect().SearchKey() + (f.oldest_first ? "" : " DESC");
    } else {
      sql += f.oldest_first ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC";
    }
    sql += " LIMIT ?" + std::to_string(binds.size() + 1);
    binds.push_back([n = std::int64_t{f.limit}](Statement& st, int i) { st.Bind(i, n); });
    return store_.Read<std::vector<Case>>([&](Connection& c) -> core::Result<std::vector<Case>> {
      OG_ASSIGN_OR_RETURN(auto st, c.PrepareShaped(sql));
      for (size_t i = 0; i < binds.size(); ++i) binds[i](st, static_cast<int>(i + 1));
      std::vector<Case> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        OG_ASSIGN_OR_RETURN(Case x, ReadCase(st));
        out.push_back(std::move(x));
      }
      return out;
    });
  }

 public:
  core::Result<std::int64_t> Count() override {
    return store_.Read<std::int64_t>([](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kCount));
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      return row ? st.Int(0) : 0;
    });
  }

  core::Result<std::vector<std::int64_t>> HoldingMedia(const std::string& sha256, int limit) override {
    return IdList("SELECT case_id FROM case_media WHERE sha256 = ?1 ORDER BY case_id DESC LIMIT ?2",
                  [&](Statement& st) { st.Bind(1, std::string_view(sha256)).Bind(2, std::int64_t{limit}); });
  }

  core::Result<std::vector<std::int64_t>> Ids(std::int64_t after_id, int limit) override {
    return IdList(kIds, [&](Statement& st) { st.Bind(1, after_id).Bind(2, std::int64_t{limit}); });
  }

  core::Result<std::vector<std::int64_t>> Active(core::Instant from, core::Instant to) override {
    return IdList(kActive, [&](Statement& st) { st.Bind(1, from).Bind(2, to); });
  }

  core::Result<std::vector<std::int64_t>> DueTimers(core::Instant now, int limit) override {
    return IdList(kDueTimers, [&](Statement& st) { st.Bind(1, now).Bind(2, std::int64_t{limit}); });
  }

  core::Result<std::vector<std::int64_t>> CalendarUnknown(std::int64_t after_id, int limit) override {
    return IdList(kCalendarUnknown, [&](Statement& st) { st.Bind(1, after_id).Bind(2, std::int64_t{limit}); });
  }

  core::Result<std::int64_t> PurgeIdempotencyKeys(core::Instant before) override {
    return store_.Write<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kPurgeKeys));
      st.Bind(1, before);
      OG_RETURN_IF_ERROR(st.Run());
      return std::int64_t{c.Changes()};
    });
  }

  core::Result<void> WriteRow(const Case& row) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(Case old, LoadCase(c, row.id, select_locked_));
      store_.batch_rollups().Replaced(old, row);
      OG_RETURN_IF_ERROR(WriteCase(c, row, false));
      OG_RETURN_IF_ERROR(WriteParties(c, row));
      return Announce(store_, c, row);
    });
  }

 private:
  // The first column of every row of `sql`, as ids.
  core::Result<std::vector<std::int64_t>> IdList(const char* sql, const std::function<void(Statement&)>& bind) {
    return store_.Read<std::vector<std::int64_t>>([&](Connection& c) -> core::Result<std::vector<std::int64_t>> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
      bind(st);
      return ReadIds(st);
    });
  }

  Database& store_;
  const std::string select_, select_locked_;  // a case by id; the same, locked for a write
};

}  // namespace

std::unique_ptr<store::CaseRepository> MakeCaseRepository(Database& store) {
  return std::make_unique<SqlCaseRepository>(store);
}

}  // namespace onegrid::store_sql
