#include <nlohmann/json.hpp>

#include "geo/geojson.hpp"
#include "store_sql/repositories.hpp"
#include "store_sql/database.hpp"

namespace onegrid::store_sql {
namespace {

using areas::Area;

constexpr const char* kCurrentOne =
    "SELECT version, name, geometry FROM areas WHERE code = ?1 AND valid_to IS NULL";
constexpr const char* kClose =
    "UPDATE areas SET valid_to = ?3 WHERE code = ?1 AND version = ?2";
constexpr const char* kInsert =
    "INSERT INTO areas (code, version, level, name, parent_code, geometry, area_m2, min_lon, "
    "min_lat, max_lon, max_lat, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12)";
constexpr const char* kSelectCurrent =
    "SELECT code, version, level, name, parent_code, geometry, area_m2, valid_from, valid_to "
    "FROM areas WHERE valid_to IS NULL ORDER BY code";
constexpr const char* kSelectVersion =
    "SELECT code, version, level, name, parent_code, geometry, area_m2, valid_from, valid_to "
    "FROM areas WHERE code = ?1 AND version = ?2";

core::Result<Area> ReadArea(const Statement& st) {
  Area a;
  a.code = st.Text(0);
  a.version = st.Int(1);
  auto level = areas::ParseLevel(st.Text(2));
  if (!level) return core::Internal("area " + a.code + " has unknown level " + st.Text(2));
  a.level = *level;
  a.name = st.Text(3);
  a.parent_code = st.Text(4);
  nlohmann::json g = nlohmann::json::parse(st.Text(5), nullptr, false);
  auto geometry = geo::ReadGeometry(g, "geometry", /*validate=*/false);
  if (!geometry) return core::Internal("area " + a.code + " has a broken geometry: " + geometry.error().message);
  a.geometry = std::move(*geometry);
  a.area_m2 = st.Double(6);
  a.valid_from = st.Time(7);
  if (!st.IsNull(8)) a.valid_to = st.Time(8);
  return a;
}

class SqlAreaRepository final : public store::AreaRepository {
 public:
  explicit SqlAreaRepository(Database& store) : store_(store) {}

  core::Result<store::AreaImportCounts> Import(std::vector<Area>& areas, core::Instant now) override {
    std::vector<std::string> texts;
    texts.reserve(areas.size());
    for (const auto& a : areas) texts.push_back(geo::WriteGeometry(a.geometry, /*exact=*/true).dump());
    return store_.Write<store::AreaImportCounts>(
        [&](Connection& c) -> core::Result<store::AreaImportCounts> {
          store::AreaImportCounts counts;
          for (std::size_t i = 0; i < areas.size(); ++i) {
            auto& a = areas[i];
            std::int64_t version = 1;
            {
              OG_ASSIGN_OR_RETURN(auto cur, c.Prepare(kCurrentOne));
              cur.Bind(1, a.code);
              OG_ASSIGN_OR_RETURN(bool row, cur.Step());
              if (row) {
                std::int64_t current = cur.Int(0);
                if (cur.Text(1) == a.name && cur.Text(2) == texts[i]) {
                  ++counts.unchanged;
                  a.version = current;
                  continue;
                }
                version = current + 1;
              }
            }
            if (version > 1) {
              OG_ASSIGN_OR_RETURN(auto close, c.Prepare(kClose));
              close.Bind(1, a.code).Bind(2, version - 1).Bind(3, now);
              OG_RETURN_IF_ERROR(close.Run());
              ++counts.replaced;
            } else {
              ++counts.created;
            }
            auto box = geo::BoundsOf(a.geometry);
            OG_ASSIGN_OR_RETURN(auto ins, c.Prepare(kInsert));
            ins.Bind(1, a.code)
                .Bind(2, version)
                .Bind(3, areas::LevelName(a.level))
                .Bind(4, a.name)
                .Bind(5, a.parent_code)
                .Bind(6, texts[i])
                .Bind(7, a.area_m2)
                .Bind(8, box.min_lon)
                .Bind(9, box.min_lat)
                .Bind(10, box.max_lon)
                .Bind(11, box.max_lat)
                .Bind(12, now);
            OG_RETURN_IF_ERROR(ins.Run());
            a.version = version;
            a.valid_from = now;
            a.valid_to.reset();
          }
          OG_RETURN_IF_ERROR(store_.Publish(c, {.topic = "areas"}));
          return counts;
        });
  }

  core::Result<std::vector<Area>> LoadCurrent() override {
    return store_.Read<std::vector<Area>>([](Connection& c) -> core::Result<std::vector<Area>> {
      std::vector<Area> out;
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelectCurrent));
      for (;;) {
        OG_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        OG_ASSIGN_OR_RETURN(Area a, ReadArea(st));
        out.push_back(std::move(a));
      }
      return out;
    });
  }

  core::Result<Area> GetVersion(const std::string& code, std::int64_t version) override {
    return store_.Read<Area>([&](Connection& c) -> core::Result<Area> {
      OG_ASSIGN_OR_RETURN(auto st, c.Prepare(kSelectVersion));
      st.Bind(1, code).Bind(2, version);
      OG_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return core::NotFound("no area " + code + " version " + std::to_string(version));
      return ReadArea(st);
    });
  }

 private:
  Database& store_;
};

}  // namespace

std::unique_ptr<store::AreaRepository> MakeAreaRepository(Database& store) {
  return std::make_unique<SqlAreaRepository>(store);
}

}  // namespace onegrid::store_sql
