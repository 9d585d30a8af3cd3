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
#include "sla/policy.hpp"
#include "store/store.hpp"

namespace onegrid::service {

class SlaService {
 public:
  SlaService(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<void> Load();  // seeds version 1 when there is none
  std::shared_ptr<const sla::PolicySet> Current() const;
  std::shared_ptr<const sla::PolicySet> Version(int version) const;  // null when unknown
  std::vector<store::SlaVersion> Versions() const;  // without their documents

  // A new version: the whole set replaced, one policy added or replaced (by its name), or one
  // removed. kInvalidArgument naming the field (nothing stored); kNotFound for an unknown name.
  core::Result<std::shared_ptr<const sla::PolicySet>> Replace(const nlohmann::json& set, std::int64_t by,
                                                              const std::string& note);
  core::Result<std::shared_ptr<const sla::PolicySet>> PutPolicy(const nlohmann::json& policy, std::int64_t by);
  core::Result<std::shared_ptr<const sla::PolicySet>> DeletePolicy(const std::string& name, std::int64_t by);

 private:
  core::Result<std::shared_ptr<const sla::PolicySet>> Store(const sla::PolicySet& set, std::int64_t by,
                                                            const std::string& note);
  store::Store& store_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::map<int, std::shared_ptr<const sla::PolicySet>> versions_;
  std::vector<store::SlaVersion> meta_;
};

}  // namespace onegrid::service
