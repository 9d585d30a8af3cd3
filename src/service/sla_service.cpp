#include "service/sla_service.hpp"

namespace onegrid::service {

core::Result<void> SlaService::Load() {
  OG_ASSIGN_OR_RETURN(auto stored, store_.sla().List());
  if (stored.empty()) {
    OG_ASSIGN_OR_RETURN(auto seeded, store_.sla().Add({0, sla::DefaultPolicySet().dump(), clock_.Now(), 0,
                                                       "governance.md §6, seeded"}));
    stored.push_back(std::move(seeded));
  }
  std::lock_guard lock(mu_);
  versions_.clear();
  meta_.clear();
  for (auto& v : stored) {
    auto parsed = sla::ParsePolicySet(nlohmann::json::parse(v.doc, nullptr, false));
    if (!parsed) return core::Internal("stored SLA version " + std::to_string(v.version) + " is invalid: " + parsed.error().message);
    parsed->version = v.version;
    versions_[v.version] = std::make_shared<const sla::PolicySet>(std::move(*parsed));
    v.doc.clear();
    meta_.push_back(std::move(v));
  }
  return core::Ok();
}

std::shared_ptr<const sla::PolicySet> SlaService::Current() const {
  std::lock_guard lock(mu_);
  return versions_.empty() ? nullptr : versions_.rbegin()->second;
}

std::shared_ptr<const sla::PolicySet> SlaService::Version(int version) const {
  std::lock_guard lock(mu_);
  auto it = versions_.find(version);
  return it == versions_.end() ? nullptr : it->second;
}

std::vector<store::SlaVersion> SlaService::Versions() const {
  std::lock_guard lock(mu_);
  return meta_;
}

core::Result<std::shared_ptr<const sla::PolicySet>> SlaService::Store(const sla::PolicySet& set, std::int64_t by,
                                                                       const std::string& note) {
  OG_ASSIGN_OR_RETURN(auto v, store_.sla().Add({0, sla::PolicySetJson(set).dump(), clock_.Now(), by, note}));
  auto snapshot = std::make_shared<sla::PolicySet>(set);
  snapshot->version = v.version;
  std::lock_guard lock(mu_);
  versions_[v.version] = snapshot;
  v.doc.clear();
  meta_.push_back(std::move(v));
  return std::shared_ptr<const sla::PolicySet>(snapshot);
}

core::Result<std::shared_ptr<const sla::PolicySet>> SlaService::Replace(const nlohmann::json& set, std::int64_t by,
                                                                        const std::string& note) {
  OG_ASSIGN_OR_RETURN(auto parsed, sla::ParsePolicySet(set));
  return Store(parsed, by, note);
}

core::Result<std::shared_ptr<const sla::PolicySet>> SlaService::PutPolicy(const nlohmann::json& policy,
                                                                          std::int64_t by) {
  if (!policy.is_object() || !policy.contains("name") || !policy["name"].is_string()) {
    return core::InvalidArgument("must name the policy", "name");
  }
  std::string name = policy["name"].get<std::string>();
  auto doc = sla::PolicySetJson(*Current());
  bool replaced = false;
  std::size_t at = doc["policies"].size();
  for (std::size_t i = 0; i < doc["policies"].size(); ++i) {
    if (doc["policies"][i]["name"] == name) {
      doc["policies"][i] = policy;
      replaced = true;
      at = i;
    }
  }
  if (!replaced) doc["policies"].push_back(policy);
  auto parsed = sla::ParsePolicySet(doc);
  if (!parsed) {
    // Report the field as the caller wrote it, not as its place in the set.
    auto e = parsed.error();
    std::string prefix = "policies[" + std::to_string(at) + "]";
    if (e.field.rfind(prefix, 0) == 0) e.field = e.field.substr(prefix.size() + (e.field.size() > prefix.size() ? 1 : 0));
    if (e.field.empty()) e.field = "name";
    return e;
  }
  return Store(*parsed, by, (replaced ? "changed policy " : "added policy ") + name);
}

core::Result<std::shared_ptr<const sla::PolicySet>> SlaService::DeletePolicy(const std::string& name, std::int64_t by) {
  auto doc = sla::PolicySetJson(*Current());
  auto& list = doc["policies"];
  bool found = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i]["name"] == name) {
      list.erase(i);
      found = true;
      break;
    }
  }
  if (!found) return core::NotFound("no SLA policy named " + name);
  auto parsed = sla::ParsePolicySet(doc);
  if (!parsed) return core::FailedPrecondition(name + " cannot be removed: " + parsed.error().message);
  return Store(*parsed, by, "removed policy " + name);
}

}  // namespace onegrid::service
