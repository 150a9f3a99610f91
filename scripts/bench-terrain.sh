#!/usr/bin/env bash
# What the DEM costs: the Andorra baseline `run` (release build, store absent, so the walking
# graph is built from roads.osm) with GeoData/andorra's DEM (`dem: elevation.tif`) and without
# it (a copy of the district with the `dem:` line and the raster left out), alternating, RUNS
# times each (default 5) after one warm-up of each, timed as whole processes with
# /usr/bin/time -v. Prints every run's wall and CPU (user + system) seconds and peak memory, and
# the medians. Run on demand, not in CI. BIN=path/to/twinreach skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
if [ -z "${BIN:-}" ]; then
    swift build -c release --product twinreach >/dev/null
    BIN=.build/release/twinreach
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/flat/GeoData" "$WORK/flat/Scenarios" "$WORK/dem/GeoData" "$WORK/dem/Scenarios"
cp -r GeoData/andorra "$WORK/dem/GeoData/"
cp -r GeoData/andorra "$WORK/flat/GeoData/"
rm -f "$WORK"/*/GeoData/andorra/twinreach.sqlite "$WORK/flat/GeoData/andorra/elevation.tif"
sed -i '/^dem:/d' "$WORK/flat/GeoData/andorra/district.yaml"
for v in flat dem; do cp Scenarios/andorra-baseline.yaml "$WORK/$v/Scenarios/"; done

once() {  # variant -> "wall cpu peakMiB"
    /usr/bin/time -v "$BIN" run "$WORK/$1/Scenarios/andorra-baseline.yaml" --out "$WORK/out-$1" -q >/dev/null 2>"$WORK/time.txt"
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; w=s}
                /User time/ {u=$2} /System time/ {y=$2} /Maximum resident set size/ {m=$2/1024}
                END {printf "%.2f %.2f %.1f\n", w, u+y, m}' "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
once flat >/dev/null; once dem >/dev/null   # warm-up
: >"$WORK/flat.txt"; : >"$WORK/dem.txt"
for _ in $(seq "$RUNS"); do
    once flat >>"$WORK/flat.txt"
    once dem >>"$WORK/dem.txt"
done
for v in flat dem; do
    echo "$v: wall s $(cut -d' ' -f1 "$WORK/$v.txt" | tr '\n' ' ')| cpu s $(cut -d' ' -f2 "$WORK/$v.txt" | tr '\n' ' ')| medians wall $(cut -d' ' -f1 "$WORK/$v.txt" | median) s, cpu $(cut -d' ' -f2 "$WORK/$v.txt" | median) s, peak $(cut -d' ' -f3 "$WORK/$v.txt" | median) MiB"
done
