#!/usr/bin/env bash
# Reading the population layer (issue 15, ingest): `twinreach check` of districts without their
# roads, a base binary beside this checkout's release build, alternating, each run a whole
# process under /usr/bin/time -v, so that reading and checking population.geojson dominates.
#
#   scripts/bench-ingest-check.sh BASE_BINARY DISTRICT...   (RUNS=3 by default)
#
# Each DISTRICT is copied into bench-cases/ingest-check/<name> without roads.osm / roads.osm.pbf
# (its population layer linked, not copied). Per district and build it prints the medians of
# wall seconds, CPU seconds (user + system) and peak memory, and MB/s of CPU: the population
# layer's size over the whole process's CPU seconds (a lower bound on the parser's own speed:
# the process also starts, reads the small layers, builds and checks the cells).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1; shift
this=.build/release/twinreach
[ -x "$this" ] || swift build -c release --product twinreach >/dev/null
runs=${RUNS:-3}
root=bench-cases/ingest-check
mkdir -p "$root"

measure() { # binary folder -> one line "wall cpu peakKiB"
  /usr/bin/time -v "$1" check "$2" 2>&1 >/dev/null | python3 -c '
import re, sys
t = sys.stdin.read()
def field(name): return re.search(name + r": *([0-9.:]+)", t).group(1)
wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)"))
peak = field(r"Maximum resident set size \(kbytes\)")
print(f"{seconds:.3f} {cpu:.3f} {peak}")'
}

median() { sort -n | awk -v n="$runs" '{ v[NR] = $1 } END { print v[int((n + 1) / 2)] }'; }

printf '%-12s %8s | %-34s | %-34s\n' district "layer MB" "base: wall s, CPU s, MiB, MB/s CPU" "this: wall s, CPU s, MiB, MB/s CPU"
for source in "$@"; do
  name=$(basename "$source")
  folder=$root/$name
  if [ ! -d "$folder" ]; then
    mkdir -p "$folder"
    for f in "$source"/*; do
      case $(basename "$f") in roads.osm|roads.osm.pbf|twinreach.sqlite) ;; population.*) ln -s "$(realpath "$f")" "$folder/" ;; *) cp -r "$f" "$folder/" ;; esac
    done
  fi
  layer=$(ls "$folder"/population.* | head -n 1)
  mb=$(python3 -c "import os; print(os.path.getsize(os.path.realpath('$layer')) / 1e6)")
  : >"$root/$name.base"; : >"$root/$name.this"
  for _ in $(seq "$runs"); do
    measure "$base" "$folder" >>"$root/$name.base"
    measure "$this" "$folder" >>"$root/$name.this"
  done
  line() { # file -> "wall cpu MiB MB/s"
    local w c m
    w=$(cut -d' ' -f1 "$1" | median); c=$(cut -d' ' -f2 "$1" | median); m=$(cut -d' ' -f3 "$1" | median)
    python3 -c "print(f'{$w:6.2f} {$c:6.2f} {$m / 1024:7.0f} {$mb / $c:6.0f}')"
  }
  printf '%-12s %8.1f | %-34s | %-34s\n' "$name" "$mb" "$(line "$root/$name.base")" "$(line "$root/$name.this")"
done
