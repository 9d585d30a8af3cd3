// The case loop's use cases: intake (validate, locate on the map, number, first event), actions
// (the workflow table, the caller's role and scope, the expected version — all decided inside
// the write transaction) and scoped queries. Scope rules (docs/access.md): a unit_staff grant
// is scoped to a unit and covers the cases currently with that unit; every other grant is
// scoped to an area and covers the cases located in it (any level of the case's area chain).
// A case outside every grant of the caller does not exist for them (kNotFound); inside, an
// action their roles there do not allow is kPermissionDenied. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/user.hpp"
#include "cases/case.hpp"
#include "core/clock.hpp"
#include "geo/crs.hpp"
#include "service/area_service.hpp"
#include "service/deadlines.hpp"
#include "service/routing_service.hpp"
#include "store/store.hpp"

namespace onegrid::service {

struct IntakeRequest {
  cases::Kind kind = cases::Kind::kEvent;
  std::string category_code;
  std::string description;
  geo::LonLat location;
  geo::Crs crs = geo::Crs::kWgs84;
  std::string address;
  cases::Urgency urgency = cases::Urgency::kNormal;
  cases::Source source = cases::Source::kGridWorker;
  std::string reporter_name, reporter_phone;
  std::optional<std::string> idempotency_key;
  std::string request_hash;  // of the request body, for the idempotency check
};

struct ActionRequest {
  std::string action;
  std::int64_t expected_version = 0;
  std::string note;
  std::string unit_code;  // dispatch
  std::optional<core::Instant> deadline;  // request_extension, approve_extension
  std::int64_t master_id = 0;             // merge: the case this one duplicates
  std::vector<std::string> assist_units;  // dispatch: the assisting units (协办)
  std::string assist_waived;              // feedback: why the lead did not wait for them
  std::vector<std::string> units;         // whistle: the departments called
  std::string checkin_limit;              // whistle: e.g. "2wh" (default) or "30m"
  int call = 0;                           // check_in, whistle_report, close_whistle
};

struct AttachmentRequest {
  std::string bytes;
  std::string filename;
  std::string note;
};

struct AttachedFile {
  std::string sha256;
  std::string content_type;
  std::size_t size = 0;
  bool gps_removed = false;
  int metadata_removed = 0;  // XMP, comment and text blocks dropped (media::DropTextMetadata)
};

class CaseService {
 public:
  CaseService(store::Store& store, AreaService& areas, Deadlines& deadlines, RoutingService& routing,
              const core::Clock& clock, bool keep_gps = false)
      : store_(store), areas_(areas), deadlines_(deadlines), routing_(routing), clock_(clock), keep_gps_(keep_gps) {}

  // Stores a photo (JPEG, PNG or WebP by its bytes; GPS blanked unless configured) and records
  // it in an "attach" event. Anyone with a role over the case may attach until it is finished.
  core::Result<std::pair<cases::Case, AttachedFile>> Attach(const accounts::User& user,
                                                            std::int64_t id,
                                                            AttachmentRequest request);

  // kOutOfRange (field "location") outside the district; kPermissionDenied outside the caller's
  // scope or for a role that does not take in cases.
  core::Result<store::CreatedCase> Intake(const accounts::User& user, const IntakeRequest& request);
  // A workflow action, or "remind" (催办: a notice to those who must act now, by a leader, shift
  // lead or dispatcher over the case). A registration whose routing rule says so is dispatched
  // at once to the rule's lead unit, by the system, in an event of its own (the case returned
  // is then the dispatched one); if that dispatch fails the case stays registered for the
  // dispatcher, and the registration stands.
  core::Result<cases::Case> Act(const accounts::User& user, std::int64_t id,
                                const ActionRequest& request);
  core::Result<cases::Case> Get(const accounts::User& user, std::int64_t id);
  core::Result<std::vector<cases::Event>> History(const accounts::User& user, std::int64_t id);
  // Whether the user may fetch the attached file with this hash: only if they may see, now, at
  // least one case that holds it (one of the newest kMediaHolders of them). kInvalidArgument
  // (field "sha256") for a malformed hash; kNotFound otherwise, as for a file that is not there.
  static constexpr int kMediaHolders = 100;
  core::Result<void> MayFetchMedia(const accounts::User& user, const std::string& sha256);
  // Applies the caller's scope to the filter.
  core::Result<std::vector<cases::Case>> List(const accounts::User& user, store::CaseFilter filter);

