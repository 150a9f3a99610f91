#!/usr/bin/env bash
# Road-stage benchmark (on demand, not in CI): read a district's roads.osm, build the walk graph
# with its snap index and snap a grid of points (as a run snaps its cells), by the bench-roads
# driver of this checkout and, with --base COMMIT, of that commit (built in release in a
# worktree beside this one, the driver copied in), on the same file in the same run. Each line
# gives the phases' seconds, the graph's and the snaps' hashes (equal: the same graph and
# snaps) and /usr/bin/time's wall, CPU and peak memory. On a shared machine compare CPU seconds.
# --base-binary PATH takes a bench-roads already built (e.g. of the branch's base) instead of
# building a commit; CALLGRIND=1 adds each build's instruction count (valgrind's callgrind, on
# a copy without DWARF, which this valgrind cannot read), with the readosm parse, the XML
# check and the graph build inclusive.
#
# Usage: scripts/bench-roads.sh ROADS.osm [POINTS] [THREADS] [--base COMMIT | --base-binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
base=""
base_binary=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --base-binary) base_binary=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -ge 1 ] || { echo "usage: scripts/bench-roads.sh ROADS.osm [POINTS] [THREADS] [--base COMMIT]" >&2; exit 64; }
roads=${args[0]}; points=${args[1]:-1000000}; threads=${args[2]:-2}

swift build -c release --product bench-roads >/dev/null
bins=("this:$(swift build -c release --product bench-roads --show-bin-path)/bench-roads")
if [ -n "$base" ]; then
  tree="../prev-roads-$base"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$base" >/dev/null
  mkdir -p "$tree/Benchmarks/bench-roads"
  # Commits before the threaded snapping have no `threads:` on `snap`: they snap on one thread.
  cp Benchmarks/bench-roads/main.swift "$tree/Benchmarks/bench-roads/main.swift"
  grep -q 'threads: Int = 1) -> SnapResult' "$tree/Sources/Network/Snapping.swift" \
    || sed -i 's/, threads: threads)/)/' "$tree/Benchmarks/bench-roads/main.swift"
  grep -q '"bench-roads"' "$tree/Package.swift" || sed -i 's|^\(        .executableTarget(name: "bench-network".*\)$|\1\n        .executableTarget(name: "bench-roads", dependencies: ["Model", "Network", "RoadGraphs"], path: "Benchmarks/bench-roads"),|' "$tree/Package.swift"
  (cd "$tree" && swift build -c release --product bench-roads >/dev/null)
  bins+=("$base:$(cd "$tree" && swift build -c release --product bench-roads --show-bin-path)/bench-roads")
fi
[ -z "$base_binary" ] || bins+=("base:$base_binary")
for entry in "${bins[@]}"; do
  echo "== ${entry%%:*}"
  /usr/bin/time -f "   wall %e s, user %U s, system %S s, peak RSS %M KB" "${entry#*:}" "$roads" "$points" "$threads"
  if [ -n "${CALLGRIND:-}" ]; then
    work=$(mktemp -d)
    strip -g -o "$work/bench-roads" "${entry#*:}"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/bench-roads" "$roads" 1000 1 >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null \
      | grep -E "PROGRAM TOTALS|readosm_parse|OSMXMLCheckO5check4pathySS_tKFZTf|OSMFileO4read_6filter|RoadGraphV5build4ways.*Tf|SnapIndexV6points5space.*Tf" \
      | sed -E 's/ \[[^]]*\]$//; s/^/   /' | cut -c1-120
    rm -rf "$work"
  fi
done
