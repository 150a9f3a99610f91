#!/usr/bin/env bash
# Travel-step benchmark (on demand, not in CI): the bench-travel driver of this checkout and,
# with --base COMMIT, of that commit (built in release in a worktree beside this one, the
# driver copied in), on the same district files in the same run. The driver reads roads.osm
# and sites.geojson, builds the walk graph, snaps a grid of POINTS cells and times the run's
# travel calls: the cell-site pairs within CUTOFF minutes, and the nearest kiosk and hall
# minutes. Each phase prints wall and CPU seconds (on a shared machine compare CPU), and the
# graph, pairs and nearest hashes (equal: the same numbers bit for bit); /usr/bin/time gives
# the process's wall, CPU and peak memory.
#
# Usage: scripts/bench-travel.sh DISTRICT_FOLDER [POINTS] [CUTOFF_MINUTES] [THREADS] [--base COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
base=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -ge 1 ] || { echo "usage: scripts/bench-travel.sh DISTRICT_FOLDER [POINTS] [CUTOFF_MINUTES] [THREADS] [--base COMMIT]" >&2; exit 64; }
folder=${args[0]}; points=${args[1]:-1000000}; cutoff=${args[2]:-60}; threads=${args[3]:-2}

swift build -c release --product bench-travel >/dev/null
bins=("this:$(swift build -c release --product bench-travel --show-bin-path)/bench-travel")
if [ -n "$base" ]; then
  tree="../prev-travel-$base"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$base" >/dev/null
  mkdir -p "$tree/Benchmarks/bench-travel"
  cp Benchmarks/bench-travel/main.swift "$tree/Benchmarks/bench-travel/main.swift"
  # Commits before RoadNetwork.nearestMinutes(in:) cannot say whether the pairs would do.
  grep -q 'func nearestMinutes(in minutes' "$tree/Sources/Network/"*.swift \
    || sed -i '/pairs-check begin/,/pairs-check end/d' "$tree/Benchmarks/bench-travel/main.swift"
  grep -q '"bench-travel"' "$tree/Package.swift" || sed -i 's|^\(        .executableTarget(name: "bench-roads".*\)$|\1\n        .executableTarget(name: "bench-travel", dependencies: ["Model", "Network", "RoadGraphs", "Travel"], path: "Benchmarks/bench-travel"),|' "$tree/Package.swift"
  (cd "$tree" && swift build -c release --product bench-travel >/dev/null)
  bins+=("$base:$(cd "$tree" && swift build -c release --product bench-travel --show-bin-path)/bench-travel")
fi
for entry in "${bins[@]}"; do
  echo "== ${entry%%:*}"
  /usr/bin/time -f "   wall %e s, user %U s, system %S s, peak RSS %M KB" "${entry#*:}" "$folder/roads.osm" "$folder/sites.geojson" \
    "$points" "$cutoff" "$threads"
done
