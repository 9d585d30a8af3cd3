// For the tests and the soak that drive the built binary: its CLI run as an operator runs it,
// and the small district of the tests (a district, two streets, a community, a grid) with
// accounts, made through that CLI.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "support/features.hpp"
#include "support/process.hpp"

namespace onegrid::testing {

struct Binary {
  std::string bin, db, media;
  std::vector<std::string> env = {"ONEGRID_PASSWORD_HASH=minimum"};

  RunResult Cli(const std::vector<std::string>& args, const std::string& input = "") const {
    std::vector<std::string> argv = {bin, "--db", db, "--media", media};
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv, input, env);
  }
};

// Imports the district's four levels from GeoJSON files written in `dir` and adds each
// (username, role:scope) with `password`. The first failure's output, or "" when all went well.
inline std::string MakeSmallDistrict(const Binary& b, const std::filesystem::path& dir,
                                     const std::vector<std::pair<std::string, std::string>>& users,
                                     const std::string& password) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> levels = {
      {"district", {Square("410104", "管城回族区", 113.6, 34.6, 113.9, 34.8)}},
      {"street",
       {Square("410104001000", "北下街街道", 113.6, 34.6, 113.75, 34.8),
        Square("410104002000", "西大街街道", 113.75, 34.6, 113.9, 34.8)}},
      {"community", {Square("410104001001", "第一社区", 113.6, 34.6, 113.75, 34.8)}},
      {"grid", {Square("410104001001001", "一号网格", 113.6, 34.6, 113.75, 34.8)}}};
  for (const auto& [level, features] : levels) {
    std::string file = (dir / (level + ".geojson")).string();
    std::ofstream(file) << Collection(features);
    auto r = b.Cli({"import", "areas", file, "--level", level});
    if (r.status != 0) return r.output;
  }
  for (const auto& [user, grant] : users) {
    auto r = b.Cli({"user", "add", user, "--name", user, "--role", grant}, password);
    if (r.status != 0) return r.output;
  }
  return "";
}

}  // namespace onegrid::testing
