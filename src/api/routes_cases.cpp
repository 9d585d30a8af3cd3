// POST /api/v1/cases (intake), GET /api/v1/cases, GET /api/v1/cases/{id} (with history),
// POST /api/v1/cases/{id}/actions/{action}, GET /api/v1/feed, GET /api/v1/categories.
#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "api/case_requests.hpp"
#include "api/case_view.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/multipart.hpp"
#include "api/routes.hpp"
#include "core/sha256.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "media/image.hpp"

namespace onegrid::api {
namespace {

using nlohmann::json;

// A phone's file name may be long (162 Chinese characters, 486 bytes); the log keeps its start.
constexpr std::size_t kMaxFilenameBytes = 200;

core::Result<std::int64_t> CaseId(const RouteContext& ctx) {
  const auto& text = ctx.params.at("id");
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id < 1) {
    return core::InvalidArgument("must be a case id (a whole number)", "id");
  }
  return id;
}

}  // namespace

std::function<std::size_t(const std::string&, const std::string&)> UploadBodyLimit(std::size_t max_file) {
  // Room for the file plus the multipart framing and a note.
  return [max_file](const std::string& method, const std::string& target) -> std::size_t {
    if (method != "POST") return 0;
    auto q = target.find('?');
    std::string_view path = std::string_view(target).substr(0, q);
    return path.starts_with("/api/v1/cases/") && path.ends_with("/attachments") ? max_file + (64 << 10) : 0;
  };
}

