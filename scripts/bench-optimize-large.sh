#!/usr/bin/env bash
# The large site-selection cases of issue 15, this tree beside a base commit, on the same inputs
# in the same run (whole processes under /usr/bin/time -v: wall time, user CPU and peak memory; then the
# objective, bound and gap from each JSON):
#   p-median p = 20 and MCLP p = 50 (radius 30 minutes) on 100,000 cells x 2,000 candidates
#   (seeded, written by scripts/make-optimize-bench.py into bench-cases/optimize-large, git-ignored).
# usage: scripts/bench-optimize-large.sh [BASE]   (BASE: a commit, default main; built in release
#        in a worktree ../prev-optimize-BASE unless PREV_BIN names a binary of it already built)
# Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-main}
LARGE="$PWD/bench-cases/optimize-large"
OUT="$PWD/out/bench-optimize-large"
mkdir -p "$OUT"
if [ ! -s "$LARGE/matrix.csv" ]; then python3 scripts/make-optimize-bench.py "$LARGE"; fi
swift build -c release --product twinreach
NEW="$PWD/.build/release/twinreach"
if [ -z "${PREV_BIN:-}" ]; then
  PREV_TREE="$(cd .. && pwd)/prev-optimize-$(git rev-parse --short "$BASE")"
  [ -d "$PREV_TREE" ] || git worktree add --detach "$PREV_TREE" "$BASE"
  (cd "$PREV_TREE" && swift build -c release --product twinreach)
  PREV_BIN="$PREV_TREE/.build/release/twinreach"
fi

figures() { # wall time, peak memory and the JSON's objective, bound, gap, status
  python3 - "$1" "$2" <<'EOF'
import json, re, sys
log = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", log).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
user = re.search(r"User time \(seconds\): (.*)", log).group(1)
r = json.load(open(sys.argv[2]))
gap = "n/a" if r["gap"] is None else f"{100 * r['gap']:.3f} %"
print(f"  wall {wall}, user {user} s, peak {rss / 1024:.0f} MiB, objective {r['objective']}, bound {r['bound']}, gap {gap}, {r['status']}")
EOF
}

run_case() { # name, model arguments...
  local name=$1; shift
  for side in prev new; do
    local bin=$PREV_BIN; [ "$side" = new ] && bin=$NEW
    /usr/bin/time -v "$bin" optimize --population "$LARGE/population.csv" --matrix "$LARGE/matrix.csv" \
      --candidates "$LARGE/candidates.csv" "$@" --output "$OUT/$name-$side.json" 2> "$OUT/$name-$side.time"
    echo "$name, $side ($bin):"
    figures "$OUT/$name-$side.time" "$OUT/$name-$side.json"
  done
}

echo "== 100,000 cells x 2,000 candidates ($(du -h "$LARGE/matrix.csv" | cut -f1) matrix); base $BASE"
run_case pmedian-20 --model pmedian --p 20
run_case mclp-50 --model mclp --p 50 --radius-minutes 30
