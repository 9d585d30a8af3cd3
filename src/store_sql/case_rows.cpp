#include "store_sql/case_rows.hpp"

#include <nlohmann/json.hpp>

#include "cases/merge.hpp"
#include "cases/search_text.hpp"

namespace onegrid::store_sql {
namespace {

constexpr const char* kInsertCase =
    "INSERT INTO cases (number, kind, category_kind, category_code, source, urgency, description, "
    "address, lon, lat, district_code, street_code, community_code, grid_code, grid_version, "
    "reporter_name, reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, "
    "rework_count, version, created_at, updated_at, created_by, last_hash, id, attachments, "
    "sla_version, sla_policy, clock, whole, due_at, next_timer_at, merged_into, duplicate_candidates, assists, "
    "calls, yellow_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
    "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41)";
constexpr const char* kUpdateCase =
    "UPDATE cases SET number = ?1, kind = ?2, category_kind = ?3, category_code = ?4, source = ?5, "
    "urgency = ?6, description = ?7, address = ?8, lon = ?9, lat = ?10, district_code = ?11, "
    "street_code = ?12, community_code = ?13, grid_code = ?14, grid_version = ?15, "
    "reporter_name = ?16, reporter_phone = ?17, state = ?18, current_unit = ?19, units = ?20, "
    "dispatch_count = ?21, redispatch_count = ?22, rework_count = ?23, version = ?24, "
    "created_at = ?25, updated_at = ?26, created_by = ?27, last_hash = ?28, attachments = ?30, "
    "sla_version = ?31, sla_policy = ?32, clock = ?33, whole = ?34, due_at = ?35, next_timer_at = ?36, "
    "merged_into = ?37, duplicate_candidates = ?38, assists = ?39, calls = ?40, yellow_at = ?41 WHERE id = ?29";
constexpr const char* kInsertEvent =
    "INSERT INTO case_events (case_id, seq, action, from_state, to_state, actor_id, actor_name, "
    "role, unit, at, note, attachments, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

template <typename T>
core::Result<T> Parsed(std::optional<T> v, const std::string& what) {
  if (!v) return core::Internal("stored " + what + " is not known to this onegrid");
  return *v;
}

}  // namespace

const char* const kCaseColumns =
    "id, number, kind, category_kind, category_code, source, urgency, description, address, lon, "
    "lat, district_code, street_code, community_code, grid_code, grid_version, reporter_name, "
    "reporter_phone, state, current_unit, units, dispatch_count, redispatch_count, rework_count, "
    "version, created_at, updated_at, created_by, last_hash, attachments, sla_version, sla_policy, "
    "clock, whole, merged_into, duplicate_candidates, assists, calls";
const char* const kEventColumns =
    "case_id, seq, action, from_state, to_state, actor_id, actor_name, role, unit, at, note, "
    "attachments, payload, prev_hash, hash";

core::Result<cases::Case> ReadCase(const Statement& st) {
  cases::Case c;
  c.id = st.Int(0);
  c.number = st.Text(1);
  OG_ASSIGN_OR_RETURN(c.kind, Parsed(cases::ParseKind(st.Text(2)), "kind " + st.Text(2)));
  OG_ASSIGN_OR_RETURN(c.category_kind, Parsed(cases::ParseCategoryKind(st.Text(3)), "category kind"));
  c.category_code = st.Text(4);
  OG_ASSIGN_OR_RETURN(c.source, Parsed(cases::ParseSource(st.Text(5)), "source " + st.Text(5)));
  OG_ASSIGN_OR_RETURN(c.urgency, Parsed(cases::ParseUrgency(st.Text(6)), "urgency " + st.Text(6)));
  c.description = st.Text(7);
  c.address = st.Text(8);
  c.lon = st.Double(9);
  c.lat = st.Double(10);
  c.district_code = st.Text(11);
  c.street_code = st.Text(12);
  c.community_code = st.Text(13);
  c.grid_code = st.Text(14);
  c.grid_version = st.Int(15);
  c.reporter_name = st.Text(16);
  c.reporter_phone = st.Text(17);
  OG_ASSIGN_OR_RETURN(c.state, Parsed(cases::ParseState(st.Text(18)), "state " + st.Text(18)));
  c.current_unit = st.Text(19);
  c.units = nlohmann::json::parse(st.Text(20)).get<std::vector<std::string>>();
  c.dispatch_count = static_cast<int>(st.Int(21));
  c.redispatch_count = static_cast<int>(st.Int(22));
  c.rework_count = static_cast<int>(st.Int(23));
  c.version = st.Int(24);
  c.created_at = st.Time(25);
  c.updated_at = st.Time(26);
  c.created_by = st.Int(27);
  c.last_hash = st.Text(28);
  c.attachments = nlohmann::json::parse(st.Text(29)).get<std::vector<std::string>>();
  c.sla_version = static_cast<int>(st.Int(30));
  c.sla_policy = st.Text(31);
  for (auto [col, clock] : {std::pair{32, &c.clock}, std::pair{33, &c.whole}}) {
    std::string text = st.Text(col);
    if (text.empty()) continue;  // a case from before deadlines
    OG_ASSIGN_OR_RETURN(*clock, cases::ParseClock(nlohmann::json::parse(text)));
  }
  c.merged_into = st.IsNull(34) ? 0 : st.Int(34);
  if (std::string text = st.Text(35); text != "[]") {
    OG_ASSIGN_OR_RETURN(c.duplicate_candidates, cases::ParseCandidates(nlohmann::json::parse(text)));
  }
  if (std::string text = st.Text(36); text != "[]") {
    OG_ASSIGN_OR_RETURN(c.assists, cases::ParseAssists(nlohmann::json::parse(text)));
  }
  if (std::string text = st.Text(37); text != "[]") {
    OG_ASSIGN_OR_RETURN(c.calls, cases::ParseCalls(nlohmann::json::parse(text)));
  }
  return c;
}

core::Result<cases::Event> ReadEvent(const Statement& st) {
  cases::Event e;
  e.case_id = st.Int(0);
  e.seq = st.Int(1);
  e.action = st.Text(2);
  if (!st.IsNull(3)) {
    OG_ASSIGN_OR_RETURN(e.from, Parsed(cases::ParseState(st.Text(3)), "state " + st.Text(3)));
  }
  OG_ASSIGN_OR_RETURN(e.to, Parsed(cases::ParseState(st.Text(4)), "state " + st.Text(4)));
  e.actor_id = st.Int(5);
  e.actor_name = st.Text(6);
  e.role = st.Text(7);
  e.unit = st.Text(8);
  e.at = st.Time(9);
  e.note = st.Text(10);
  e.attachments = nlohmann::json::parse(st.Text(11)).get<std::vector<std::string>>();
  e.payload = nlohmann::json::parse(st.Text(12));
  e.prev_hash = st.Text(13);
  e.hash = st.Text(14);
  return e;
}

CaseTexts TextsOf(const cases::Case& c) {
  CaseTexts t;
  t.units = nlohmann::json(c.units).dump();
  t.attachments = nlohmann::json(c.attachments).dump();
  if (c.clock.step != cases::Step::kNone || c.sla_version != 0) t.clock = cases::ClockText(c.clock);
  if (c.sla_version != 0) t.whole = cases::ClockText(c.whole);
  t.candidates = cases::CandidatesText(c.duplicate_candidates);
  t.assists = c.assists.empty() ? "[]" : cases::AssistsJson(c.assists).dump();
  t.calls = c.calls.empty() ? "[]" : cases::CallsJson(c.calls).dump();
  return t;
}

core::Result<void> WriteCase(Connection& conn, const cases::Case& c, bool insert) {
  return WriteCase(conn, c, insert, TextsOf(c));
}

core::Result<void> WriteCase(Connection& conn, const cases::Case& c, bool insert, const CaseTexts& texts) {
  OG_ASSIGN_OR_RETURN(auto st, conn.Prepare(insert ? kInsertCase : kUpdateCase));
  st.Bind(1, c.number)
      .Bind(2, cases::KindName(c.kind))
      .Bind(3, cases::CategoryKindName(c.category_kind))
      .Bind(4, c.category_code)
      .Bind(5, cases::SourceName(c.source))
      .Bind(6, cases::UrgencyName(c.urgency))
      .Bind(7, c.description)
      .Bind(8, c.address)
      .Bind(9, c.lon)
      .Bind(10, c.lat)
      .Bind(11, c.district_code)
      .Bind(12, c.street_code)
      .Bind(13, c.community_code)
      .Bind(14, c.grid_code)
      .Bind(15, c.grid_version)
      .Bind(16, c.reporter_name)
      .Bind(17, c.reporter_phone)
      .Bind(18, cases::StateName(c.state))
      .Bind(19, c.current_unit)
      .Bind(20, std::string_view(texts.units))
      .Bind(21, std::int64_t{c.dispatch_count})
      .Bind(22, std::int64_t{c.redispatch_count})
      .Bind(23, std::int64_t{c.rework_count})
      .Bind(24, c.version)
      .Bind(25, c.created_at)
      .Bind(26, c.updated_at)
      .Bind(27, c.created_by)
      .Bind(28, c.last_hash)
      .Bind(29, c.id)
      .Bind(30, std::string_view(texts.attachments))
      .Bind(31, std::int64_t{c.sla_version})
      .Bind(32, c.sla_policy)
      .Bind(33, std::string_view(texts.clock))
      .Bind(34, std::string_view(texts.whole));
  if (c.clock.running()) {
    st.Bind(35, c.clock.due_at);
    st.Bind(41, c.clock.yellow_at);
  } else {
    st.BindNull(35);
    st.BindNull(41);
  }
  if (auto next = cases::NextCaseTimer(c)) {
    st.Bind(36, next->at);
  } else {
    st.BindNull(36);
  }
  if (c.merged_into != 0) {
    st.Bind(37, c.merged_into);
  } else {
    st.BindNull(37);
  }
  st.Bind(38, std::string_view(texts.candidates));
  st.Bind(39, std::string_view(texts.assists));
  st.Bind(40, std::string_view(texts.calls));
  if (insert) return st.Queue();
  OG_RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) return core::NotFound("no case " + std::to_string(c.id));
  return core::Ok();
}

