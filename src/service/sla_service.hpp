// The SLA policy sets in force and before (sla/policy.hpp): every version stays readable, since
// a case keeps the version it started with; a change by an admin stores a new version. Version
// 1 is seeded with governance.md §6 on first start. Readers get immutable snapshots. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "service/rule_versions.hpp"
#include "sla/policy.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class SlaService {
 public:
  SlaService(store::Store& store, const core::Clock& clock)
      : versions_(store.sla(), clock, "SLA policy set", sla::ParsePolicySet, sla::PolicySetJson) {}

  core::Result<void> Load();  // seeds version 1 when there is none
  std::shared_ptr<const sla::PolicySet> Current() const { return versions_.Current(); }
  std::shared_ptr<const sla::PolicySet> Version(int version) const { return versions_.Version(version); }
  std::vector<store::RuleVersion> Versions() const { return versions_.Versions(); }

  // A new version: the whole set replaced, one policy added or replaced (by its name), or one
  // removed. kInvalidArgument naming the field (nothing stored); kNotFound for an unknown name.
  core::Result<std::shared_ptr<const sla::PolicySet>> Replace(const nlohmann::json& set, std::int64_t by,
                                                              const std::string& note);
  core::Result<std::shared_ptr<const sla::PolicySet>> PutPolicy(const nlohmann::json& policy, std::int64_t by);
  core::Result<std::shared_ptr<const sla::PolicySet>> DeletePolicy(const std::string& name, std::int64_t by);

 private:
  RuleVersions<sla::PolicySet> versions_;
};

}  // namespace onegrid::service
