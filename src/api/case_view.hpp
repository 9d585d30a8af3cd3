// The case as the API shows it, written straight into the response text with RapidJSON's
// streaming writer: a list of 50 cases built as nlohmann trees spent over 40 % of the list's CPU
// in allocating, filling and freeing the trees (bench/README.md). Trees stay for the small
// and rare bodies; payloads of events, which are trees already, are written through as text.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/api.hpp"
#include "areas/area_map.hpp"
#include "cases/case.hpp"
#include "net/http_message.hpp"

namespace onegrid::api {

using JsonOut = rapidjson::Writer<rapidjson::StringBuffer>;

// Small helpers over the writer.
void Text(JsonOut& w, std::string_view s);
void Field(JsonOut& w, std::string_view key, std::string_view value);
void TextOrNull(JsonOut& w, std::string_view s);  // null when empty
void WriteJson(JsonOut& w, const nlohmann::json& j);  // a tree, as it is

// One case object: every field of the view, the caller's actions on it, and then whatever
// `more` writes (e.g. the history of the single view) before the object closes.
void WriteCase(JsonOut& w, const cases::Case& c, const ApiDeps& deps, const accounts::User& user,
               const areas::AreaMap& map, const std::function<void(JsonOut&)>& more = nullptr);
void WriteEvent(JsonOut& w, const cases::Event& e);
// One item of the case feed, {id, event, case} (GET /api/v1/feed, the stream), after the
// fields `more` writes first.
void WriteFeedItem(JsonOut& w, const store::FeedItem& item, const ApiDeps& deps, const accounts::User& user,
                   const areas::AreaMap& map, const std::function<void(JsonOut&)>& more = nullptr);

// A response whose body is the buffer's text.
net::Response WrittenResponse(int status, const rapidjson::StringBuffer& body);

}  // namespace onegrid::api
