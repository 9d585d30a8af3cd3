#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

using accounts::Unit;

constexpr const char* kColumns =
    "code, name, kind, parent_code, area_code, contact, leader_id, active, created_at, updated_at";

core::Result<Unit> ReadUnit(const Statement& st);

core::Result<std::vector<Unit>> ReadUnits(Statement& st) {
  std::vector<Unit> out;
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    OG_ASSIGN_OR_RETURN(auto u, ReadUnit(st));
    out.push_back(std::move(u));
  }
  return out;
}

core::Result<Unit> ReadUnit(const Statement& st) {
  Unit u;
  u.code = st.Text(0);
  u.name = st.Text(1);
  auto kind = accounts::ParseUnitKind(st.Text(2));
  if (!kind) return core::Internal("stored unit " + u.code + " has unknown kind " + st.Text(2));
  u.kind = *kind;
  u.parent_code = st.Text(3);
  u.area_code = st.Text(4);
  u.contact = st.Text(5);
  if (!st.IsNull(6)) u.leader_id = st.Int(6);
  u.active = st.Int(7) != 0;
  u.created_at = st.Time(8);
  u.updated_at = st.Time(9);
  return u;
}

void BindUnit(Statement& st, const Unit& u) {
  st.Bind(1, u.code)
      .Bind(2, u.name)
      .Bind(3, accounts::UnitKindName(u.kind))
      .Bind(4, u.parent_code)
      .Bind(5, u.area_code)
      .Bind(6, u.contact)
      .Bind(7, u.leader_id)
      .Bind(8, std::int64_t{u.active});
}

class SqlUnitRepository final : public store::UnitRepository {
 public:
  explicit SqlUnitRepository(Database& s) : store_(s) {}

  core::Result<void> Create(const Unit& u) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "INSERT INTO units (code, name, kind, parent_code, area_code, contact, leader_id, active, created_at, "
          "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
      BindUnit(st, u);
      st.Bind(9, u.created_at).Bind(10, u.updated_at);
      auto r = st.Run();
      if (!r && IsUniqueViolation(r.error())) return core::AlreadyExists("a unit with code " + u.code + " exists already", "code");
      OG_RETURN_IF_ERROR(r);
      return store_.Publish(c, {.topic = "units"});
    });
  }

  core::Result<void> Update(const Unit& u) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
          "UPDATE units SET name = ?2, kind = ?3, parent_code = ?4, area_code = ?5, contact = ?6, leader_id = ?7, "
          "active = ?8, updated_at = ?9 WHERE code = ?1"));  // created_at stays
      BindUnit(st, u);
      st.Bind(9, u.updated_at);
      OG_RETURN_IF_ERROR(st.Run());
      if (c.Changes() == 0) return core::NotFound("no unit " + u.code);
      return store_.Publish(c, {.topic = "units"});
    });
  }

  core::Result<Unit> Get(const std::string& code) override {
    return store_.Read<Unit>([&](Connection& c) -> core::Result<Unit> {
      static const std::string sql = std::string("SELECT ") + kColumns + " FROM units WHERE code = ?1";
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql.c_str()));
      st.Bind(1, code);
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return core::NotFound("no unit " + code);
      return ReadUnit(st);
    });
  }

  core::Result<std::vector<Unit>> List(const std::string& after_code, int limit) override {
    return store_.Read<std::vector<Unit>>([&](Connection& c) -> core::Result<std::vector<Unit>> {
      static const std::string sql =
          std::string("SELECT ") + kColumns + " FROM units WHERE code > ?1 ORDER BY code LIMIT ?2";
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql.c_str()));
      st.Bind(1, after_code).Bind(2, std::int64_t{limit});
      return ReadUnits(st);
    });
  }

  core::Result<std::vector<Unit>> ForArea(const std::string& area_code) override {
    return store_.Read<std::vector<Unit>>([&](Connection& c) -> core::Result<std::vector<Unit>> {
      static const std::string sql = std::string("SELECT ") + kColumns +
                                     " FROM units WHERE area_code = ?1 AND active = 1 AND kind = 'street_office' "
                                     "ORDER BY code";
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql.c_str()));
      st.Bind(1, area_code);
      return ReadUnits(st);
    });
  }

  core::Result<std::vector<accounts::User>> Members(const std::string& code) override {
    OG_ASSIGN_OR_RETURN(auto ids, store_.Read<std::vector<std::int64_t>>(
                                      [&](Connection& c) -> core::Result<std::vector<std::int64_t>> {
                                        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
                                            "SELECT id FROM users WHERE unit_code = ?1 ORDER BY id"));
                                        st.Bind(1, code);
                                        return ReadIds(st);
                                      }));
    std::vector<accounts::User> out;
    for (auto id : ids) {
      OG_ASSIGN_OR_RETURN(auto u, store_.users().FindById(id));
      out.push_back(std::move(u));
    }
    return out;
  }

  core::Result<void> SetMembers(const std::string& code, const std::vector<std::int64_t>& ids,
                                core::Instant now) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
            "UPDATE users SET unit_code = '', updated_at = ?2, version = version + 1 WHERE unit_code = ?1"));
        st.Bind(1, code).Bind(2, now);
        OG_RETURN_IF_ERROR(st.Run());
      }
      for (std::size_t i = 0; i < ids.size(); ++i) {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
            "UPDATE users SET unit_code = ?1, updated_at = ?3, version = version + 1 WHERE id = ?2"));
        st.Bind(1, code).Bind(2, ids[i]).Bind(3, now);
        OG_RETURN_IF_ERROR(st.Run());
        if (c.Changes() == 0) {
          return core::NotFound("no user " + std::to_string(ids[i]), "user_ids[" + std::to_string(i) + "]");
        }
      }
      return store_.Publish(c, {.topic = "units"});
    });
  }

 private:
  Database& store_;
};

}  // namespace

std::unique_ptr<store::UnitRepository> MakeUnitRepository(Database& s) {
  return std::make_unique<SqlUnitRepository>(s);
}

}  // namespace onegrid::store_sql