  // The case events after feed number `after` on cases the caller may see now, at most `limit`,
  // oldest first; `next` is where to go on from (the last number looked at: events outside the
  // caller's scope are passed over, at most kFeedScan of them per call, so a call is bounded and
  // `items` may be empty while `next` < `head`). kInvalidArgument (field "after") below 0.
  static constexpr int kFeedScan = 2000;
  struct FeedView {
    std::vector<store::FeedItem> items;
    std::int64_t next = 0, head = 0;
  };
  core::Result<FeedView> Feed(const accounts::User& user, std::int64_t after, int limit);

  // The duplicate candidates this user may be shown (those inside their areas).
  std::vector<cases::DuplicateCandidate> VisibleCandidates(const accounts::User& user, const cases::Case& c) const;

  // The actions this user may take on this case now.
  std::vector<std::string_view> ActionsFor(const accounts::User& user, const cases::Case& c) const;
  bool Visible(const accounts::User& user, const cases::Case& c) const;

 private:
  core::Result<cases::Case> AutoDispatch(const cases::Case& registered);
  // What counts as a duplicate of a new case under the rules in force (case_merge.cpp).
  store::NearbyQuery DuplicateQuery(const cases::Case& c, core::Instant now) const;
  // Merges the case into req.master_id as its duplicate, or undoes that (case_merge.cpp).
  core::Result<cases::Case> Merge(const accounts::User& user, std::int64_t id, const ActionRequest& req);
  core::Result<cases::Case> Unmerge(const accounts::User& user, std::int64_t id, const ActionRequest& req);
  // The role the user merges in over this case, if any (intake operator, shift lead, dispatcher).
  std::optional<accounts::Role> MergeRole(const accounts::User& user, const cases::Case& c) const;
  core::Result<cases::Case> Remind(const accounts::User& user, std::int64_t id, const ActionRequest& request);
  // An event by `user` acting as `as` that leaves the case in its state (attach, remind).
  cases::Event SameStateEvent(const accounts::User& user, accounts::Role as, const cases::Case& c,
                              std::string_view action, const std::string& note) const;
  static core::Result<void> CheckVersion(const ActionRequest& req, const cases::Case& c);  // kAborted
  static core::Result<void> NotFollowing(const cases::Case& c);  // kFailedPrecondition for a follower
  // 协办 and 吹哨报到: assist_report, whistle, check_in, whistle_report, close_whistle
  // (case_coordination.cpp); and the checks dispatch and feedback make of their parts.
  core::Result<cases::Case> Coordinate(const accounts::User& user, std::int64_t id, const ActionRequest& req);
  core::Result<void> CheckAssistUnits(const ActionRequest& req) const;
  static core::Result<void> CheckFeedback(const ActionRequest& req, const cases::Case& c);
  // Unit roles the user holds over the case as an assisting or called unit.
  std::vector<std::pair<accounts::Role, std::string>> PartyRoles(const accounts::User& user, const cases::Case& c) const;
  // The roles the user holds over this case (grants whose scope covers it).
  std::vector<accounts::Role> RolesOver(const accounts::User& user, const cases::Case& c) const;

  store::Store& store_;
  AreaService& areas_;
  Deadlines& deadlines_;
  RoutingService& routing_;
  const core::Clock& clock_;
  bool keep_gps_;
};

}  // namespace onegrid::service
