#include <algorithm>
#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

using accounts::User;

constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, phone, unit_code, password_hash, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id";
constexpr const char* kInsertRole =
    "INSERT INTO user_roles (user_id, role, scope) VALUES (?1, ?2, ?3)";
constexpr const char* kSelectByName =
    "SELECT id, username, display_name, phone, unit_code, password_hash, disabled, created_at, "
    "updated_at, version, must_change_password, last_sign_in_at FROM users WHERE username = ?1";
constexpr const char* kSelectById =
    "SELECT id, username, display_name, phone, unit_code, password_hash, disabled, created_at, "
    "updated_at, version, must_change_password, last_sign_in_at FROM users WHERE id = ?1";
constexpr const char* kSelectPage =
    "SELECT id, username, display_name, phone, unit_code, password_hash, disabled, created_at, "
    "updated_at, version, must_change_password, last_sign_in_at FROM users WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr const char* kSelectRoles =
    "SELECT role, scope FROM user_roles WHERE user_id = ?1 ORDER BY rowid";
constexpr const char* kCountUsers = "SELECT COUNT(*) FROM users";
constexpr const char* kSetPassword =
    "UPDATE users SET password_hash = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1";
constexpr const char* kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";
constexpr const char* kRevokeOtherSessions =
    "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL AND token_hash <> ?3";
constexpr const char* kSelectVersion = "SELECT version FROM users WHERE id = ?1";
constexpr const char* kDeleteRoles = "DELETE FROM user_roles WHERE user_id = ?1";


User ReadUser(const Statement& st) {
  User u;
  u.id = st.Int(0);
  u.username = st.Text(1);
  u.display_name = st.Text(2);
  u.phone = st.Text(3);
  u.unit_code = st.Text(4);
  u.password_hash = st.Text(5);
  u.disabled = st.Int(6) != 0;
  u.created_at = st.Time(7);
  u.updated_at = st.Time(8);
  u.version = st.Int(9);
  u.must_change_password = st.Int(10) != 0;
  if (!st.IsNull(11)) u.last_sign_in_at = st.Time(11);
  return u;
}

core::Result<void> LoadRoles(Connection& c, User& u) {
  OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelectRoles));
  st.Bind(1, u.id);
  for (;;) {
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto role = accounts::ParseRole(st.Text(0));
    if (!role) return core::Internal("user " + u.username + " has unknown role " + st.Text(0));
    u.roles.push_back({*role, st.Text(1)});
  }
  return core::Ok();
}

core::Result<User> FindOne(Connection& c, const char* sql,
                           const std::function<void(Statement&)>& bind,
                           const std::string& what) {
  User u;
  {
    OG_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
    bind(st);
    OG_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return core::NotFound("no user " + what);
    u = ReadUser(st);
  }
  OG_RETURN_IF_ERROR(LoadRoles(c, u));
  return u;
}

class SqlUserRepository final : public store::UserRepository {
 public:
  explicit SqlUserRepository(Database& store) : store_(store) {}