void AddCaseRoutes(Router& router, ApiDeps& deps) {
  router.Add({"POST", "/api/v1/cases", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto request, ParseIntake(ctx.request));
                if (auto key = ctx.request.Header("Idempotency-Key")) {
                  if (key->empty() || key->size() > 128) {
                    return core::InvalidArgument("must be 1 to 128 characters", "Idempotency-Key");
                  }
                  OG_RETURN_IF_ERROR(core::CheckUtf8(*key, "Idempotency-Key"));
                  request.idempotency_key = std::string(*key);
                  request.request_hash = core::Sha256Hex(ctx.request.body);
                }
                OG_ASSIGN_OR_RETURN(auto created, deps.cases.Intake(ctx.principal->user, request));
                // A retry with the same key gets the first answer again, marked as a replay.
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                WriteCase(w, created.value, deps, ctx.principal->user, *deps.areas.map());
                auto r = WrittenResponse(201, buf);
                r.headers.emplace_back("Location", "/api/v1/cases/" + std::to_string(created.value.id));
                if (created.replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
                return r;
              }});
  router.Add({"GET", "/api/v1/cases", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(auto filter, ParseCaseFilter(ctx.request, deps.clock.Now()));
                int limit = filter.limit;
                filter.limit = limit + 1;
                OG_ASSIGN_OR_RETURN(auto list, deps.cases.List(ctx.principal->user, filter));
                auto map = deps.areas.map();
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                w.StartObject();
                w.Key("items");
                w.StartArray();
                for (size_t i = 0; i < list.size() && i < static_cast<size_t>(limit); ++i) {
                  WriteCase(w, list[i], deps, ctx.principal->user, *map);
                }
                w.EndArray();
                w.Key("next_cursor");
                if (list.size() > static_cast<size_t>(limit)) {
                  const auto& last = list[static_cast<size_t>(limit) - 1];
                  Text(w, std::to_string(last.created_at.time_since_epoch().count()) + "." + std::to_string(last.id));
                } else {
                  w.Null();
                }
                w.EndObject();
                return WrittenResponse(200, buf);
              }});
  // The case feed: events after a feed number, on the cases the caller may see, each with the
  // case as it is now; `next` resumes after what was passed over (docs/api-cases.md).
  router.Add({"GET", "/api/v1/feed", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_RETURN_IF_ERROR(OnlyParams(ctx.request, {"after", "limit"}));
                OG_ASSIGN_OR_RETURN(int limit, ParseLimit(ctx.request));
                OG_ASSIGN_OR_RETURN(auto given, FeedAfter(ctx.request));
                std::int64_t after = 0;
                if (given) {
                  after = *given;
                } else {  // from the newest: nothing before it
                  OG_ASSIGN_OR_RETURN(auto head, deps.store.feed().After(0, 0));
                  after = head.head;
                }
                OG_ASSIGN_OR_RETURN(auto view, deps.cases.Feed(ctx.principal->user, after, limit));
                auto map = deps.areas.map();
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                w.StartObject();
                w.Key("items");
                w.StartArray();
                for (const auto& item : view.items) WriteFeedItem(w, item, deps, ctx.principal->user, *map);
                w.EndArray();
                w.Key("next");
                w.Int64(view.next);
                w.Key("head");
                w.Int64(view.head);
                w.EndObject();
                return WrittenResponse(200, buf);
              }});
  router.Add({"GET", "/api/v1/cases/{id}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(std::int64_t id, CaseId(ctx));
                OG_ASSIGN_OR_RETURN(auto c, deps.cases.Get(ctx.principal->user, id));
                OG_ASSIGN_OR_RETURN(auto events, deps.cases.History(ctx.principal->user, id));
                // Whoever may dispatch it is shown where the rules would send it.
                auto actions = deps.cases.ActionsFor(ctx.principal->user, c);
                json suggestion = nullptr;
                if (std::find(actions.begin(), actions.end(), "dispatch") != actions.end()) {
                  OG_ASSIGN_OR_RETURN(auto s, deps.routing.Suggest(c));
                  suggestion = RoutingSuggestionJson(s);
                }
                // The cases merged into this one as its duplicates, those in the caller's scope.
                OG_ASSIGN_OR_RETURN(auto followers, deps.store.cases().Followers(c.id));
                json duplicates = json::array();
                for (auto follower_id : followers) {
                  auto f = deps.cases.Get(ctx.principal->user, follower_id);
                  if (f) duplicates.push_back({{"id", f->id}, {"number", f->number}, {"state", cases::StateName(f->state)}});
                }
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                WriteCase(w, c, deps, ctx.principal->user, *deps.areas.map(), [&](JsonOut& out) {
                  if (!suggestion.is_null()) {
                    out.Key("routing_suggestion");
                    WriteJson(out, suggestion);
                  }
                  out.Key("duplicates");
                  WriteJson(out, duplicates);
                  out.Key("history");
                  out.StartArray();
                  for (const auto& e : events) WriteEvent(out, e);
                  out.EndArray();
                });
                return WrittenResponse(200, buf);
              }});
  router.Add({"POST", "/api/v1/cases/{id}/actions/{action}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(std::int64_t id, CaseId(ctx));
                OG_ASSIGN_OR_RETURN(auto a, ParseAction(ctx.request, ctx.params.at("action")));
                OG_ASSIGN_OR_RETURN(auto c, deps.cases.Act(ctx.principal->user, id, a));
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                WriteCase(w, c, deps, ctx.principal->user, *deps.areas.map());
                return WrittenResponse(200, buf);
              }});
  router.Add({"POST", "/api/v1/cases/{id}/attachments", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                OG_ASSIGN_OR_RETURN(std::int64_t id, CaseId(ctx));
                auto type = ctx.request.Header("Content-Type");
                OG_ASSIGN_OR_RETURN(auto parts, ParseMultipart(type.value_or(""), ctx.request.body));
                service::AttachmentRequest a;
                int files = 0;
                for (const auto& p : parts) {
                  if (p.name == "file") {
                    ++files;
                    a.bytes = std::string(p.data);
                    a.filename = std::string(core::CutUtf8(p.filename, kMaxFilenameBytes));
                  } else if (p.name == "note") {
                    if (p.data.size() > 2000) return core::InvalidArgument("must be at most 2000 bytes", "note");
                    OG_RETURN_IF_ERROR(core::CheckUtf8(p.data, "note"));
                    a.note = std::string(p.data);
                  } else {
                    return core::InvalidArgument("is not a known field", p.name);
                  }
                }
                if (files != 1) return core::InvalidArgument("send exactly one file part named \"file\"", "file");
                if (a.bytes.size() > deps.attachment_max_bytes) {
                  return core::Error{core::ErrorCode::kPayloadTooLarge,
                                     "is larger than " + std::to_string(deps.attachment_max_bytes) + " bytes",
                                     "file", {}};
                }
                if (a.bytes.empty()) return core::InvalidArgument("is empty", "file");
                OG_ASSIGN_OR_RETURN(auto done, deps.cases.Attach(ctx.principal->user, id, std::move(a)));
                json attached = {{"sha256", done.second.sha256},
                                 {"content_type", done.second.content_type},
                                 {"size", done.second.size},
                                 {"gps_removed", done.second.gps_removed},
                                 {"metadata_removed", done.second.metadata_removed},
                                 {"url", "/api/v1/media/" + done.second.sha256}};
                rapidjson::StringBuffer buf;
                JsonOut w(buf);
                WriteCase(w, done.first, deps, ctx.principal->user, *deps.areas.map(), [&](JsonOut& out) {
                  out.Key("attached");
                  WriteJson(out, attached);
                });
                auto r = WrittenResponse(201, buf);
                r.headers.emplace_back("Location", "/api/v1/media/" + done.second.sha256);
                return r;
              }});
  router.Add({"GET", "/api/v1/media/{sha256}", Access::kSignedIn,
              [&deps](RouteContext& ctx) -> core::Result<net::Response> {
                // Checked on every request: whoever may no longer see a case holding the photo
                // (a unit the case was taken from) no longer gets it, so a browser keeps it only
                // to revalidate (no-cache), answered 304 while the user may still see it.
                const auto& sha = ctx.params.at("sha256");
                OG_RETURN_IF_ERROR(deps.cases.MayFetchMedia(ctx.principal->user, sha));
                net::Response r;
                std::string etag = "\"" + sha + "\"";
                r.headers.emplace_back("Cache-Control", "private, no-cache");
                r.headers.emplace_back("ETag", etag);
                r.headers.emplace_back("X-Content-Type-Options", "nosniff");
                if (auto match = ctx.request.Header("If-None-Match"); match && match->find(etag) != std::string_view::npos) {
                  r.status = 304;
                  r.content_type.clear();
                  return r;
                }
                OG_ASSIGN_OR_RETURN(auto bytes, deps.store.media().Get(sha));
                auto type = media::DetectImageType(bytes);
                r.content_type = type ? std::string(media::ContentType(*type)) : "application/octet-stream";
                r.body = std::move(bytes);
                return r;
              }});
  router.Add({"GET", "/api/v1/categories", Access::kSignedIn,
              [](RouteContext& ctx) -> core::Result<net::Response> {
                std::optional<cases::CategoryKind> kind;
                for (const auto& [k, v] : ctx.request.query) {
                  if (k != "kind") return core::InvalidArgument("is not a known parameter", k);
                  kind = cases::ParseCategoryKind(v);
                  if (!kind) return core::InvalidArgument("must be component or matter", "kind");
                }
                json items = json::array();
                for (const auto& c : cases::Categories()) {
                  if (kind && c.kind != *kind) continue;
                  items.push_back({{"kind", cases::CategoryKindName(c.kind)},
                                   {"code", c.code},
                                   {"major_code", c.major_code},
                                   {"major_name", c.major_name},
                                   {"name", c.name}});
                }
                return JsonResponse(200, {{"items", items}});
              }});
}

}  // namespace onegrid::api
