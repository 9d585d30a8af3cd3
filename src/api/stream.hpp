// GET /api/v1/stream (WebSocket): the case feed pushed live (docs/case-loop.md, "The stream").
// The client signs in with an Authorization header or, from a browser, with a first message
// {"token": "…"}; it may give ?after=N, the last feed number it saw, to resume after a
// reconnect. It then gets {"type": "ready", "next", "head"} and, for every case event after N on
// a case it may see, {"type": "event", "id", "event", "case"} — the items of GET /api/v1/feed,
// in order, each once. One thread pumps every client: woken by each committed case change (of
// this server or, on PostgreSQL, another) and once a second, it reads each client's feed from
// where that client is and sends it; a client that does not take its messages is dropped by the
// server (net::WebSocket::Send), one whose session ended is closed (1008).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/api.hpp"
#include "core/loop_thread.hpp"
#include "net/websocket.hpp"

namespace onegrid::api {

class StreamHub {
 public:
  explicit StreamHub(ApiDeps& deps);
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // An upgrade request to the stream: kInvalidArgument naming a bad parameter, or
  // kUnauthenticated for a bad Authorization header; else the connection's handler.
  core::Result<net::WebSocketHandler> Open(const net::Request& request);
  int clients() const;
  // Stops the pump and closes every client (1001, "the server is stopping"); new ones are
  // refused. Before the HTTP server stops, so that no client outlives it. Idempotent.
  void Stop();
  // Runs `job` on the pump's thread before its next turn.
  void Post(std::function<void()> job);

 private:
  struct Client {
    std::shared_ptr<net::WebSocket> ws;
    std::string token;                      // empty until the first message gives it (under mu_)
    std::optional<service::Principal> who;  // signed in (the pump's)
    std::int64_t next = 0;                   // the last feed number looked at for it
    bool ready = false;                      // "ready" sent
    bool behind = true;                      // its feed is to be read (the pump's)
    std::chrono::steady_clock::time_point opened_at;
  };
  void Received(std::int64_t id, const std::string& text);
  void Turn();  // one turn of the pump over every client
  // Sends the client what came after its `next`; why it was closed, or "" to keep it.
  std::string Serve(Client& c, const std::string& token, bool changed);
  void Wake();

  ApiDeps& deps_;
  core::Gauge* open_;
  core::Counter* dropped_;
  std::int64_t subscription_ = 0;
  mutable std::mutex mu_;
  bool dirty_ = false, stopping_ = false;
  std::int64_t next_id_ = 0;
  std::map<std::int64_t, std::shared_ptr<Client>> clients_;
  core::LoopThread pump_;  // woken by every change and every client's arrival, else once a second
};

}  // namespace onegrid::api
