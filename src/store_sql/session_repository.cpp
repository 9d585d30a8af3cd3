#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

constexpr const char* kInsert =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, client) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kSelect =
    "SELECT token_hash, user_id, created_at, expires_at, revoked_at, client FROM sessions "
    "WHERE token_hash = ?1";
constexpr const char* kRevoke =
    "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL";
constexpr const char* kDeleteExpired = "DELETE FROM sessions WHERE expires_at < ?1";
constexpr const char* kRememberDevice =
    "INSERT INTO login_devices (user_id, device_hash, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3) "
    "ON CONFLICT (user_id, device_hash) DO UPDATE SET last_seen = excluded.last_seen";
// The account's last sign-in, in the session's own write (not a change of the account: no
// version, no announcement).
constexpr const char* kSignedIn = "UPDATE users SET last_sign_in_at = ?2 WHERE id = ?1";
constexpr const char* kKnowsDevice = "SELECT 1 FROM login_devices WHERE user_id = ?1 AND device_hash = ?2";
constexpr const char* kDeleteStaleDevices = "DELETE FROM login_devices WHERE last_seen < ?1";


class SqlSessionRepository final : public store::SessionRepository {
 public:
  explicit SqlSessionRepository(Database& store) : store_(store) {}

  core::Result<void> Create(const store::Session& s) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kInsert));
      st.BindBlob(1, s.token_hash)
          .Bind(2, s.user_id)
          .Bind(3, s.created_at)
          .Bind(4, s.expires_at)
          .Bind(5, s.client);
      OG_RETURN_IF_ERROR(st.Run());
      OG_ASSIGN_OR_RETURN(auto seen, c.Prepare(kSignedIn));
      seen.Bind(1, s.user_id).Bind(2, s.created_at);
      OG_RETURN_IF_ERROR(seen.Run());
      if (s.device_hash.empty()) return core::Ok();
      OG_ASSIGN_OR_RETURN(auto device, c.Prepare(kRememberDevice));
      device.Bind(1, s.user_id).BindBlob(2, s.device_hash).Bind(3, s.created_at);
      return device.Run();
    });
  }

  core::Result<bool> KnowsDevice(std::int64_t user_id, const std::string& device_hash) override {
    return store_.Read<bool>([&](Connection& c) -> core::Result<bool> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kKnowsDevice));
      st.Bind(1, user_id).BindBlob(2, device_hash);
      return st.Step();
    });
  }

  core::Result<std::int64_t> DeleteStaleDevices(core::Instant before) override {
    return store_.Write<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kDeleteStaleDevices));
      st.Bind(1, before);
      OG_RETURN_IF_ERROR(st.Run());
      return std::int64_t{c.Changes()};
    });
  }

  core::Result<store::Session> Find(const std::string& token_hash) override {
    return store_.Read<store::Session>([&](Connection& c) -> core::Result<store::Session> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelect));
      st.BindBlob(1, token_hash);
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return core::NotFound("no such session");
      store::Session s;
      s.token_hash = st.Blob(0);
      s.user_id = st.Int(1);
      s.created_at = st.Time(2);
      s.expires_at = st.Time(3);
      if (!st.IsNull(4)) s.revoked_at = st.Time(4);
      s.client = st.Text(5);
      return s;
    });
  }

  core::Result<void> Revoke(const std::string& token_hash, core::Instant now) override {
    return store_.Write<void>([&](Connection& c) -> core::Result<void> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kRevoke));
      st.BindBlob(1, token_hash).Bind(2, now);
      OG_RETURN_IF_ERROR(st.Run());
      if (c.Changes() == 0) return core::NotFound("no such active session");
      return core::Ok();
    });
  }

  core::Result<std::int64_t> DeleteExpired(core::Instant before) override {
    return store_.Write<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kDeleteExpired));
      st.Bind(1, before);
      OG_RETURN_IF_ERROR(st.Run());
      return std::int64_t{c.Changes()};
    });
  }

 private:
  Database& store_;
};

}  // namespace

std::unique_ptr<store::SessionRepository> MakeSessionRepository(Database& store) {
  return std::make_unique<SqlSessionRepository>(store);
}

}  // namespace onegrid::store_sql
