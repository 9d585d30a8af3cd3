#include "api/json_body.hpp"

#include "core/json_parse.hpp"

#include <limits>

namespace onegrid::api {

core::Result<void> JsonBody::CheckContentType(const net::Request& request) {
  auto type = request.Header("Content-Type");
  if (!type || type->substr(0, type->find(';')) != "application/json") {
    return core::InvalidArgument("the body must be sent as Content-Type: application/json");
  }
  return core::Ok();
}

core::Result<nlohmann::json> JsonBody::ParseDocument(const net::Request& request) {
  OG_RETURN_IF_ERROR(CheckContentType(request));
  OG_ASSIGN_OR_RETURN(auto parsed, core::ParseJson(request.body));
  if (!parsed.is_object()) return core::InvalidArgument("the body must be a JSON object");
  return parsed;
}

core::Result<JsonBody> JsonBody::Parse(const net::Request& request) {
  OG_ASSIGN_OR_RETURN(auto parsed, ParseDocument(request));
  auto owned = std::make_unique<nlohmann::json>(std::move(parsed));
  const nlohmann::json* root = owned.get();
  return JsonBody(std::move(owned), root, {});
}

const nlohmann::json* JsonBody::Get(const std::string& key, bool required, const char* type) {
  seen_.insert(key);
  auto it = json_->find(key);
  if (it == json_->end() || (!required && it->is_null())) {
    if (required) AddProblem(key, std::string("is required (") + type + ")");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonBody::RequiredString(const std::string& key,
                                                    std::size_t max_bytes) {
  const auto* v = Get(key, true, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    AddProblem(key, "must be a string");
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (s.empty()) {
    AddProblem(key, "must not be empty");
    return std::nullopt;
  }
  if (s.size() > max_bytes) {
    AddProblem(key, "must be at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonBody::OptionalString(const std::string& key,
                                                    std::size_t max_bytes) {
  const auto* v = Get(key, false, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    AddProblem(key, "must be a string");
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (s.size() > max_bytes) {
    AddProblem(key, "must be at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  return s;
}

const nlohmann::json* JsonBody::RequiredArray(const std::string& key, std::size_t max_items) {
  const auto* v = Get(key, true, "an array");
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    AddProblem(key, "must be an array");
    return nullptr;
  }
  if (v->size() > max_items) {
    AddProblem(key, "must hold at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonBody::RequiredObject(const std::string& key) {
  const auto* v = Get(key, true, "an object");
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    AddProblem(key, "must be an object");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonBody::OptionalObject(const std::string& key) {
  const auto* v = Get(key, false, "an object");
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    AddProblem(key, "must be an object");
    return nullptr;
  }
  return v;
}

std::optional<double> JsonBody::RequiredNumber(const std::string& key) {
  const auto* v = Get(key, true, "a number");
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    AddProblem(key, "must be a number");
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<std::int64_t> JsonBody::RequiredInteger(const std::string& key) {
  const auto* v = Get(key, true, "a whole number");
  if (v == nullptr) return std::nullopt;
  return Integer(key, *v);
}

std::optional<std::int64_t> JsonBody::Integer(const std::string& key, const nlohmann::json& v) {
  if (!v.is_number_integer()) {
    AddProblem(key, "must be a whole number");
    return std::nullopt;
  }
  auto i = core::IntegerIn(v, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  if (!i) AddProblem(key, "is too large");
  return i;
}

std::optional<std::int64_t> JsonBody::OptionalInteger(const std::string& key) {
  const auto* v = Get(key, false, "a whole number");
  if (v == nullptr) return std::nullopt;
  return Integer(key, *v);
}

std::optional<std::vector<std::int64_t>> JsonBody::RequiredIdList(const std::string& key, std::size_t max_items,
                                                                 const std::string& what) {
  const auto* list = RequiredArray(key, max_items);
  if (list == nullptr) return std::nullopt;
  if (list->empty()) {
    AddProblem(key, "must name at least one " + what);
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto id = core::IntegerIn((*list)[i], 1, std::numeric_limits<std::int64_t>::max());
    if (!id) {
      AddProblem(key + "[" + std::to_string(i) + "]", "must be the id of a " + what);
      return std::nullopt;
    }
    out.push_back(*id);
  }
  return out;
}

std::optional<std::vector<std::string>> JsonBody::OptionalStringList(const std::string& key, std::size_t max_bytes,
                                                                     std::size_t max_items) {
  const auto* v = Get(key, false, "a list of strings");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    AddProblem(key, "must be a list of at most " + std::to_string(max_items) + " strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > max_bytes) {
      AddProblem(key + "[" + std::to_string(i) + "]", "must be a non-empty string of at most " +
                                                          std::to_string(max_bytes) + " bytes");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<bool> JsonBody::OptionalBool(const std::string& key) {
  const auto* v = Get(key, false, "true or false");
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    AddProblem(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

JsonBody JsonBody::Nested(const nlohmann::json& object, const std::string& prefix) {
  return JsonBody(nullptr, &object, prefix);
}

void JsonBody::AddProblem(const std::string& field, const std::string& message) {
  problems_.push_back({prefix_.empty() ? field : prefix_ + "." + field, message});
}

void JsonBody::AddUnknownFields() {
  for (const auto& [key, value] : json_->items()) {
    if (!seen_.contains(key)) AddProblem(key, "is not a known field");
  }
}

void JsonBody::FinishInto(JsonBody& parent) {
  AddUnknownFields();
  for (auto& p : problems_) parent.problems_.push_back(std::move(p));
  problems_.clear();
}

core::Result<void> JsonBody::Finish() {
  AddUnknownFields();
  if (problems_.empty()) return core::Ok();
  core::Error e = core::InvalidArgument(problems_[0].message, problems_[0].field);
  if (problems_.size() > 1) e.details = problems_;
  return e;
}

}  // namespace onegrid::api
