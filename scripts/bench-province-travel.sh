#!/usr/bin/env bash
# Travel on a province-sized graph (issue 15): bounded Dijkstra from 20,000 sources on a seeded
# 5.0 M-node grid city (2,237 × 2,237 intersections about 80 m apart, 18.4 M directed edges,
# scripts/bench-network/gen_grid.py), by this checkout's search and by a base commit's, on the
# same graph file in the same run. Each side is the bench-network driver (release build, the
# public search API the engine uses, 2 threads) under /usr/bin/time -v; it prints the reached
# pairs and the sum of their seconds, which must agree, then wall time, CPU time and peak memory.
#
#   scripts/bench-province-travel.sh [--base REV] [SIDE] [SOURCES] [CUTOFF_SECONDS]
#                                     defaults: the commit before, 2237, 20000, 600
#
# The base is built in a detached worktree (bench-cases/network/base-<sha>); the graph file is
# bench-cases/network/grid-SIDE-SOURCES.bin (about 300 MB at the default size, kept).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base_rev=HEAD~1
if [ "${1:-}" = "--base" ]; then base_rev=$2; shift 2; fi
side=${1:-2237} sources=${2:-20000} cutoff=${3:-600}
work=$root/bench-cases/network
mkdir -p "$work"
graph=$work/grid-$side-$sources.bin
[ -f "$graph" ] || python3 scripts/bench-network/gen_grid.py "$graph" --side "$side" --sources "$sources"

base_sha=$(git rev-parse --verify "$base_rev^{commit}")
base_tree=$work/base-${base_sha:0:12}
[ -d "$base_tree" ] || git worktree add --quiet --detach "$base_tree" "$base_sha"
(cd "$base_tree" && swift build -c release --product bench-network >/dev/null)
swift build -c release --product bench-network >/dev/null

measure() {  # label, binary
  local out
  out=$(/usr/bin/time -v "$2" "$graph" "$cutoff" 2 2>&1)
  echo "== $1"
  echo "$out" | grep '^swift pairs='
  echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {w=$2} /User time/ {u=$2} /System time/ {s=$2}
    /Maximum resident set size/ {m=$2} END {printf "   wall %s, CPU %.1f s, peak %.0f MiB\n", w, u + s, m / 1024}'
}
echo "graph $(basename "$graph"), cut-off $cutoff s, 2 threads; load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure "base ${base_sha:0:12}" "$base_tree/.build/release/bench-network"
measure "this checkout" "$(swift build -c release --product bench-network --show-bin-path)/bench-network"
