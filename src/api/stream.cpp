#include "api/stream.hpp"

#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>

#include "api/case_view.hpp"
#include "api/routes.hpp"
#include "api/stream_message.hpp"
#include "core/firewall.hpp"

namespace onegrid::api {
namespace {

constexpr auto kSignInWithin = std::chrono::seconds(10);
constexpr int kPageSize = 200;
constexpr int kPagesPerTurn = 20;  // then the other clients get their turn

std::string ReadyMessage(std::int64_t next, std::int64_t head) {
  return nlohmann::json{{"type", "ready"}, {"next", next}, {"head", head}}.dump();
}

}  // namespace

StreamHub::StreamHub(ApiDeps& deps)
    : deps_(deps),
      open_(deps.metrics.GetGauge("onegrid_stream_clients", "WebSocket clients of /api/v1/stream")),
      dropped_(deps.metrics.GetCounter("onegrid_stream_closed_total",
                                       "stream clients the server closed (too slow, signed out, no sign-in)")),
      pump_("og-stream", std::chrono::seconds(1), [this] { Turn(); }) {
  subscription_ = deps_.store.Subscribe([this](const store::Change& change) {
    if (change.topic == "case") Wake();
  });
  pump_.Start();
}

void StreamHub::Post(std::function<void()> job) { pump_.Post(std::move(job)); }

StreamHub::~StreamHub() { Stop(); }

void StreamHub::Stop() {
  std::map<std::int64_t, std::shared_ptr<Client>> gone;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  deps_.store.Unsubscribe(subscription_);
  pump_.Stop();
  {
    std::lock_guard lock(mu_);
    gone.swap(clients_);
  }
  for (auto& [id, c] : gone) c->ws->Close(1001, "the server is stopping");
}

int StreamHub::clients() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(clients_.size());
}

void StreamHub::Wake() {
  {
    std::lock_guard lock(mu_);
    dirty_ = true;
  }
  pump_.Wake();
}

core::Result<net::WebSocketHandler> StreamHub::Open(const net::Request& request) {
  OG_RETURN_IF_ERROR(OnlyParams(request, {"after"}));
  {
    std::lock_guard lock(mu_);
    if (stopping_) return core::Unavailable("the server is stopping");
  }
  auto client = std::make_shared<Client>();
  OG_ASSIGN_OR_RETURN(auto after, FeedAfter(request));
  client->next = after.value_or(-1);  // -1: from the newest number
  if (auto header = request.Header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (header->size() <= kBearer.size() || header->substr(0, kBearer.size()) != kBearer) {
      return core::Unauthenticated("the Authorization header must be \"Bearer <token>\"");
    }
    client->token = std::string(header->substr(kBearer.size()));
    OG_ASSIGN_OR_RETURN(auto who, deps_.auth.Authenticate(client->token));
    client->who = std::move(who);
  }
  client->opened_at = std::chrono::steady_clock::now();
  std::int64_t id;
  {
    std::lock_guard lock(mu_);
    id = ++next_id_;
  }
  net::WebSocketHandler h;
  h.opened = [this, id, client](const std::shared_ptr<net::WebSocket>& ws) {
    {
      std::lock_guard lock(mu_);
      client->ws = ws;
      if (stopping_) {
        ws->Close(1001, "the server is stopping");
        return;
      }
      clients_[id] = client;
      dirty_ = true;
    }
    pump_.Wake();
  };
  h.received = [this, id](const std::shared_ptr<net::WebSocket>&, std::string text) { Received(id, text); };
  h.closed = [this, id] {
    std::lock_guard lock(mu_);
    clients_.erase(id);
  };
  return h;
}

void StreamHub::Received(std::int64_t id, const std::string& text) {
  std::shared_ptr<Client> c;
  {
    std::lock_guard lock(mu_);
    auto it = clients_.find(id);
    if (it == clients_.end()) return;
    c = it->second;
    if (!c->token.empty()) return;  // signed in: nothing more is expected from the client
  }
  auto token = ParseStreamSignIn(text);
  if (!token) {
    c->ws->Close(1008, R"(the first message must be {"token": "<token>"})");
    return;
  }
  {
    std::lock_guard lock(mu_);
    c->token = std::move(*token);
    dirty_ = true;
  }
  pump_.Wake();
}

void StreamHub::Turn() {
  std::vector<std::pair<std::int64_t, std::shared_ptr<Client>>> turn;
  std::vector<std::string> tokens;
  bool changed = false;  // a case changed, or a client came or signed in
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    changed = dirty_;
    dirty_ = false;
    for (const auto& [id, c] : clients_) {
      turn.emplace_back(id, c);
      tokens.push_back(c->token);
    }
  }
  for (std::size_t i = 0; i < turn.size(); ++i) {
    auto& [id, c] = turn[i];
    std::string why;
    // One client that cannot be served (a throw while reading or writing its feed) is closed;
    // the others are served in this same turn.
    auto served = core::RunGuarded("stream", [&] { why = Serve(*c, tokens[i], changed); });
    if (!served) {
      c->ws->Close(1011, "server error");
      why = "server error";
    }
    if (!why.empty()) {
      spdlog::info("stream client {} ({}) closed: {}", id, c->who ? c->who->user.username : "-", why);
      dropped_->Add();
      std::lock_guard lock(mu_);
      clients_.erase(id);
    }
  }
  std::lock_guard lock(mu_);
  open_->Set(static_cast<double>(clients_.size()));
}

std::string StreamHub::Serve(Client& c, const std::string& token, bool changed) {
  if (token.empty()) {
    if (std::chrono::steady_clock::now() - c.opened_at < kSignInWithin) return {};
    c.ws->Close(1008, "sign in within 10 s: send {\"token\": \"<token>\"} or an Authorization header");
    return "no sign-in within 10 s";
  }
  // Signed in, and still: a session that ended (signed out, expired, user disabled) ends the stream.
  auto who = deps_.auth.Authenticate(token);
  if (!who) {
    c.ws->Close(1008, "not signed in: " + who.error().message);
    return "not signed in: " + who.error().message;
  }
  if (who->user.must_change_password) {
    c.ws->Close(1008, "your password was reset by an administrator: choose a new one first");
    return "password to be changed";
  }
  c.who = std::move(*who);
  const accounts::User& user = c.who->user;
  if (!c.ready) {
    auto head = deps_.store.feed().After(0, 0);
    if (!head) return {};  // the database will answer later; the client waits
    if (c.next < 0) c.next = head->head;
    if (!c.ws->Send(ReadyMessage(c.next, head->head))) return "gone";
    c.ready = true;
  }
  // The feed only grows with case changes, and every one wakes the pump: a quiet turn (the
  // once-a-second session check) reads it only for a client left behind by the last turn.
  if (changed) c.behind = true;
  if (!c.behind) return {};
  auto map = deps_.areas.map();
  for (int page = 0; page < kPagesPerTurn; ++page) {
    auto view = deps_.cases.Feed(user, c.next, kPageSize);
    if (!view) {
      spdlog::warn("stream for {}: {}", user.username, view.error().message);
      return {};  // tried again at the next turn
    }
    for (const auto& item : view->items) {
      rapidjson::StringBuffer buf;
      JsonOut w(buf);
      WriteFeedItem(w, item, deps_, user, *map, [](JsonOut& out) { Field(out, "type", "event"); });
      if (!c.ws->Send(std::string(buf.GetString(), buf.GetSize()))) return "too slow or gone";
    }
    const bool moved = view->next > c.next;
    c.next = view->next;
    if (!moved || c.next >= view->head) {
      c.behind = false;
      break;
    }
  }
  return {};
}

}  // namespace onegrid::api
