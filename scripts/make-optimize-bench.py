#!/usr/bin/env python3
"""Writes a large seeded site-selection instance for scripts/bench-optimize.sh (git-ignored output).

100,000 population cells x 2,000 candidate sites in a 30 km x 30 km city, the peers' travel
model (walking 4.5 km/h, straight line x 1.3, minutes with 4 decimals), population in 8
clusters (sigma 2.5 km, cut at 2.5 sigma; --background adds a uniform share), candidates near population (80 %) or anywhere (20 %). Pairs
beyond the cut-off (default 80 min) are left out, as a routing engine's table would; with these
defaults 20 well-placed sites reach every cell, so the p-median objective is finite.

usage: make-optimize-bench.py OUTDIR [--cells 100000] [--candidates 2000] [--cutoff 80] [--background 0] [--sigma 2500] [--seed 20261125]
writes OUTDIR/population.csv (id,pop), candidates.csv (id), matrix.csv (origin,destination,minutes)
"""
import argparse
import os

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--cells", type=int, default=100_000)
ap.add_argument("--candidates", type=int, default=2_000)
ap.add_argument("--cutoff", type=float, default=80.0)
ap.add_argument("--background", type=float, default=0.0)
ap.add_argument("--sigma", type=float, default=2500.0)
ap.add_argument("--seed", type=int, default=20261125)
ap.add_argument("--stats-only", action="store_true")
a = ap.parse_args()

rng = np.random.default_rng(a.seed)
side = 30_000.0
n, m = a.cells, a.candidates
centres = rng.uniform(0.15 * side, 0.85 * side, size=(8, 2))
clustered = int(n * (1 - a.background))
which = rng.integers(0, 8, size=clustered)
offsets = rng.normal(0, a.sigma, size=(clustered, 2))
radius = np.sqrt((offsets ** 2).sum(axis=1, keepdims=True))
offsets *= np.minimum(1.0, 2.5 * a.sigma / np.maximum(radius, 1e-9))  # clusters end at 2.5 sigma
pts = np.vstack([centres[which] + offsets,
                 rng.uniform(0, side, size=(n - clustered, 2))])
pts = np.clip(pts, 0, side)
pop = rng.lognormal(4.5, 0.9, size=n).astype(int)
pop[rng.random(n) < 0.05] = 0
near = int(m * 0.8)
sites = np.vstack([pts[rng.integers(0, n, size=near)] + rng.normal(0, 300, size=(near, 2)),
                   rng.uniform(0, side, size=(m - near, 2))])
per_minute = 4.5 * 1000 / 60 / 1.3  # straight-line metres per minute

os.makedirs(a.out, exist_ok=True)
if not a.stats_only:
    with open(os.path.join(a.out, "population.csv"), "w") as f:
        f.write("id,pop\n")
        f.write("".join(f"c{i:06d},{p}\n" for i, p in enumerate(pop)))
    with open(os.path.join(a.out, "candidates.csv"), "w") as f:
        f.write("id\n")
        f.write("".join(f"s{j:04d}\n" for j in range(m)))
pairs = 0
lonely = 0
out = None if a.stats_only else open(os.path.join(a.out, "matrix.csv"), "w")
if out:
    out.write("origin,destination,minutes\n")
sid = np.array([f"s{j:04d}" for j in range(m)])
for start in range(0, n, 2000):
    block = pts[start:start + 2000]
    d = np.sqrt(((block[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2)) / per_minute
    d = np.round(d, 4)
    keep = d <= a.cutoff
    pairs += int(keep.sum())
    lonely += int((keep.sum(axis=1) == 0).sum())
    if out:
        rows, cols = np.nonzero(keep)
        vals = d[rows, cols]
        out.write("".join(f"c{start + r:06d},{sid[c]},{v:.4f}\n" for r, c, v in zip(rows.tolist(), cols.tolist(), vals.tolist())))
if out:
    out.close()
print(f"{n} cells, {m} candidates, {pairs} pairs ({pairs / n:.0f} per cell), cells with no pair: {lonely}")
