#!/usr/bin/env python3
"""Peer: pandana (contraction hierarchies) range queries from every source of the benchmark
graph: `precompute(cutoff)` then `nodes_in_range(sources, cutoff)`. Prints the same summary
line as the Swift side."""
import sys, time
import numpy as np
import pandas as pd
import pandana
import graphfile

path, cutoff = sys.argv[1], float(sys.argv[2])
t0 = time.perf_counter()
n, x, y, fr, to, s, src = graphfile.read(path)
nodes = pd.DataFrame({"x": x, "y": y}, index=np.arange(n))
net = pandana.Network(nodes["x"], nodes["y"], pd.Series(fr.astype(np.int64)), pd.Series(to.astype(np.int64)),
                      pd.DataFrame({"seconds": s.astype(np.float64)}), twoway=False)
t1 = time.perf_counter()
net.precompute(cutoff)
t2 = time.perf_counter()
res = net.nodes_in_range(list(src.astype(np.int64)), cutoff)
t3 = time.perf_counter()
w = res.iloc[:, 2].to_numpy()
print(f"pandana pairs={len(w)} sum_seconds={w.sum():.1f} load_s={t1 - t0:.2f} contract_s={t2 - t1:.2f} search_s={t3 - t2:.2f}")
