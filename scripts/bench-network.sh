#!/usr/bin/env bash
# Road-graph benchmark (on demand, not in CI): travel times from 2,000 sources with a cut-off
# on a seeded synthetic grid city of 313,600 nodes, by TwinReach's Network module (release
# build, 2 threads), SciPy's C Dijkstra (scipy.sparse.csgraph.dijkstra with `limit`) and
# pandana (contraction hierarchies, `nodes_in_range`), all on the same graph file.
# Each tool prints reached pairs and the sum of their seconds (the results must agree) and
# its own load/search seconds; /usr/bin/time -v adds wall time and peak memory (maximum
# resident set size) of the whole process.
#
# Usage: scripts/bench-network.sh [SIDE] [SOURCES] [CUTOFF_SECONDS]
# pandana is installed with pip into the git-ignored .venv-bench when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
side=${1:-560}
sources=${2:-2000}
cutoff=${3:-600}
work=${TMPDIR:-/tmp}/twinreach-bench-network
mkdir -p "$work"
graph="$work/grid-$side-$sources.bin"

[ -f "$graph" ] || python3 scripts/bench-network/gen_grid.py "$graph" --side "$side" --sources "$sources"
swift build -c release --product bench-network >/dev/null
if [ ! -x .venv-bench/bin/python ] || ! .venv-bench/bin/python -c 'import pandana' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q pandana numpy scipy pandas || echo "pandana did not install: its column stays empty"
fi

measure() {  # label, command...
  local label=$1; shift
  echo "== $label"
  # Keep the summary lines only (pandana also prints progress bars).
  /usr/bin/time -f "   wall %e s, peak RSS %M KB" "$@" 2>&1 | tr '\r' '\n' \
    | sed -n 's/^.*\(\(swift\|scipy\|pandana\) pairs=\)/\1/p; /wall .* peak RSS/p' || true
}
bin=$(swift build -c release --product bench-network --show-bin-path)/bench-network
measure "twinreach Network (2 threads)" "$bin" "$graph" "$cutoff" 2
measure "twinreach Network (1 thread)" "$bin" "$graph" "$cutoff" 1
(cd scripts/bench-network && measure "scipy.sparse.csgraph.dijkstra" python3 scipy_times.py "$graph" "$cutoff")
if .venv-bench/bin/python -c 'import pandana' 2>/dev/null; then
  (cd scripts/bench-network && measure "pandana" ../../.venv-bench/bin/python pandana_times.py "$graph" "$cutoff")
fi
