#include "core/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace onegrid::core {
namespace {

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

}  // namespace

std::string FormatInstant(Instant t) {
  using namespace std::chrono;
  auto local = t + kDistrictUtcOffset;
  auto day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<milliseconds>(local - day)};
  char buf[40];
  int ms = static_cast<int>(hms.subseconds().count());
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03d+08:00", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()), ms);
  }
  return buf;
}

Result<Instant> ParseInstant(std::string_view s, std::string_view field) {
  using namespace std::chrono;
  auto bad = [&] {
    return InvalidArgument("must be an RFC 3339 instant such as 2026-10-08T17:00:00+08:00",
                           std::string(field));
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':' || !ReadInt(s, 0, 4, y) || !ReadInt(s, 5, 2, mo) ||
      !ReadInt(s, 8, 2, d) || !ReadInt(s, 11, 2, h) || !ReadInt(s, 14, 2, mi) ||
      !ReadInt(s, 17, 2, sec)) {
    return bad();
  }
  size_t pos = 19;
  microseconds frac{0};
  if (s[pos] == '.') {
    ++pos;
    size_t start = pos;
    long long scale = 100000, us = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      us += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return bad();
    frac = microseconds(us);
  }
  minutes offset{0};
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    // UTC
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!ReadInt(s, pos + 1, 2, oh) || !ReadInt(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad();
    }
    offset = minutes(oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return bad();
  auto local = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + frac;
  return Instant(local - offset);
}

}  // namespace onegrid::core
