#!/usr/bin/env bash
# Reading speed of the population layer (issue 15, "inputs at disk-like speed"), this commit beside
# a base commit in the same run: both release builds `check` the same generated districts without
# their roads, so that reading and checking population.geojson (or population.csv) dominates.
#
#   scripts/bench-ingest.sh [BASE] [SIZES]   BASE: a commit (default: the merge base with main),
#                                            SIZES: cell counts (default "200000 1000000")
#
# The base is built in a git worktree at /work/prev-<BASE>-ingest (or $PREV_DIR). Each district
# is `twinreach generate` output (the 200,000-cell one is the README benchmark's,
# scripts/bench-big-district.sh); population.csv holds the same cells as points (id, lon, lat,
# pop, elderly, digital), written from the GeoJSON by this script. Each case runs RUNS times
# (default 3) under /usr/bin/time -v; the script prints the median wall and CPU seconds, the
# peak memory and MB/s = layer size / wall time of the whole process (a lower bound on the
# parser's own speed: the process also starts, reads the small layers and builds the cells).
# CALLGRIND=1 adds, per build, the instruction count of `check` on the 200,000-cell GeoJSON
# district (valgrind --tool=callgrind: repeatable on a loaded machine) and keeps the profiles in
# bench-cases/ingest/callgrind.<build>.out.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
base=${1:-$(git merge-base HEAD main)}
sizes=${2:-"200000 1000000"}
prev=${PREV_DIR:-/work/prev-$(git rev-parse --short "$base")-ingest}
runs=${RUNS:-3}

. scripts/bench-big-district.sh   # this build into $bin, and bench-cases/big
this=$bin
if [ ! -x "$prev/.build/release/twinreach" ]; then
  [ -d "$prev" ] || git worktree add --detach "$prev" "$base" >/dev/null
  (cd "$prev" && swift build -c release --product twinreach >/dev/null)
fi
previous=$prev/.build/release/twinreach

mkdir -p bench-cases/ingest
district() { # cells -> folder holding a district of about that many cells, roads left out
  local cells=$1 dir=bench-cases/ingest/d$1
  if [ ! -f "$dir/geojson/district.yaml" ]; then
    local source=bench-cases/big
    if [ "$cells" != 200000 ]; then
      local side=$(python3 -c "import math; print(int(math.sqrt($cells)))")
      source=bench-cases/ingest/generated-$cells
      [ -f "$source/district.yaml" ] || "$this" generate --out "$source" --cells-x "$side" --cells-y "$side" \
        --cell-meters 100 --road-spacing-meters 80 --kiosks 1900 --seed 1 >/dev/null
    fi
    mkdir -p "$dir/geojson" "$dir/csv"
    for f in district.yaml channels.yaml services.csv boundary.geojson subdistricts.geojson sites.geojson; do
      cp "$source/$f" "$dir/geojson/"; cp "$source/$f" "$dir/csv/"
    done
    cp "$source/population.geojson" "$dir/geojson/"
    python3 - "$source/population.geojson" "$dir/csv/population.csv" <<'EOF'
import json, sys
cells = json.load(open(sys.argv[1]))["features"]
with open(sys.argv[2], "w") as out:
    out.write("id,lon,lat,pop,elderly,digital\n")
    for f in cells:
        g = f["geometry"]
        p, ring = f["properties"], (g["coordinates"][0][0] if g["type"] == "MultiPolygon" else g["coordinates"][0])[:-1]
        lon = sum(q[0] for q in ring) / len(ring); lat = sum(q[1] for q in ring) / len(ring)
        out.write(f'{p["id"]},{lon:.7f},{lat:.7f},{p["pop"]},{p.get("elderly", "")},{p.get("digital", "")}\n')
EOF
  fi
  echo "$dir"
}

measure() { # binary folder -> "wall cpu peakKiB" medians over $runs
  local binary=$1 folder=$2 out
  for _ in $(seq "$runs"); do
    out=$(/usr/bin/time -v "$binary" check "$folder" 2>&1 >/dev/null | tail -n 30)
    python3 - "$out" <<'EOF'
import re, sys
t = sys.argv[1]
def field(name):
    return re.search(name + r": *([0-9.:]+)", t).group(1)
wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(field("User time \(seconds\)")) + float(field("System time \(seconds\)"))
print(f"{seconds:.3f} {cpu:.3f} {field('Maximum resident set size \(kbytes\)')}")
EOF
  done | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

printf '%-9s %-8s %8s | %-26s | %-26s | %s\n' cells format MB "base: wall s, CPU s, MiB, MB/s" "this: wall s, CPU s, MiB, MB/s" "speed-up (wall)"
for cells in $sizes; do
  dir=$(district "$cells")
  for format in geojson csv; do
    folder=$dir/$format
    layer=$folder/population.$format
    mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$layer\") / 1e6:.1f}')")
    read -r pw pc pm <<<"$(measure "$previous" "$folder")"
    read -r tw tc tm <<<"$(measure "$this" "$folder")"
    python3 -c "
mb, pw, pc, pm, tw, tc, tm = $mb, $pw, $pc, $pm, $tw, $tc, $tm
print(f'{$cells:<9} {\"$format\":<8} {mb:8.1f} | {pw:6.2f} {pc:6.2f} {pm/1024:6.0f} {mb/pw:6.0f}     | {tw:6.2f} {tc:6.2f} {tm/1024:6.0f} {mb/tw:6.0f}     | {pw/tw:.2f}x')"
  done
done

if [ "${CALLGRIND:-0}" = 1 ]; then
  folder=$(district 200000)/geojson
  for build in base this; do
    binary=bench-cases/ingest/twinreach-$build # valgrind cannot read the Swift binaries' debug info: a copy without it
    cp "$previous" "$binary"; [ $build = this ] && cp "$this" "$binary"
    strip --strip-debug "$binary"
    valgrind --tool=callgrind --callgrind-out-file="bench-cases/ingest/callgrind.$build.out" "$binary" check "$folder" \
      2>&1 >/dev/null | grep -E "Collected" | sed "s/^==[0-9]*==/$build:/"
  done
fi