  core::Result<User> Create(const accounts::NewUser& user, const std::string& password_hash,
                            core::Instant now) override {
    OG_ASSIGN_OR_RETURN(
        std::int64_t id, store_.Write<std::int64_t>(
                             [&](Connection& c) -> core::Result<std::int64_t> {
                               OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kInsertUser));
                               st.Bind(1, user.username)
                                   .Bind(2, user.display_name)
                                   .Bind(3, user.phone)
                                   .Bind(4, user.unit_code)
                                   .Bind(5, password_hash)
                                   .Bind(6, now);
                               auto row = st.Step();
                               if (!row) {
                                 if (IsUniqueViolation(row.error())) {
                                   return core::AlreadyExists(
                                       "a user named " + user.username + " exists already",
                                       "username");
                                 }
                                 return std::move(row).error();
                               }
                               if (!*row) return core::Internal("the new user has no id");
                               std::int64_t new_id = st.Int(0);
                               for (const auto& g : user.roles) {
                                 OG_ASSIGN_OR_RETURN(auto rs, c.Prepare(kInsertRole));
                                 rs.Bind(1, new_id)
                                     .Bind(2, accounts::RoleName(g.role))
                                     .Bind(3, g.scope);
                                 OG_RETURN_IF_ERROR(rs.Run());
                               }
                               return new_id;
                             }));
    return FindById(id);
  }

  core::Result<User> FindByUsername(const std::string& username) override {
    return store_.Read<User>([&](Connection& c) {
      return FindOne(
          c, kSelectByName, [&](Statement& st) { st.Bind(1, username); }, "named " + username);
    });
  }

  core::Result<User> FindById(std::int64_t id) override {
    return store_.Read<User>([&](Connection& c) {
      return FindOne(
          c, kSelectById, [&](Statement& st) { st.Bind(1, id); }, "with id " + std::to_string(id));
    });
  }

  core::Result<std::vector<std::int64_t>> WithRole(accounts::Role role,
                                                   const std::vector<std::string>& scopes) override {
    return store_.Read<std::vector<std::int64_t>>([&](Connection& c) -> core::Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> out;
      for (const auto& scope : scopes) {
        if (scope.empty()) continue;
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(
            "SELECT DISTINCT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id "
            "WHERE r.role = ?1 AND r.scope = ?2 AND u.disabled = 0"));
        st.Bind(1, accounts::RoleName(role)).Bind(2, scope);
        OG_ASSIGN_OR_RETURN(auto ids, ReadIds(st));
        out.insert(out.end(), ids.begin(), ids.end());
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    });
  }

  core::Result<std::vector<User>> List(std::int64_t after_id, int limit) override {
    return store_.Read<std::vector<User>>([&](Connection& c) -> core::Result<std::vector<User>> {
      std::vector<User> out;
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelectPage));
        st.Bind(1, after_id).Bind(2, std::int64_t{limit});
        for (;;) {
          OG_ASSIGN_OR_RETURN(bool row, st.Step());
          if (!row) break;
          out.push_back(ReadUser(st));
        }
      }
      for (auto& u : out) OG_RETURN_IF_ERROR(LoadRoles(c, u));
      return out;
    });
  }

  core::Result<std::int64_t> Count() override {
    return store_.Read<std::int64_t>([](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kCountUsers));
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      return row ? st.Int(0) : 0;
    });
  }

  core::Result<User> Change(const store::UserChange& ch, core::Instant now) override {
    OG_RETURN_IF_ERROR(store_.Write<void>([&](Connection& c) -> core::Result<void> {
      {
        OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelectVersion));
        st.Bind(1, ch.id);
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return core::NotFound("no user with id " + std::to_string(ch.id));
        if (ch.expected_version != 0 && st.Int(0) != ch.expected_version) {
          return core::Aborted("the account is at version " + std::to_string(st.Int(0)) + ", not " +
                                   std::to_string(ch.expected_version) + ": load it again",
                               "expected_version");
        }
      }
      // Only the columns asked for change; the others are written back as they are.
      OG_ASSIGN_OR_RETURN(auto up, c.Prepare(
          "UPDATE users SET disabled = COALESCE(?2, disabled), unit_code = COALESCE(?3, unit_code), "
          "password_hash = COALESCE(?4, password_hash), "
          "must_change_password = COALESCE(?5, must_change_password), updated_at = ?6, "
          "version = version + 1 WHERE id = ?1 AND (?7 = 0 OR version = ?7)"));
      up.Bind(1, ch.id).Bind(6, now).Bind(7, ch.expected_version);
      if (ch.disabled) up.Bind(2, std::int64_t{*ch.disabled ? 1 : 0}); else up.BindNull(2);
      if (ch.unit_code) up.Bind(3, *ch.unit_code); else up.BindNull(3);
      if (ch.password_hash) up.Bind(4, *ch.password_hash); else up.BindNull(4);
      if (ch.must_change_password) up.Bind(5, std::int64_t{*ch.must_change_password ? 1 : 0}); else up.BindNull(5);
      OG_RETURN_IF_ERROR(up.Run());
      // Another server's change between the read and this write (PostgreSQL): stale all the same.
      if (c.Changes() == 0) return core::Aborted("the account changed meanwhile: load it again", "expected_version");
      if (ch.roles) {
        OG_ASSIGN_OR_RETURN(auto del, c.Prepare(kDeleteRoles));
        del.Bind(1, ch.id);
        OG_RETURN_IF_ERROR(del.Run());
        for (const auto& g : *ch.roles) {
          OG_ASSIGN_OR_RETURN(auto rs, c.Prepare(kInsertRole));
          rs.Bind(1, ch.id).Bind(2, accounts::RoleName(g.role)).Bind(3, g.scope);
          OG_RETURN_IF_ERROR(rs.Run());
        }
      }
      if (ch.revoke_sessions) {
        OG_ASSIGN_OR_RETURN(auto rv, c.Prepare(ch.keep_session.empty() ? kRevokeUserSessions : kRevokeOtherSessions));
        rv.Bind(1, ch.id).Bind(2, now);
        if (!ch.keep_session.empty()) rv.BindBlob(3, ch.keep_session);
        OG_RETURN_IF_ERROR(rv.Run());
      }
      return store_.Publish(c, {.topic = "users", .id = ch.id});
    }));
    return FindById(ch.id);
  }

  core::Result<void> SetPasswordHash(std::int64_t user_id, const std::string& hash,
                                     core::Instant now) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSetPassword));
      st.Bind(1, user_id).Bind(2, hash).Bind(3, now);
      OG_RETURN_IF_ERROR(st.Run());
      if (c.Changes() == 0) return core::NotFound("no user with id " + std::to_string(user_id));
      OG_ASSIGN_OR_RETURN(auto rv, c.Prepare(kRevokeUserSessions));
      rv.Bind(1, user_id).Bind(2, now);
      return rv.Run();
    });
  }

 private:
  Database& store_;
};

}  // namespace

std::unique_ptr<store::UserRepository> MakeUserRepository(Database& store) {
  return std::make_unique<SqlUserRepository>(store);
}

}  // namespace onegrid::store_sql
