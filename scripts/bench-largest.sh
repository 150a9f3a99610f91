#!/usr/bin/env bash
# The largest district tried on this project's 24 GiB machine: 25,000,000 cells (5,000 x 5,000
# cells of 100 m, streets every 250 m: a 4.0 M-node walk graph, 40,000 kiosks and the generator's
# halls), generated once into bench-cases/huge/25m (git-ignored: 6.8 GB of population GeoJSON,
# 420 MB of roads.osm) and run whole under /usr/bin/time -v with `--verbose` step lines:
#
#   scripts/bench-largest.sh [BINARY]     (default: this checkout's release build)
#
# Prints the step lines, wall time, CPU time and peak memory. Needs about 16 GiB of memory,
# 17 GB of disk for the inputs and the outputs (layers.gpkg is 8.5 GB) and about 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  swift build -c release --product twinreach >/dev/null
  bin=$PWD/.build/release/twinreach
fi
work=$PWD/bench-cases/huge
mkdir -p "$work"
if [ ! -f "$work/25m/roads.osm" ]; then
  echo "generating the 25 M-cell district" >&2
  "$bin" generate --out "$work/25m" --cells-x 5000 --cells-y 5000 --cell-meters 100 \
    --road-spacing-meters 250 --kiosks 40000 --seed 1 >/dev/null
fi
printf 'name: huge-25m\ndistrict: 25m\n' > "$work/25m.yaml"
out=$work/out-25m
if [ -e "$out" ] && [ ! -f "$out/.twinreach-run" ]; then
  echo "$out exists and was not written by twinreach run: move it away first" >&2; exit 73
fi
/usr/bin/time -v -o "$work/time-25m.txt" "$bin" run "$work/25m.yaml" --out "$out" -v --threads 2 2>&1 | tee "$work/run-25m.log"
awk '/Elapsed \(wall clock\)/ { print "wall:", $NF } /User time/ { u = $NF } /System time/ { s = $NF }
     /Maximum resident set size/ { printf "peak: %.0f MiB\n", $NF / 1024 }
     END { printf "cpu: %.1f s\n", u + s }' "$work/time-25m.txt"
