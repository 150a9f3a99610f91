#!/usr/bin/env python3
"""Runs one PySAL spopt location model (PuLP + its bundled CBC) on a peer case, the way
../shared/peers/harness/reference_spopt.py does, and prints its objective and seconds.
For scripts/bench-optimize.sh (run with the peers' virtualenv).

usage: spopt-run.py CASEDIR pmedian|pcenter|mclp|lscp [--p N] [--radius R] [--time-limit S]
"""
import argparse
import json
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("case")
ap.add_argument("model")
ap.add_argument("--p", type=int)
ap.add_argument("--radius", type=float)
ap.add_argument("--time-limit", type=float, default=600)
a = ap.parse_args()

t_import = time.perf_counter()
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers", "harness")
sys.path.insert(0, os.environ.get("PEERS_HARNESS", HARNESS))
import pulp  # noqa: E402
from reference_spopt import load, objective  # noqa: E402
from spopt.locate import LSCP, MCLP, PCenter, PMedian  # noqa: E402

t0 = time.perf_counter()
ids, w, cids, C, complete = load(a.case)
t1 = time.perf_counter()
rows = slice(None)
if a.model == "mclp":
    m = MCLP.from_cost_matrix(C, w, service_radius=a.radius, p_facilities=a.p)
elif a.model == "pmedian":
    m = PMedian.from_cost_matrix(C, w, p_facilities=a.p)
elif a.model == "pcenter":
    m = PCenter.from_cost_matrix(C, p_facilities=a.p)
else:
    coverable = (C <= a.radius).any(axis=1)
    C, w = C[coverable], w[coverable]
    m = LSCP.from_cost_matrix(C, service_radius=a.radius)
m.problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=a.time_limit))
t2 = time.perf_counter()
sel = [j for j, v in enumerate(m.fac_vars) if v.value() is not None and v.value() > 0.5]
print(json.dumps({"model": a.model, "p": a.p, "objective": objective(a.model, C, w, sel, a.radius),
                  "status": pulp.LpStatus[m.problem.status],
                  "proven_optimal": m.problem.sol_status == pulp.LpSolutionOptimal,
                  "selected": [cids[j] for j in sel], "import_s": round(t0 - t_import, 3),
                  "load_s": round(t1 - t0, 3), "compute_s": round(t2 - t1, 3)}))
