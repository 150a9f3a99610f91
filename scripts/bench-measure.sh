#!/usr/bin/env bash
# Benchmark of `twinreach measure --measure e2sfca` on the shared `large` case (100,000 cells ×
# 500 sites, 13.45 M pairs, ~300 MB matrix), beside PySAL access on the same inputs.
#
#   scripts/bench-measure.sh            # RUNS=5 of twinreach, 1 PySAL run
#
# Generates bench-cases/large (git-ignored) with the shared generator, sets up the peers'
# virtualenv .venv-peers (git-ignored) with the shared setup script, builds the release binary,
# then reports
#   - PySAL's compute_s (the enhanced_two_stage_fca call alone, from the shared timing.py),
#   - twinreach end to end (process start to exit: reading the CSVs, computing, writing):
#     median wall seconds and peak resident memory over RUNS runs,
#   - the ratio compute_s / median.
# Environment: RUNS (default 5), PYSAL_REPS (default 1), CHECK=1 to also compare the output with
# PySAL's values cell by cell (one more PySAL run), TIMER="cmd args --" to time the twinreach
# command with another whole-process timer instead of the built-in /usr/bin/time loop.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd ../shared && pwd)"
CASES=bench-cases
CASE="$CASES/large"
RUNS="${RUNS:-5}"

if [ ! -s "$CASE/matrix.csv" ]; then
  python3 "$SHARED/peers/harness/make_cases.py" --cases "$CASES" large
fi
if [ ! -x .venv-peers/bin/python ]; then
  "$SHARED/peers/harness/setup.sh"
fi
swift build -c release --product twinreach
BIN=.build/release/twinreach
OUT="$CASES/out"
mkdir -p "$OUT"
ARGS=(measure --population "$CASE/population.csv" --supply "$CASE/supply.csv" --matrix "$CASE/matrix.csv"
      --measure e2sfca --output "$OUT/e2sfca.csv")

echo "== PySAL access: enhanced_two_stage_fca() on large (timing.py, ${PYSAL_REPS:-1} rep)"
PEERS_CASES="$CASES" .venv-peers/bin/python "$SHARED/peers/harness/timing.py" \
  --reps "${PYSAL_REPS:-1}" --tasks access:large:e2sfca --out "$CASES/bench-peers.json"
COMPUTE_S=$(python3 -c "import json; print(json.load(open('$CASES/bench-peers.json'))['tasks']['access:large:e2sfca']['compute_s'])")
echo "PySAL compute_s: $COMPUTE_S"

echo "== twinreach ${ARGS[*]}"
"$BIN" "${ARGS[@]}" # warm-up (page cache)
if [ -n "${TIMER:-}" ]; then
  # shellcheck disable=SC2086
  $TIMER "$BIN" "${ARGS[@]}"
else
  : > "$OUT/times.txt"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -a -o "$OUT/times.txt" "$BIN" "${ARGS[@]}"
  done
  python3 - "$OUT/times.txt" "$COMPUTE_S" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
wall = sorted(float(r[0]) for r in rows)
peak_mb = max(int(r[1]) for r in rows) / 1024
median = statistics.median(wall)
print(f"twinreach e2sfca end to end: median {median:.3f} s (min {wall[0]:.3f}, max {wall[-1]:.3f}, {len(wall)} runs), peak {peak_mb:.0f} MB")
print(f"PySAL compute_s / twinreach end to end: {float(sys.argv[2]) / median:.1f}x")
PY
fi

if [ "${CHECK:-0}" = 1 ]; then
  echo "== check against PySAL, cell by cell"
  .venv-peers/bin/python - "$CASE" "$OUT/e2sfca.csv" <<'PY'
import csv, math, os, sys
import pandas as pd
from access import Access
d, ours = sys.argv[1], sys.argv[2]
pop = pd.read_csv(os.path.join(d, "population.csv"), dtype={"id": str})
sup = pd.read_csv(os.path.join(d, "supply.csv"), dtype={"id": str})
mat = pd.read_csv(os.path.join(d, "matrix.csv"), dtype={"origin": str, "destination": str})
a = Access(demand_df=pop, demand_index="id", demand_value="pop", supply_df=sup, supply_index="id",
           supply_value="capacity", cost_df=mat, cost_origin="origin", cost_dest="destination", cost_name="minutes")
ref = a.enhanced_two_stage_fca().iloc[:, -1]
got = {r["id"]: (float(r["value"]) if r["value"] else math.nan) for r in csv.DictReader(open(ours))}
worst = 0.0
for i, e in ref.items():
    g = got[i]
    if math.isnan(e) or math.isnan(g):
        err = 0.0 if math.isnan(e) and math.isnan(g) else math.inf
    elif math.isinf(e) or math.isinf(g):
        err = 0.0 if e == g else math.inf
    else:
        err = abs(g - e) / abs(e) if e else abs(g)
    worst = max(worst, err)
print(f"cells {len(ref)} (ours {len(got)}), max relative error {worst:.3g}")
sys.exit(0 if worst <= 1e-9 and len(got) == len(ref) else 1)
PY
fi
