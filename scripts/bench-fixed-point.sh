#!/usr/bin/env bash
# The wait fixed point on the 200,000-cell benchmark district, this commit beside a previous one
# (built in release from a git worktree of BASE): whole `run` under /usr/bin/time -v, and the
# convergence summary.json reports. Usage: scripts/bench-fixed-point.sh [BASE-COMMIT] (default main).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-main}"
source scripts/bench-big-district.sh
prev=/tmp/twinreach-bench-prev-$(git rev-parse --short "$base")
if [ ! -x "$prev/.build/release/twinreach" ]; then
  [ -d "$prev" ] || git worktree add --detach "$prev" "$base" >/dev/null
  (cd "$prev" && swift build -c release --product twinreach >/dev/null)
fi
for which in previous this; do
  binary=$bin; [ $which = previous ] && binary=$prev/.build/release/twinreach
  out=/tmp/twinreach-bench-fixed-point-$which
  /usr/bin/time -v "$binary" run bench-cases/big.yaml --out "$out" --threads 2 2> "$out.time" >/dev/null
  wall=$(grep "Elapsed (wall clock)" "$out.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$out.time" | awk '{print $NF}')
  printf '%-8s wall %s  peak %s KiB  ' "$which" "$wall" "$rss"
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["convergence"]; print(c)' "$out/summary.json"
done
