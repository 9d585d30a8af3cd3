#include "service/sla_service.hpp"

namespace onegrid::service {

core::Result<void> SlaService::Load() {
  return versions_.Load(sla::DefaultPolicySet(), "governance.md §6, seeded");
}

core::Result<std::shared_ptr<const sla::PolicySet>> SlaService::Replace(const nlohmann::json& set, std::int64_t by,
                                                                        const std::string& note) {
  OG_ASSIGN_OR_RETURN(auto parsed, sla::ParsePolicySet(set));
  return versions_.Store(parsed, by, note);
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
  return versions_.Store(*parsed, by, (replaced ? "changed policy " : "added policy ") + name);
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
  return versions_.Store(*parsed, by, "removed policy " + name);
}

}  // namespace onegrid::service
