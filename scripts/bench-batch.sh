#!/usr/bin/env bash
# Benchmark of `twinreach batch` (issue 13):
#  1. 100 generated districts of 20,000 cells each (200 x 100 cells of 100 m, street grid every
#     100 m, seeds 1...100) in bench-cases/batch/ (git-ignored), one baseline scenario, run with
#     --jobs 2 on the machine's cores, whole-process: districts per minute and peak memory.
#  2. The merge of 1,000 shard rows: 1,000 tiny generated districts (10 x 10 cells) run as 10
#     shards of 100, then `batch merge` of the 10 shard folders timed.
# Set TIMER to a whole-process timer that prints medians and peak memory (TIMER="hyperfine ...");
# default: /usr/bin/time -v (its "Maximum resident set size" is the peak of the batch process,
# which runs every district in its own threads).
# DISTRICTS=N and CELLS_X/CELLS_Y change the first case (a quick check: DISTRICTS=4).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product twinreach >/dev/null
bin=$PWD/.build/release/twinreach
TIMER=${TIMER:-/usr/bin/time -v}
DISTRICTS=${DISTRICTS:-100}
CELLS_X=${CELLS_X:-200}
CELLS_Y=${CELLS_Y:-100}
root=bench-cases/batch
mkdir -p "$root/districts" "$root/tiny"

echo "== generating $DISTRICTS districts of $((CELLS_X * CELLS_Y)) cells"
for seed in $(seq 1 "$DISTRICTS"); do
  d=$(printf '%s/districts/d%03d' "$root" "$seed")
  [ -f "$d/roads.osm" ] || "$bin" generate --out "$d" --seed "$seed" --cells-x "$CELLS_X" --cells-y "$CELLS_Y" \
    --cell-meters 100 --road-spacing-meters 100 >/dev/null
done
printf 'name: bench-baseline\nchanges:\n  - thresholds: {hall: 30, kiosk: 15}\n' > "$root/baseline.yaml"

echo "== batch of $DISTRICTS districts, --jobs 2"
start=$(date +%s.%N)
set +e
$TIMER "$bin" batch "$root/baseline.yaml" --districts "$root/districts/*" --jobs 2 --out "$root/out" -q
status=$?
set -e
end=$(date +%s.%N)
[ "$status" -eq 0 ] || { echo "batch exited $status"; exit "$status"; }
awk -v n="$DISTRICTS" -v s="$start" -v e="$end" 'BEGIN { printf "districts per minute: %.1f (%d districts in %.1f s)\n", n * 60 / (e - s), n, e - s }'

echo "== 1,000 tiny districts in 10 shards, then the merge of their 1,000 rows"
for seed in $(seq 1 1000); do
  d=$(printf '%s/tiny/t%04d' "$root" "$seed")
  [ -f "$d/roads.osm" ] || "$bin" generate --out "$d" --seed "$seed" --cells-x 10 --cells-y 10 >/dev/null
done
shards=()
for i in $(seq 1 10); do
  "$bin" batch "$root/baseline.yaml" --districts "$root/tiny/*" --shard "$i/10" --jobs 2 --out "$root/tiny-shard-$i" -q
  shards+=("$root/tiny-shard-$i")
done
$TIMER "$bin" batch merge "${shards[@]}" --out "$root/tiny-merged" -q
wc -l < "$root/tiny-merged/batch.csv" | awk '{ printf "merged rows: %d (and the header)\n", $1 - 1 }'
