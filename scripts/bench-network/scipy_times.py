#!/usr/bin/env python3
"""Peer: SciPy's C Dijkstra (scipy.sparse.csgraph.dijkstra with `limit`) from every source of
the benchmark graph. SciPy returns a dense row per source, so sources go in chunks. Prints the
same summary line as the Swift side: reached pairs and the sum of their seconds."""
import sys, time
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
import graphfile

path, cutoff = sys.argv[1], float(sys.argv[2])
t0 = time.perf_counter()
n, x, y, fr, to, s, src = graphfile.read(path)
g = csr_matrix((s.astype(np.float64), (fr, to)), shape=(n, n))
t1 = time.perf_counter()
pairs, total = 0, 0.0
chunk = 50
for i in range(0, src.size, chunk):
    d = dijkstra(g, directed=True, indices=src[i:i + chunk], limit=cutoff)
    fin = np.isfinite(d)
    pairs += int(fin.sum()); total += float(d[fin].sum())
t2 = time.perf_counter()
print(f"scipy pairs={pairs} sum_seconds={total:.1f} load_s={t1 - t0:.2f} search_s={t2 - t1:.2f}")
