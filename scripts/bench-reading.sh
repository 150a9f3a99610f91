#!/usr/bin/env bash
# Reading a whole district (issue 15, "inputs at disk-like speed"): `twinreach check` of one
# district folder, population layer and roads.osm included, by two release binaries in the same
# run, RUNS times each (default 3, interleaved) under /usr/bin/time -v; prints each run's wall
# and CPU seconds and peak memory, then the medians and MB/s of the inputs (population layer +
# roads.osm) per wall second of the whole process.
#
#   scripts/bench-reading.sh BASE-BINARY THIS-BINARY DISTRICT-FOLDER
#
# e.g. the 200,000-cell district of scripts/bench-scale.sh:
#   scripts/bench-reading.sh /work/base-bin/twinreach .build/release/twinreach bench-cases/200k
set -euo pipefail
base=$1 this=$2 district=$3
runs=${RUNS:-3}
mb=$(python3 -c "import os, sys; print(sum(os.path.getsize(os.path.join(sys.argv[1], f)) for f in os.listdir(sys.argv[1]) if f.startswith('population.') or f == 'roads.osm') / 1e6)" "$district")
one() { # binary -> "wall cpu peakKiB"
  /usr/bin/time -v "$1" check "$district" 2>&1 >/dev/null | python3 -c '
import re, sys
t = sys.stdin.read()
field = lambda name: re.search(name + r": *([0-9.:]+)", t).group(1)
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":"))))
print(f"{wall:.3f} {float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)")):.3f} {field(r"Maximum resident set size \(kbytes\)")}")'
}
: > /tmp/bench-reading.$$.base; : > /tmp/bench-reading.$$.this
trap 'rm -f /tmp/bench-reading.$$.base /tmp/bench-reading.$$.this' EXIT
for i in $(seq "$runs"); do
  for b in base this; do
    binary=$base; [ $b = this ] && binary=$this
    r=$(one "$binary"); echo "$r" >> /tmp/bench-reading.$$.$b
    echo "run $i $b: $r (wall s, CPU s, peak KiB)"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); inputs $mb MB (population layer + roads.osm)"
for b in base this; do
  sort -n /tmp/bench-reading.$$.$b | awk -v n="$runs" -v b=$b -v mb="$mb" 'NR == int((n + 1) / 2) {
    printf "%s median: %.2f s wall, %.2f s CPU, %.0f MiB peak, %.0f MB/s (inputs / wall)\n", b, $1, $2, $3 / 1024, mb / $1 }'
done
