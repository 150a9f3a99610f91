#!/usr/bin/env python3
"""Seeded synthetic grid city for the road-graph benchmark (no TwinReach code involved).

A W x H grid of intersections about 80 m apart (jittered), local streets at 30 km/h, an
arterial every 10th row and column at 50 km/h, 4 % of local blocks missing, 10 % of local
streets one-way (random direction). Travel seconds are float32, so every tool reads the very
same weights. Writes one little-endian binary file:

  b"TRGRAPH1", n:int64, m:int64, k:int64, x:f64[n], y:f64[n],
  from:i32[m], to:i32[m], seconds:f32[m], sources:i32[k]

Usage: gen_grid.py OUT.bin [--side 560] [--sources 2000] [--seed 1]
"""
import argparse
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--side", type=int, default=560)
    ap.add_argument("--sources", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    side = a.side
    n = side * side
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    x = (jj * 80.0 + rng.uniform(-15, 15, size=(side, side))).ravel()
    y = (ii * 80.0 + rng.uniform(-15, 15, size=(side, side))).ravel()
    node = np.arange(n, dtype=np.int64).reshape(side, side)

    pairs = []
    # Horizontal streets (row i, j -> j+1) and vertical ones (i -> i+1, column j).
    for horizontal in (True, False):
        if horizontal:
            a_ = node[:, :-1].ravel(); b_ = node[:, 1:].ravel(); line = ii[:, :-1].ravel()
        else:
            a_ = node[:-1, :].ravel(); b_ = node[1:, :].ravel(); line = jj[:-1, :].ravel()
        arterial = (line % 10) == 0
        keep = arterial | (rng.random(a_.size) >= 0.04)
        a_, b_, arterial = a_[keep], b_[keep], arterial[keep]
        kmh = np.where(arterial, 50.0, 30.0)
        oneway = (~arterial) & (rng.random(a_.size) < 0.10)
        flip = rng.random(a_.size) < 0.5
        pairs.append((a_, b_, kmh, oneway, flip))

    froms, tos, secs = [], [], []
    for a_, b_, kmh, oneway, flip in pairs:
        meters = np.hypot(x[a_] - x[b_], y[a_] - y[b_])
        t = (meters / (kmh / 3.6)).astype(np.float32)
        # Two-way streets: both directions. One-way: a->b, or b->a when flipped.
        two = ~oneway
        froms += [a_[two], b_[two], np.where(flip, b_, a_)[oneway]]
        tos += [b_[two], a_[two], np.where(flip, a_, b_)[oneway]]
        secs += [t[two], t[two], t[oneway]]
    f = np.concatenate(froms).astype(np.int32)
    to = np.concatenate(tos).astype(np.int32)
    s = np.concatenate(secs).astype(np.float32)
    order = np.lexsort((to, f))
    f, to, s = f[order], to[order], s[order]
    sources = rng.choice(n, size=a.sources, replace=False).astype(np.int32)

    with open(a.out, "wb") as out:
        out.write(b"TRGRAPH1")
        out.write(np.array([n, f.size, sources.size], dtype="<i8").tobytes())
        out.write(x.astype("<f8").tobytes()); out.write(y.astype("<f8").tobytes())
        out.write(f.astype("<i4").tobytes()); out.write(to.astype("<i4").tobytes())
        out.write(s.astype("<f4").tobytes()); out.write(sources.astype("<i4").tobytes())
    print(f"{a.out}: {n} nodes, {f.size} directed edges, {sources.size} sources")


if __name__ == "__main__":
    main()
