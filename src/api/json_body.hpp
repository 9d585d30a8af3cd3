// Strict reading of JSON request bodies: the body must be a JSON object sent as
// application/json; each field is read with its expected type; fields the route does not know
// are errors. Problems are collected so that one answer names every bad field (the first in
// "field", all in "details"). Not thread-safe; one per request.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace onegrid::api {

class JsonBody {
 public:
  // kInvalidArgument for a wrong Content-Type, malformed JSON (with the byte offset), or a
  // body that is not an object.
  static core::Result<JsonBody> Parse(const net::Request& request);

  std::optional<std::string> RequiredString(const std::string& key, std::size_t max_bytes);
  std::optional<std::string> OptionalString(const std::string& key, std::size_t max_bytes);
  std::optional<std::vector<nlohmann::json>> RequiredArray(const std::string& key);
  std::optional<nlohmann::json> RequiredObject(const std::string& key);
  std::optional<nlohmann::json> OptionalObject(const std::string& key);
  std::optional<double> RequiredNumber(const std::string& key);  // finite
  std::optional<std::int64_t> RequiredInteger(const std::string& key);
  std::optional<std::int64_t> OptionalInteger(const std::string& key);  // null counts as absent
  std::optional<bool> OptionalBool(const std::string& key);
  // A list of strings, each at most max_bytes, at most max_items of them.
  std::optional<std::vector<std::string>> OptionalStringList(const std::string& key, std::size_t max_bytes,
                                                             std::size_t max_items);

  // A reader for a nested object; its problems are named "<prefix>.<field>".
  static JsonBody Nested(const nlohmann::json& object, const std::string& prefix);
  // Hands this nested reader's problems (unknown fields included) to its parent.
  void FinishInto(JsonBody& parent);
  void AddProblem(const std::string& field, const std::string& message);

  // Adds unknown fields to the problems; returns them as one error, or Ok.
  core::Result<void> Finish();

 private:
  explicit JsonBody(nlohmann::json j, std::string prefix = {})
      : json_(std::move(j)), prefix_(std::move(prefix)) {}
  void AddUnknownFields();
  const nlohmann::json* Get(const std::string& key, bool required, const char* type);

  nlohmann::json json_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::vector<core::ErrorDetail> problems_;
};

}  // namespace onegrid::api
