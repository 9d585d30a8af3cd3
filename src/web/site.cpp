#include "web/site.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sodium.h>

namespace onegrid::web {
namespace {

struct Type {
  std::string_view extension;
  std::string_view content_type;
  bool compress;
};

constexpr std::array kTypes = {
    Type{".html", "text/html; charset=utf-8", true},
    Type{".js", "text/javascript; charset=utf-8", true},
    Type{".mjs", "text/javascript; charset=utf-8", true},
    Type{".css", "text/css; charset=utf-8", true},
    Type{".json", "application/json", true},
    Type{".geojson", "application/geo+json", true},
    Type{".map", "application/json", true},
    Type{".svg", "image/svg+xml", true},
    Type{".txt", "text/plain; charset=utf-8", true},
    Type{".webmanifest", "application/manifest+json", true},
    Type{".ico", "image/x-icon", true},
    Type{".png", "image/png", false},
    Type{".jpg", "image/jpeg", false},
    Type{".webp", "image/webp", false},
    Type{".woff2", "font/woff2", false},
    Type{".woff", "font/woff", false},
};

const Type& TypeOf(const std::filesystem::path& path) {
  static constexpr Type kBinary{"", "application/octet-stream", false};
  std::string ext = path.extension().string();
  for (const auto& t : kTypes) {
    if (t.extension == ext) return t;
  }
  return kBinary;
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

// True when a comma-separated header value lists `token`, case-insensitively, and not with q=0
// ("gzip;q=0" refuses gzip).
bool Lists(std::string_view header, std::string_view token) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  std::size_t pos = 0;
  while (pos <= header.size()) {
    std::size_t end = std::min(header.find(',', pos), header.size());
    std::string_view item = header.substr(pos, end - pos);
    std::size_t semi = std::min(item.find(';'), item.size());
    std::string_view name = trim(item.substr(0, semi));
    bool same = name.size() == token.size();
    for (std::size_t i = 0; same && i < name.size(); ++i) {
      same = std::tolower(static_cast<unsigned char>(name[i])) == token[i];
    }
    std::string_view params = trim(item.substr(semi));
    bool refused = false;
    if (auto q = params.find("q="); q != std::string_view::npos) {
      std::string weight(params.substr(q + 2));
      refused = std::strtod(weight.c_str(), nullptr) <= 0.0;
    }
    if (same && !refused) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

std::string Gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

core::Result<std::unique_ptr<Site>> Site::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "index.html", ec)) {
    return core::NotFound("no web console at " + dir.string() +
                              " (index.html missing): build it with `make build`",
                          "web.path");
  }
  std::unique_ptr<Site> site(new Site());
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) return core::Internal("cannot read " + it->path().string());
    File file;
    const Type& type = TypeOf(it->path());
    file.content_type = std::string(type.content_type);
    file.body = std::move(body).str();
    if (type.compress && file.body.size() > 256) {
      std::string z = Gzip(file.body);
      if (!z.empty() && z.size() < file.body.size() * 9 / 10) file.gzip = std::move(z);
    }
    std::array<unsigned char, 16> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(file.body.data()),
                       file.body.size(), nullptr, 0);
    file.etag = "\"" + Hex(hash.data(), hash.size()) + "\"";
    std::string url = "/" + std::filesystem::relative(it->path(), dir).generic_string();
    file.immutable = url.rfind("/assets/", 0) == 0;
    site->bytes_ += file.body.size();
    site->files_.emplace(std::move(url), std::move(file));
  }
  if (ec) return core::Internal("cannot list " + dir.string() + ": " + ec.message());
  return site;
}

std::optional<net::Response> Site::Serve(const net::Request& request) const {
  const std::string& path = request.path;
  if (path.find("/..") != std::string::npos) return std::nullopt;
  auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it != files_.end()) return Answer(it->second, request);
  // A console route (history mode): the last segment names no file.
  std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return std::nullopt;
  return Answer(files_.at("/index.html"), request);
}

net::Response Site::Answer(const File& file, const net::Request& request) const {
  net::Response res;
  res.content_type = file.content_type;
  res.headers.emplace_back("ETag", file.etag);
  res.headers.emplace_back("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (!file.gzip.empty()) res.headers.emplace_back("Vary", "Accept-Encoding");
  if (file.content_type.rfind("text/html", 0) == 0) {
    // The console talks only to this server (its API and stream); map tiles may come from a
    // configured tile server, hence https: images.
    res.headers.emplace_back("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data: blob: https:; "
                             "style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; "
                             "frame-ancestors 'none'");
  }
  if (auto match = request.Header("If-None-Match"); match && Lists(*match, file.etag)) {
    res.status = 304;
    return res;
  }
  auto accept = request.Header("Accept-Encoding");
  if (!file.gzip.empty() && accept && Lists(*accept, "gzip")) {
    res.headers.emplace_back("Content-Encoding", "gzip");
    res.body = file.gzip;
  } else {
    res.body = file.body;
  }
  return res;
}

}  // namespace onegrid::web
