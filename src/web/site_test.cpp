#include "web/site.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace onegrid::web {
namespace {

namespace fs = std::filesystem;

std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string HeaderOf(const net::Response& r, std::string_view name) {
  auto v = net::FindHeader(r.headers, name);
  return v ? std::string(*v) : std::string("(none)");
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onegrid_site_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "assets");
    html_ = "<!doctype html><title>onegrid</title>" + std::string(2000, ' ') + "<div id=app></div>";
    Write("index.html", html_);
    script_.clear();
    for (int i = 0; i < 200; ++i) script_ += "console.log('line " + std::to_string(i) + "');\n";
    Write("assets/index-3f9a1c.js", script_);
    Write("assets/logo-77aa.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(1000, 'x'));
    Write("favicon.svg", "<svg/>");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }

  static net::Request Get(std::string path, net::Headers headers = {}) {
    net::Request r;
    r.method = "GET";
    r.target = path;
    r.path = std::move(path);
    r.headers = std::move(headers);
    return r;
  }

  fs::path dir_;
  std::string html_, script_;
};

TEST_F(SiteTest, ServesTheBuildsFilesWithTheirTypes) {
  auto site = Site::Load(dir_);
  ASSERT_TRUE(site) << site.error().message;
  EXPECT_EQ((*site)->files(), 4u);
  auto index = (*site)->Serve(Get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index->body, html_);
  EXPECT_EQ(HeaderOf(*index, "Cache-Control"), "no-cache");
  EXPECT_NE(HeaderOf(*index, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  auto script = (*site)->Serve(Get("/assets/index-3f9a1c.js"));
  ASSERT_TRUE(script);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script->body, script_);
  EXPECT_EQ(HeaderOf(*script, "Cache-Control"), "public, max-age=31536000, immutable");
  auto png = (*site)->Serve(Get("/assets/logo-77aa.png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->content_type, "image/png");
}

TEST_F(SiteTest, ConsoleRoutesGetTheIndexAndMissingFilesGetNothing) {
  auto site = Site::Load(dir_);
  ASSERT_TRUE(site);
  for (const char* route : {"/dispatch", "/cases/42", "/admin/users/"}) {
    auto r = (*site)->Serve(Get(route));
    ASSERT_TRUE(r) << route;
    EXPECT_EQ(r->body, html_) << route;
    EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "no-cache") << route;
  }
  EXPECT_FALSE((*site)->Serve(Get("/assets/gone-1234.js")));
  EXPECT_FALSE((*site)->Serve(Get("/robots.txt")));
  EXPECT_FALSE((*site)->Serve(Get("/assets/../index.html")));
}

TEST_F(SiteTest, CompressesForClientsThatAcceptGzip) {
  auto site = Site::Load(dir_);
  ASSERT_TRUE(site);
  auto plain = (*site)->Serve(Get("/assets/index-3f9a1c.js"));
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "(none)");
  EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");
  auto zipped = (*site)->Serve(Get("/assets/index-3f9a1c.js", {{"accept-encoding", "br, GZIP;q=0.8"}}));
  EXPECT_EQ(HeaderOf(*zipped, "Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body.size(), script_.size() / 4);
  EXPECT_EQ(Gunzip(zipped->body), script_);
  auto refused = (*site)->Serve(Get("/assets/index-3f9a1c.js", {{"Accept-Encoding", "gzip;q=0, identity"}}));
  EXPECT_EQ(HeaderOf(*refused, "Content-Encoding"), "(none)");
  // Images are compressed already; a tiny file is not worth it.
  auto png = (*site)->Serve(Get("/assets/logo-77aa.png", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(HeaderOf(*png, "Content-Encoding"), "(none)");
  auto svg = (*site)->Serve(Get("/favicon.svg", {{"Accept-Encoding", "gzip"}}));
  EXPECT_EQ(svg->body, "<svg/>");
}

TEST_F(SiteTest, RevalidationAnswersNotModified) {
  auto site = Site::Load(dir_);
  ASSERT_TRUE(site);
  auto first = (*site)->Serve(Get("/"));
  std::string etag = HeaderOf(*first, "ETag");
  ASSERT_EQ(etag.size(), 34u);  // a quoted 128-bit hash
  auto again = (*site)->Serve(Get("/", {{"If-None-Match", "\"other\", " + etag}}));
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto changed = (*site)->Serve(Get("/", {{"If-None-Match", "\"other\""}}));
  EXPECT_EQ(changed->status, 200);
  // Another file's tag is another tag.
  EXPECT_NE(HeaderOf(*(*site)->Serve(Get("/favicon.svg")), "ETag"), etag);
}

TEST_F(SiteTest, ADirectoryWithoutAnIndexIsRefusedNamingTheSetting) {
  fs::remove(dir_ / "index.html");
  auto site = Site::Load(dir_);
  ASSERT_FALSE(site);
  EXPECT_EQ(site.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site.error().field, "web.path");
  EXPECT_NE(site.error().message.find("make build"), std::string::npos);
  auto missing = Site::Load(dir_ / "nowhere");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "web.path");
}

}  // namespace
}  // namespace onegrid::web
