#!/usr/bin/env bash
# Benchmark of `twinreach import GeoData/andorra` (release build), beside a yardstick on the same
# roads: spatialite_osm_net building SpatiaLite's own road network from GeoData/andorra/roads.osm
# (one mode, no district layers, no snapping; it shows what reading the same OSM file and writing
# a SpatiaLite network costs with the reference tool). Each command runs RUNS times (default 5)
# after one warm-up, timed as a whole process with /usr/bin/time -v; the script prints every
# run's wall seconds and peak resident memory, and the medians. Run on demand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
swift build -c release --product twinreach >/dev/null
BIN=.build/release/twinreach
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

measure() {  # name, command...
    local name=$1; shift
    local walls=() peaks=()
    "$@" >/dev/null 2>&1   # warm-up
    for _ in $(seq "$RUNS"); do
        rm -f "$WORK"/*.sqlite
        /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt"
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time.txt")")
        peaks+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.txt")")
    done
    local mw mp
    mw=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mp=$(printf '%s\n' "${peaks[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$name: wall s ${walls[*]} | peak MiB ${peaks[*]} | median ${mw} s, ${mp} MiB"
}

measure "twinreach import GeoData/andorra" "$BIN" import GeoData/andorra --store "$WORK/andorra.sqlite"
measure "spatialite_osm_net roads.osm" sh -c "rm -f \"$WORK/net.sqlite\"; exec spatialite_osm_net -o GeoData/andorra/roads.osm -d \"$WORK/net.sqlite\" -T roads"
