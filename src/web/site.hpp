// The web console's files (Vite's build of web/, see web/README.md), served by onegrid at `/`.
// Read once at start from a directory into memory; each file keeps its gzip form (when that is
// smaller) and an ETag of its content. Serving is a lookup: no file system access per request.
//
// What a request for a path outside the API gets:
// - a file of the build: the file, gzip-encoded when the client accepts it (Vary:
//   Accept-Encoding), 304 when If-None-Match names its ETag; Vite's content-hashed files under
//   /assets/ are cached for a year (immutable), everything else is revalidated (no-cache);
// - a path without a file extension (a console route such as /cases/12, history mode): index.html;
// - anything else: nothing (the API answers 404 in its error model).
// Immutable after Load; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace onegrid::web {

class Site {
 public:
  // Every regular file under `dir`. NotFound (field web.path) when `dir` holds no index.html.
  static core::Result<std::unique_ptr<Site>> Load(const std::filesystem::path& dir);

  // The answer to a GET of `request.path`, or nullopt when the site has nothing there.
  std::optional<net::Response> Serve(const net::Request& request) const;

  std::size_t files() const { return files_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty when compressing would not pay
    std::string etag;  // "\"<hex of a content hash>\""
    bool immutable = false;
  };

  net::Response Answer(const File& file, const net::Request& request) const;

  std::unordered_map<std::string, File> files_;  // by URL path, "/index.html"
  std::size_t bytes_ = 0;
};

// The gzip member (RFC 1952) of `data` at the best compression.
std::string Gzip(std::string_view data);

}  // namespace onegrid::web
