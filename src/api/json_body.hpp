// Strict reading of JSON request bodies: the body must be a JSON object sent as
// application/json, read by core::ParseJson (UTF-8, at most 64 levels deep, no name twice,
// finite numbers); each field is read with its expected type; fields the route does not know
// are errors; arrays have a maximum. Problems are collected so that one answer names every bad
// field (the first in "field", all in "details"). Readers of nested objects and the objects and
// arrays handed out borrow from the parsed body, which must outlive them: nothing of a request's
// tree is copied. Not thread-safe; one per request.
#pragma once

#include <cstdint>
#include <memory>
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
  // kInvalidArgument for a wrong Content-Type, malformed JSON (with the byte offset), a tree
  // too deep (naming the field), or a body that is not an object.
  static core::Result<JsonBody> Parse(const net::Request& request);
  // The same checks, and the object itself: for a route that hands a whole document to a
  // service, which reads every field of it.
  static core::Result<nlohmann::json> ParseDocument(const net::Request& request);
  // kInvalidArgument unless the body is sent as Content-Type: application/json.
  static core::Result<void> CheckContentType(const net::Request& request);

  std::optional<std::string> RequiredString(const std::string& key, std::size_t max_bytes);
  std::optional<std::string> OptionalString(const std::string& key, std::size_t max_bytes);
  // An array of at most max_items values (more: a problem naming the field).
  const nlohmann::json* RequiredArray(const std::string& key, std::size_t max_items);
  const nlohmann::json* RequiredObject(const std::string& key);
  const nlohmann::json* OptionalObject(const std::string& key);
  std::optional<double> RequiredNumber(const std::string& key);  // finite
  std::optional<std::int64_t> RequiredInteger(const std::string& key);
  std::optional<std::int64_t> OptionalInteger(const std::string& key);  // null counts as absent
  std::optional<bool> OptionalBool(const std::string& key);
  // A non-empty list of at most max_items ids (whole numbers from 1); a bad one is named "key[i]".
  std::optional<std::vector<std::int64_t>> RequiredIdList(const std::string& key, std::size_t max_items,
                                                         const std::string& what);
  // A list of strings, each at most max_bytes, at most max_items of them.
  std::optional<std::vector<std::string>> OptionalStringList(const std::string& key, std::size_t max_bytes,
                                                             std::size_t max_items);

  // A reader for a nested object (borrowed); its problems are named "<prefix>.<field>".
  static JsonBody Nested(const nlohmann::json& object, const std::string& prefix);
  // Hands this nested reader's problems (unknown fields included) to its parent.
  void FinishInto(JsonBody& parent);
  void AddProblem(const std::string& field, const std::string& message);

  // Adds unknown fields to the problems; returns them as one error, or Ok.
  core::Result<void> Finish();

 private:
  JsonBody(std::unique_ptr<nlohmann::json> owned, const nlohmann::json* json, std::string prefix)
      : owned_(std::move(owned)), json_(json), prefix_(std::move(prefix)) {}
  void AddUnknownFields();
  const nlohmann::json* Get(const std::string& key, bool required, const char* type);
  std::optional<std::int64_t> Integer(const std::string& key, const nlohmann::json& v);

  std::unique_ptr<nlohmann::json> owned_;  // the parsed body (null for a nested reader)
  const nlohmann::json* json_;             // the object read: *owned_ or a part of a parent's
  std::string prefix_;
  std::set<std::string> seen_;
  std::vector<core::ErrorDetail> problems_;
};

}  // namespace onegrid::api
