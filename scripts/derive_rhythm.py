#!/usr/bin/env python3
"""Derives data/demo/rhythm.json from the SF 311 sample (../shared/data/replay): arrivals by hour of
day and weekday, the channel mix, and the shape of handling times (closed − created, as quantiles
over their median). The demo history (src/app/demo_history.cpp) replays that rhythm."""
import collections, csv, datetime, json, os, statistics, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "replay", "sf311_sample_10k.csv")
rows = list(csv.DictReader(open(src, encoding="utf-8")))
hours, weekdays, channels, durations = [0] * 24, [0] * 7, collections.Counter(), []
for r in rows:
    created = datetime.datetime.fromisoformat(r["created_date"])
    hours[created.hour] += 1
    weekdays[created.weekday()] += 1
    channels[r["source"]] += 1
    if r["closed_date"]:
        h = (datetime.datetime.fromisoformat(r["closed_date"]) - created).total_seconds() / 3600
        if h > 0:
            durations.append(h)
durations.sort()
median = statistics.median(durations)
out = {
    "source": "SF 311 sample (../shared/data/replay/sf311_sample_10k.csv, ODC-PDDL), derived by scripts/derive_rhythm.py",
    "rows": len(rows),
    "hour_of_day": hours,
    "weekday_mon_first": weekdays,
    "channels": dict(channels.most_common()),
    "handling_over_median_quantiles": [round(durations[int(i * (len(durations) - 1) / 40)] / median, 4) for i in range(41)],
    "handling_median_hours": round(median, 2),
}
json.dump(out, open(os.path.join(root, "data", "demo", "rhythm.json"), "w"), ensure_ascii=False, indent=1)
