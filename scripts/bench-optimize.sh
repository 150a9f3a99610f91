#!/usr/bin/env bash
# Benchmarks `twinreach optimize` beside PySAL spopt (PuLP + CBC) on the same inputs in the same
# run, whole processes timed by $TIMER (default /usr/bin/time -v: wall time and peak memory; set
# TIMER to a timer that repeats runs and prints medians). Not run in CI.
#   1. exact p-median p=5 on city_opt        (spopt: 60-90 s; target >= 10x faster)
#   2. exact p-center p=5 on city_opt        (spopt's PCenter does not prove it in 600 s; target < 10 s)
#   3. exact MCLP p=10 r=15 on city_opt      (spopt about 2 s)
#   4. heuristic p-median p=20 on 100,000 cells x 2,000 candidates (seeded, made by
#      scripts/make-optimize-bench.py into bench-cases/, git-ignored; target < 60 s on 2 cores,
#      with its gap to the Lagrangian bound). spopt cannot build this dense model (200 M
#      assignment variables), so it has no peer run.
#      scripts/bench-optimize-large.sh runs it (and MCLP p = 50) beside a base commit.
# usage: scripts/bench-optimize.sh [--skip-spopt] [--skip-large]
# The peers' virtualenv is .venv-peers (made by ../shared/peers/harness/setup.sh when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_SPOPT=0; SKIP_LARGE=0
for arg in "$@"; do
  case "$arg" in
    --skip-spopt) SKIP_SPOPT=1 ;;
    --skip-large) SKIP_LARGE=1 ;;
    *) echo "unknown option $arg" >&2; exit 64 ;;
  esac
done
PEERS="$(cd .. && pwd)/shared/peers"
CASE="$PEERS/cases/city_opt"
VENV="${VENV:-$PWD/.venv-peers}"
OUT="$PWD/out/bench-optimize"
mkdir -p "$OUT"
swift build -c release --product twinreach
TOOL="$PWD/.build/release/twinreach"
TIMER=${TIMER:-/usr/bin/time -v}
timed() { $TIMER "$@"; }
if [ "$SKIP_SPOPT" = 0 ] && [ ! -x "$VENV/bin/python" ]; then VENV="$VENV" "$PEERS/harness/setup.sh"; fi
ours() { echo "$TOOL optimize --population $CASE/population.csv --matrix $CASE/matrix.csv --candidates $CASE/candidates.csv $* --output $OUT/result.json"; }
spopt() { echo "$VENV/bin/python scripts/spopt-run.py $CASE $*"; }

echo "== 1. exact p-median p=5 on city_opt (1,894 demand cells x 60 candidates)"
if [ "$SKIP_SPOPT" = 0 ]; then
  timed $(spopt pmedian --p 5); timed $(ours --model pmedian --p 5 --exact)
  $(spopt pmedian --p 5)
else
  timed $(ours --model pmedian --p 5 --exact)
fi
$(ours --model pmedian --p 5 --exact) && cat "$OUT/result.json"

echo "== 2. exact p-center p=5 on city_opt (optimum 151.0728; spopt PCenter: not proven in 600 s)"
timed $(ours --model pcenter --p 5 --exact)
$(ours --model pcenter --p 5 --exact) && cat "$OUT/result.json"

echo "== 3. exact MCLP p=10 r=15 on city_opt"
if [ "$SKIP_SPOPT" = 0 ]; then
  timed $(spopt mclp --p 10 --radius 15); timed $(ours --model mclp --p 10 --radius-minutes 15 --exact)
else
  timed $(ours --model mclp --p 10 --radius-minutes 15 --exact)
fi

if [ "$SKIP_LARGE" = 0 ]; then
  LARGE="$PWD/bench-cases/optimize-large"
  if [ ! -s "$LARGE/matrix.csv" ]; then python3 scripts/make-optimize-bench.py "$LARGE"; fi
  echo "== 4. heuristic p-median p=20 on 100,000 cells x 2,000 candidates ($(du -h "$LARGE/matrix.csv" | cut -f1) matrix)"
  timed "$TOOL" optimize --population "$LARGE/population.csv" \
    --matrix "$LARGE/matrix.csv" --candidates "$LARGE/candidates.csv" --model pmedian --p 20 --output "$OUT/large.json"
  cat "$OUT/large.json"
fi
