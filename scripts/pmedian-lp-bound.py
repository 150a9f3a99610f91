#!/usr/bin/env python3
"""The p-median LP relaxation of a case folder, solved by HiGHS (scipy), beside `twinreach
optimize` results: how much of a heuristic's gap is the bound's method and how much the LP's.

The Lagrangian bound of `optimize --model pmedian` (assignment rows relaxed) can at best reach the
LP relaxation's value (the relaxed problem has the integrality property), so:
  bound / LP  < 1: what a better dual method could still gain;
  objective / LP - 1: the least gap any LP-strength bound proves for this solution.

Model: min sum_ij pop_i * minutes_ij * x_ij, sum_j x_ij = 1 (cells with pop > 0, listed pairs only),
x_ij <= y_j, sum_j y_j = p, 0 <= x, y <= 1 (no fixed sites). Small cases only (the dense LP of
scripts/make-optimize-bench.py's 100,000 cells x 2,000 candidates is far beyond HiGHS here).

usage: pmedian-lp-bound.py [--mip SECONDS] CASE_DIR P [RESULT.json ...]   (--mip: also the integer
       optimum by HiGHS branch and bound within SECONDS, to split a gap into search and bound)   (CASE_DIR: population.csv, candidates.csv,
       matrix.csv as for `twinreach optimize`; each RESULT.json an optimize output on that case)
Not run in CI.
"""
import csv
import json
import sys

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def read_case(folder):
    populations = {}
    with open(f"{folder}/population.csv") as f:
        for row in csv.DictReader(f):
            if float(row["pop"]) > 0:
                populations[row["id"]] = float(row["pop"])
    cell = {c: k for k, c in enumerate(populations)}
    with open(f"{folder}/candidates.csv") as f:
        site = {row["id"]: k for k, row in enumerate(csv.DictReader(f))}
    origins, destinations, minutes = [], [], []
    with open(f"{folder}/matrix.csv") as f:
        for row in csv.DictReader(f):
            i, j = cell.get(row["origin"]), site.get(row["destination"])
            if i is None or j is None:
                continue
            origins.append(i)
            destinations.append(j)
            minutes.append(float(row["minutes"]))
    return (np.array(list(populations.values())), len(site),
            np.array(origins), np.array(destinations), np.array(minutes))


def lp_value(weights, sites, origins, destinations, minutes, p, mip_seconds=None):
    n, pairs = len(weights), len(origins)
    columns = pairs + sites  # x per pair, then y per site
    cost = np.concatenate([weights[origins] * minutes, np.zeros(sites)])
    assigned = sp.csr_matrix((np.ones(pairs), (origins, np.arange(pairs))), shape=(n, columns))
    count = sp.csr_matrix((np.ones(sites), (np.zeros(sites), pairs + np.arange(sites))), shape=(1, columns))
    linked = sp.csr_matrix((np.concatenate([np.ones(pairs), -np.ones(pairs)]),
                            (np.concatenate([np.arange(pairs)] * 2), np.concatenate([np.arange(pairs), pairs + destinations]))),
                           shape=(pairs, columns))
    if mip_seconds is not None:  # the integer optimum (y binary), HiGHS branch and bound
        from scipy.optimize import LinearConstraint, milp
        constraints = [LinearConstraint(linked, -np.inf, 0), LinearConstraint(sp.vstack([assigned, count]),
                                                                               np.concatenate([np.ones(n), [p]]),
                                                                               np.concatenate([np.ones(n), [p]]))]
        integrality = np.concatenate([np.zeros(pairs), np.ones(sites)])
        result = milp(cost, constraints=constraints, integrality=integrality, bounds=(0, 1),
                      options={"time_limit": mip_seconds, "mip_rel_gap": 1e-9})
        bound = getattr(result, "mip_dual_bound", None)
        return result.fun, bound, result.status == 0  # fun is None when no solution was found in time
    result = linprog(cost, A_ub=linked, b_ub=np.zeros(pairs), A_eq=sp.vstack([assigned, count]),
                     b_eq=np.concatenate([np.ones(n), [p]]), bounds=(0, 1), method="highs")
    if result.status != 0:
        sys.exit(f"HiGHS: {result.message}")
    y = result.x[pairs:]
    return result.fun, int(((y > 1e-6) & (y < 1 - 1e-6)).sum())


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    args = sys.argv[1:]
    mip_seconds = None
    if "--mip" in args:
        at = args.index("--mip")
        mip_seconds = float(args[at + 1])
        del args[at:at + 2]
    folder, p = args[0], int(args[1])
    weights, sites, origins, destinations, minutes = read_case(folder)
    value, fractional = lp_value(weights, sites, origins, destinations, minutes, p)
    print(f"{folder}: {len(weights)} cells, {sites} candidates, {len(origins)} pairs, p = {p}")
    print(f"  LP relaxation {value:.4f} ({fractional} sites fractional)")
    if mip_seconds is not None:
        best, bound, proven = lp_value(weights, sites, origins, destinations, minutes, p, mip_seconds)
        if best is None:
            print(f"  integer (HiGHS, {mip_seconds:g} s limit): no solution found, dual bound {bound}")
        else:
            print(f"  integer (HiGHS, {mip_seconds:g} s limit): {'optimum' if proven else 'best found'} {best:.4f}"
                  f" ({100 * (best / value - 1):+.3f} % over the LP), dual bound {bound}")
    for path in args[2:]:
        with open(path) as f:
            r = json.load(f)
        bound = r["bound"]
        print(f"  {path}: objective {r['objective']:.4f} ({100 * (r['objective'] / value - 1):+.3f} % over the LP), "
              f"bound {bound:.4f} ({100 * (bound / value - 1):+.3f} % of the LP), gap {100 * r['gap']:.3f} %")


if __name__ == "__main__":
    main()
