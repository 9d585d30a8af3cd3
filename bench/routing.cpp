// Routing decisions: the most specific of 300 rules (every major class in every street, codes
// in some communities, urgent and night rules) for random cases, on one core. Issue #6 asks at
// least 1 M decisions/s. Usage: onegrid_bench_routing [N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "cases/category.hpp"
#include "routing/rules.hpp"

using namespace onegrid;

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
  std::vector<std::string> streets, majors;
  for (int s = 1; s <= 12; ++s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "410104%03d000", s);
    streets.push_back(buf);
  }
  for (const auto& c : cases::Categories()) {
    if (c.kind == cases::CategoryKind::kMatter &&
        (majors.empty() || majors.back() != c.major_code)) {
      majors.push_back(c.major_code);
    }
  }
  nlohmann::json rules = nlohmann::json::array();
  rules.push_back({{"name", "fallback"}, {"lead_unit", "CGJ"}});
  for (const auto& st : streets) {
    for (const auto& m : majors) {
      rules.push_back({{"name", st + "-" + m}, {"area", st}, {"category", "matter:" + m}, {"lead_unit", "JD" + st.substr(6, 3)}});
    }
    rules.push_back({{"name", st + "-urgent-night"}, {"area", st}, {"urgency", "urgent"}, {"window", "22:00-06:00"},
                     {"category", "matter:06"}, {"lead_unit", "CGJ"}});
  }
  routing::World world{
      .area_level = [](const std::string& c) { return c == "410104" ? 1 : c.size() == 12 ? 2 : 0; },
      .within = [](const std::string& inner, const std::string& outer) { return inner != outer && outer == "410104"; },
      .unit_exists = [](const std::string&) { return true; }};
  auto set = routing::ParseRuleSet({{"rules", rules}}, world);
  if (!set) {
    std::fprintf(stderr, "%s: %s\n", set.error().field.c_str(), set.error().message.c_str());
    return 1;
  }
  std::vector<const cases::Category*> matters;
  for (const auto& c : cases::Categories()) {
    if (c.kind == cases::CategoryKind::kMatter) matters.push_back(&c);
  }
  std::mt19937_64 rng(6);
  std::vector<cases::Case> inputs(4096);
  for (auto& c : inputs) {
    c.category_kind = cases::CategoryKind::kMatter;
    c.category_code = matters[rng() % matters.size()]->code;
    c.district_code = "410104";
    c.street_code = streets[rng() % streets.size()];
    c.urgency = rng() % 10 == 0 ? cases::Urgency::kUrgent : cases::Urgency::kNormal;
  }
  std::size_t matched = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = inputs[i % inputs.size()];
    auto d = routing::Route(*set, c, static_cast<int>(i % 1440));
    matched += d.rule != nullptr && d.rule->name != "fallback";
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("rules=%zu decisions_per_second=%.0f specific=%.2f\n", set->rules.size(), n / s,
              static_cast<double>(matched) / static_cast<double>(n));
  return 0;
}
