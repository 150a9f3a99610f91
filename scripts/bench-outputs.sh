#!/usr/bin/env bash
# The run's output stage beside a base binary, on the same generated district:
#
#   scripts/bench-outputs.sh BASE_BINARY [NEW_BINARY] [--size 200k|1m]
#
# (NEW_BINARY: default this checkout's release build.) Generates the district once with the base
# binary (bench-cases/outputs/<size>/, git-ignored), runs `twinreach run -v --threads 2` with each
# binary under /usr/bin/time -v, prints wall, CPU and peak memory of the whole process and the
# seconds from "cells placed in subdistricts" to the last file written (the output stage), and
# compares every output file byte for byte (summary.json less its twinreach_version line; the
# .twinreach-run marker, which names the time and the process, is left out; layers.gpkg, when
# its bytes differ, by `sqlite3 .dump`).
set -euo pipefail
cd "$(dirname "$0")/.."
base_bin=${1:?usage: $0 BASE_BINARY [NEW_BINARY] [--size 200k|1m]}; shift
new_bin=$PWD/.build/release/twinreach
if [ $# -gt 0 ] && [ "$1" != --size ]; then new_bin=$1; shift; fi
size=200k
if [ "${1:-}" = --size ]; then size=$2; fi
case $size in
  200k) args="--cells-x 500 --cells-y 400 --road-spacing-meters 80 --kiosks 1900" ;;
  1m) args="--cells-x 1000 --cells-y 1000 --road-spacing-meters 80 --kiosks 9500" ;;
  *) echo "unknown size $size (200k, 1m)" >&2; exit 64 ;;
esac
work=$PWD/bench-cases/outputs
mkdir -p "$work"
if [ ! -f "$work/$size/roads.osm" ]; then
  # shellcheck disable=SC2086
  "$base_bin" generate --out "$work/$size" $args --cell-meters 100 --seed 1 >/dev/null
fi
printf 'name: scale-%s\ndistrict: %s\n' "$size" "$size" > "$work/$size.yaml"

for side in base new; do
  bin=$([ $side = base ] && echo "$base_bin" || echo "$new_bin")
  "/usr/bin/time" -v -o "$work/time-$side.txt" "$bin" run "$work/$size.yaml" --out "$work/out-$size-$side" -v --threads 2 \
    >/dev/null 2>"$work/log-$side.txt"
  awk -v side=$side '
    FILENAME ~ /log/ && /cells placed in subdistricts/ { start = $1 }
    FILENAME ~ /log/ && / wrote / { end = $1 }
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    /Maximum resident set size/ { peak = $NF }
    END { printf "%-4s wall %7.2f s  cpu %7.2f s  peak %5.0f MiB  output stage %6.2f s\n", side, wall, cpu, peak / 1024, end - start }
  ' "$work/log-$side.txt" "$work/time-$side.txt"
done

same=0 differ=0
for file in "$work/out-$size-base"/*; do
  name=$(basename "$file")
  if [ "$name" = summary.json ]; then
    cmp -s <(grep -v '"twinreach_version"' "$file") <(grep -v '"twinreach_version"' "$work/out-$size-new/$name") && same=$((same + 1)) ||
      { differ=$((differ + 1)); echo "differs: $name"; }
  elif [ "$name" = layers.gpkg ] && ! cmp -s "$file" "$work/out-$size-new/$name"; then
    # A GeoPackage whose bytes differ (SQLite's file change counter in its header) counts as
    # the same when SQLite's dump of every table, row and schema entry is the same.
    if cmp -s <(sqlite3 "$file" .dump) <(sqlite3 "$work/out-$size-new/$name" .dump); then
      same=$((same + 1)); echo "layers.gpkg: the same dump, $(cmp -l "$file" "$work/out-$size-new/$name" | wc -l) header byte(s) differ"
    else
      differ=$((differ + 1)); echo "differs: $name (its dump too)"
    fi
  else
    cmp -s "$file" "$work/out-$size-new/$name" && same=$((same + 1)) || { differ=$((differ + 1)); echo "differs: $name"; }
  fi
done
echo "$size: $same files byte-identical, $differ differ; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
