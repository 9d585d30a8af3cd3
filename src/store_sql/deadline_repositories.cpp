#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

class SqlRuleVersionRepository final : public store::RuleVersionRepository {
 public:
  SqlRuleVersionRepository(Database& s, std::string kind) : store_(s), kind_(std::move(kind)) {}
  core::Result<std::vector<store::RuleVersion>> List() override {
    return store_.Read<std::vector<store::RuleVersion>>([&](Connection& c) -> core::Result<std::vector<store::RuleVersion>> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "SELECT version, doc, created_at, created_by, note FROM rule_versions WHERE kind = ?1 ORDER BY version"));
      st.Bind(1, kind_);
      std::vector<store::RuleVersion> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back({static_cast<int>(st.Int(0)), st.Text(1), st.Time(2), st.Int(3), st.Text(4)});
      }
      return out;
    });
  }
  core::Result<store::RuleVersion> Add(store::RuleVersion v) override {
    return store_.Write<store::RuleVersion>([&](Connection& c) -> core::Result<store::RuleVersion> {
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM rule_versions WHERE kind = ?1"));
        st.Bind(1, kind_);
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        v.version = row ? static_cast<int>(st.Int(0)) : 1;
      }
      OG_ASSIGN_OR_RETURN(auto ins, c.Prepare(
          "INSERT INTO rule_versions (kind, version, doc, created_at, created_by, note) VALUES (?6, ?1, ?2, ?3, ?4, ?5)"));
      ins.Bind(6, kind_).Bind(1, std::int64_t{v.version}).Bind(2, v.doc).Bind(3, v.created_at).Bind(4, v.created_by).Bind(5, v.note);
      OG_RETURN_IF_ERROR(ins.Run());
      OG_RETURN_IF_ERROR(store_.Publish(c, {.topic = kind_, .version = v.version}));
      return v;
    });
  }

 private:
  Database& store_;
  std::string kind_;
};

class SqlCalendarRepository final : public store::CalendarRepository {
 public:
  explicit SqlCalendarRepository(Database& s) : store_(s) {}
  core::Result<std::vector<store::CalendarFile>> List() override {
    return store_.Read<std::vector<store::CalendarFile>>([](Connection& c) -> core::Result<std::vector<store::CalendarFile>> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "SELECT year, kind, file, imported_at, imported_by FROM calendar_files ORDER BY year, kind DESC"));
      std::vector<store::CalendarFile> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        out.push_back({static_cast<int>(st.Int(0)), st.Text(1), st.Text(2), st.Time(3), st.Text(4)});
      }
      return out;
    });
  }
  core::Result<void> Put(const store::CalendarFile& f) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "INSERT INTO calendar_files (year, kind, file, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5) "
          "ON CONFLICT (year, kind) DO UPDATE SET file = ?3, imported_at = ?4, imported_by = ?5"));
      st.Bind(1, std::int64_t{f.year}).Bind(2, f.kind).Bind(3, f.file).Bind(4, f.imported_at).Bind(5, f.imported_by);
      OG_RETURN_IF_ERROR(st.Run());
      return store_.Publish(c, {.topic = "calendar", .version = f.year});
    });
  }

 private:
  Database& store_;
};

class SqlInboxRepository final : public store::InboxRepository {
 public:
  explicit SqlInboxRepository(Database& s) : store_(s) {}
  core::Result<std::vector<store::Notice>> List(std::int64_t user_id, bool unread_only, std::int64_t before_id,
                                                int limit) override {
    return store_.Read<std::vector<store::Notice>>([&](Connection& c) -> core::Result<std::vector<store::Notice>> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "SELECT id, user_id, case_id, seq, kind, created_at, read_at FROM inbox WHERE user_id = ?1 "
          "AND (?2 = 0 OR read_at IS NULL) AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4"));
      st.Bind(1, user_id).Bind(2, std::int64_t{unread_only}).Bind(3, before_id).Bind(4, std::int64_t{limit});
      std::vector<store::Notice> out;
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        store::Notice n{st.Int(0), st.Int(1), st.Int(2), st.Int(3), st.Text(4), st.Time(5), std::nullopt};
        if (!st.IsNull(6)) n.read_at = st.Time(6);
        out.push_back(std::move(n));
      }
      return out;
    });
  }
  core::Result<std::int64_t> CountUnread(std::int64_t user_id) override {
    return store_.Read<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT COUNT(*) FROM inbox WHERE user_id = ?1 AND read_at IS NULL"));
      st.Bind(1, user_id);
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      return row ? st.Int(0) : 0;
    });
  }
  core::Result<std::int64_t> MarkRead(std::int64_t user_id, const std::vector<std::int64_t>& ids,
                                      core::Instant at) override {
    return store_.Write<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      std::int64_t changed = 0;
      if (ids.empty()) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare("UPDATE inbox SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL"));
        st.Bind(1, user_id).Bind(2, at);
        OG_RETURN_IF_ERROR(st.Run());
        return std::int64_t{c.Changes()};
      }
      for (auto id : ids) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
            "UPDATE inbox SET read_at = ?3 WHERE id = ?2 AND user_id = ?1 AND read_at IS NULL"));
        st.Bind(1, user_id).Bind(2, id).Bind(3, at);
        OG_RETURN_IF_ERROR(st.Run());
        changed += c.Changes();
      }
      return changed;
    });
  }

 private:
  Database& store_;
};

}  // namespace

std::unique_ptr<store::RuleVersionRepository> MakeRuleVersionRepository(Database& s, std::string kind) {
  return std::make_unique<SqlRuleVersionRepository>(s, std::move(kind));
}
std::unique_ptr<store::CalendarRepository> MakeCalendarRepository(Database& s) {
  return std::make_unique<SqlCalendarRepository>(s);
}
std::unique_ptr<store::InboxRepository> MakeInboxRepository(Database& s) {
  return std::make_unique<SqlInboxRepository>(s);
}

}  // namespace onegrid::store_sql
