#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace onegrid::core {
namespace {

TEST(Metrics, RendersPrometheusText) {
  Registry r;
  r.GetCounter("requests_total", "requests", {{"route", "/a"}, {"status", "200"}})->Add(3);
  r.GetGauge("queue_depth", "queued")->Set(2);
  auto* h = r.GetHistogram("latency_seconds", "latency", {0.1, 1});
  h->Observe(0.05);
  h->Observe(0.5);
  h->Observe(5);
  std::string text = r.Render();
  EXPECT_NE(text.find("# TYPE requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("requests_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("queue_depth 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count 3\n"), std::string::npos);
}

TEST(Metrics, SameLabelsSameSeries) {
  Registry r;
  EXPECT_EQ(r.GetCounter("c", "h", {{"a", "1"}}), r.GetCounter("c", "h", {{"a", "1"}}));
  EXPECT_NE(r.GetCounter("c", "h", {{"a", "1"}}), r.GetCounter("c", "h", {{"a", "2"}}));
}

}  // namespace
}  // namespace onegrid::core
