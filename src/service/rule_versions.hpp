// Every stored version of one kind of rule document (SLA policies, routing rules), parsed and
// kept in memory: a case keeps the version it was decided by, so every version stays readable;
// a change stores the next version. T is the parsed set and has a field `int version`.
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/deadline_repositories.hpp"

namespace onegrid::service {

template <typename T>
class RuleVersions {
 public:
  using Parse = std::function<core::Result<T>(const nlohmann::json&)>;
  using Dump = std::function<nlohmann::json(const T&)>;

  RuleVersions(store::RuleVersionRepository& repo, const core::Clock& clock, std::string what, Parse parse,
               Dump dump)
      : repo_(repo), clock_(clock), what_(std::move(what)), parse_(std::move(parse)), dump_(std::move(dump)) {}

  // Reads every stored version; with none, stores `seed` as version 1 (unless it is null).
  core::Result<void> Load(const nlohmann::json& seed, const std::string& seed_note) {
    OG_ASSIGN_OR_RETURN(auto stored, repo_.List());
    if (stored.empty() && !seed.is_null()) {
      OG_ASSIGN_OR_RETURN(auto seeded, repo_.Add({0, seed.dump(), clock_.Now(), 0, seed_note}));
      stored.push_back(std::move(seeded));
    }
    // Built aside and swapped in whole: a reload (another server stored a version) never shows
    // half a list.
    std::map<int, std::shared_ptr<const T>> versions;
    std::vector<store::RuleVersion> meta;
    for (auto& v : stored) {
      auto parsed = parse_(nlohmann::json::parse(v.doc, nullptr, false));
      if (!parsed) {
        return core::Internal("stored " + what_ + " version " + std::to_string(v.version) +
                              " is invalid: " + parsed.error().message + " (" + parsed.error().field + ")");
      }
      parsed->version = v.version;
      versions[v.version] = std::make_shared<const T>(std::move(*parsed));
      v.doc.clear();
      meta.push_back(std::move(v));
    }
    std::lock_guard lock(mu_);
    versions_ = std::move(versions);
    meta_ = std::move(meta);
    return core::Ok();
  }

  std::shared_ptr<const T> Current() const {
    std::lock_guard lock(mu_);
    return versions_.empty() ? nullptr : versions_.rbegin()->second;
  }
  std::shared_ptr<const T> Version(int version) const {  // null when unknown
    std::lock_guard lock(mu_);
    auto it = versions_.find(version);
    return it == versions_.end() ? nullptr : it->second;
  }
  std::vector<store::RuleVersion> Versions() const {  // oldest first, without their documents
    std::lock_guard lock(mu_);
    return meta_;
  }

  // Stores `set` as the next version; returns it with its version number.
  core::Result<std::shared_ptr<const T>> Store(const T& set, std::int64_t by, const std::string& note) {
    OG_ASSIGN_OR_RETURN(auto v, repo_.Add({0, dump_(set).dump(), clock_.Now(), by, note}));
    auto snapshot = std::make_shared<T>(set);
    snapshot->version = v.version;
    std::lock_guard lock(mu_);
    versions_[v.version] = snapshot;
    v.doc.clear();
    meta_.push_back(std::move(v));
    return std::shared_ptr<const T>(snapshot);
  }

 private:
  store::RuleVersionRepository& repo_;
  const core::Clock& clock_;
  std::string what_;
  Parse parse_;
  Dump dump_;
  mutable std::mutex mu_;
  std::map<int, std::shared_ptr<const T>> versions_;
  std::vector<store::RuleVersion> meta_;
};

}  // namespace onegrid::service
