#!/usr/bin/env python3
"""Two `run` output folders of the same district: the summary.json figures that differ (relative
difference above 1e-9) and the largest per-site and per-cell differences (sites.geojson; the cells
from layers.gpkg's `cells` layer). Usage: scripts/compare-fixed-point.py BEFORE AFTER"""
import json, sqlite3, sys

def flat(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flat(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from flat(v, f"{prefix}[{i}]")
    else:
        yield prefix, value

def summary(folder):
    with open(f"{folder}/summary.json") as f:
        return dict(flat(json.load(f)))

def rows(folder, table, columns):
    db = sqlite3.connect(f"{folder}/layers.gpkg")
    names = [r[1] for r in db.execute(f"pragma table_info({table})")]
    keep = [c for c in columns if c in names]
    return keep, db.execute(f"select {','.join(keep)} from {table} order by fid").fetchall()

def largest(before, after, table, key, columns):
    names, a = rows(before, table, [key] + columns)
    _, b = rows(after, table, [key] + columns)
    for i, name in enumerate(names[1:], start=1):
        worst = max(((abs((y[i] or 0) - (x[i] or 0)), x[0], x[i], y[i]) for x, y in zip(a, b)), default=None)
        changed = sum(1 for x, y in zip(a, b) if abs((y[i] or 0) - (x[i] or 0)) > 1e-9)
        if worst and worst[0] > 0:
            print(f"  {table}.{name}: {changed} of {len(a)} differ; largest {worst[0]:.6g} at {worst[1]} ({worst[2]} -> {worst[3]})")

before, after = sys.argv[1], sys.argv[2]
a, b = summary(before), summary(after)
print("summary.json figures that differ:")
for k in a:
    x, y = a[k], b.get(k)
    if k.startswith("version") or x == y:
        continue
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        rel = abs(y - x) / max(abs(x), 1e-12)
        if rel > 1e-9:
            print(f"  {k}: {x} -> {y} ({100 * rel:.4f} %)")
    else:
        print(f"  {k}: {x} -> {y}")
print("largest site and cell differences:")
largest(before, after, "sites", "id", ["completions_per_year", "utilisation", "wait_minutes"])
largest(before, after, "cells", "id", ["share_hall", "share_kiosk", "share_online", "share_video",
                                       "travel_minutes_per_resident_year", "trips_per_resident_year", "zero_trip_share",
                                       "gap_pop"])
