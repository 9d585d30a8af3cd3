#include "core/metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "core/result.hpp"

namespace onegrid::core {
namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderLabels(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k + "=\"" + Escape(v) + "\"";
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string Series(const std::string& name, const std::string& labels,
                   const std::string& extra = {}) {
  std::string l = labels;
  if (!extra.empty()) l = l.empty() ? extra : l + "," + extra;
  return l.empty() ? name : name + "{" + l + "}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(new std::atomic<unsigned long long>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Take() const {
  Snapshot s;
  s.bounds = bounds_;
  unsigned long long run = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    run += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(run);
  }
  s.count = run;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
          0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5, 5, 10};
}

Registry::Family& Registry::GetFamily(const std::string& name, const std::string& type,
                                      const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.type = type;
    it->second.help = help;
  }
  OG_CHECK(it->second.type == type);
  return it->second;
}

Counter* Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, "counter", help).counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return slot.get();
}

Gauge* Registry::GetGauge(const std::string& name, const std::string& help,
                          const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, "gauge", help).gauges[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return slot.get();
}

Histogram* Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const std::vector<double>& bounds, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, "histogram", help).histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return slot.get();
}

std::string Registry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, c] : f.counters) {
      out += Series(name, labels) + " " + Number(c->Value()) + "\n";
    }
    for (const auto& [labels, g] : f.gauges) {
      out += Series(name, labels) + " " + Number(g->Value()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      auto s = h->Take();
      for (size_t i = 0; i < s.bounds.size(); ++i) {
        out += Series(name + "_bucket", labels, "le=\"" + Number(s.bounds[i]) + "\"") + " " +
               std::to_string(s.cumulative[i]) + "\n";
      }
      out += Series(name + "_bucket", labels, "le=\"+Inf\"") + " " + std::to_string(s.count) +
             "\n";
      out += Series(name + "_sum", labels) + " " + Number(s.sum) + "\n";
      out += Series(name + "_count", labels) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace onegrid::core