core::Result<void> WriteParties(Connection& conn, const cases::Case& c) {
  OG_ASSIGN_OR_RETURN(auto del, conn.Prepare("DELETE FROM case_parties WHERE case_id = ?1"));
  del.Bind(1, c.id);
  OG_RETURN_IF_ERROR(del.Queue());
  for (const auto& unit : cases::PartyUnits(c.assists, c.calls)) {
    OG_ASSIGN_OR_RETURN(auto ins, conn.Prepare("INSERT INTO case_parties (unit, case_id) VALUES (?1, ?2)"));
    ins.Bind(1, unit).Bind(2, c.id);
    OG_RETURN_IF_ERROR(ins.Queue());
  }
  return core::Ok();
}

SearchText SearchTextOf(const cases::Case& c) {
  SearchText s;
  s.text = c.description + "\n" + c.address;
  s.unigrams = cases::Unigrams(s.text);
  return s;
}

core::Result<void> InsertEvent(Connection& conn, const cases::Event& e) {
  return InsertEvent(conn, e, e.payload.dump());
}

core::Result<void> InsertEvent(Connection& conn, const cases::Event& e, std::string_view payload_text) {
  OG_ASSIGN_OR_RETURN(auto st, conn.Prepare(kInsertEvent));
  st.Bind(1, e.case_id)
      .Bind(2, e.seq)
      .Bind(3, e.action)
      .Bind(5, cases::StateName(e.to))
      .Bind(6, e.actor_id)
      .Bind(7, e.actor_name)
      .Bind(8, e.role)
      .Bind(9, e.unit)
      .Bind(10, e.at)
      .Bind(11, e.note)
      .Bind(12, std::string_view(nlohmann::json(e.attachments).dump()))
      .Bind(13, payload_text)
      .Bind(14, e.prev_hash)
      .Bind(15, e.hash);
  if (e.from) {
    st.Bind(4, cases::StateName(*e.from));
  } else {
    st.BindNull(4);
  }
  OG_RETURN_IF_ERROR(st.Queue());
  // The files it attaches, so that a photo can be served to whoever may see a case holding it.
  for (const auto& sha : e.attachments) {
    OG_ASSIGN_OR_RETURN(auto media, conn.Prepare(
        "INSERT INTO case_media (sha256, case_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
    media.Bind(1, std::string_view(sha)).Bind(2, e.case_id);
    OG_RETURN_IF_ERROR(media.Queue());
  }
  // The notices the event raises: one inbox row per named recipient, in the same transaction.
  if (auto it = e.payload.find("notify"); it != e.payload.end() && it->is_array()) {
    for (const auto& user : *it) {
      if (!user.is_number_integer()) return core::Internal("notify names users by id");
      OG_ASSIGN_OR_RETURN(auto ins, conn.Prepare(
          "INSERT INTO inbox (user_id, case_id, seq, kind, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
      ins.Bind(1, user.get<std::int64_t>()).Bind(2, e.case_id).Bind(3, e.seq).Bind(4, e.action).Bind(5, e.at);
      OG_RETURN_IF_ERROR(ins.Queue());
    }
  }
  return core::Ok();
}

}  // namespace onegrid::store_sql
