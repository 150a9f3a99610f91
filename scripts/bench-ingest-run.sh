#!/usr/bin/env bash
# The reading steps of a whole `twinreach run` (issue 15, ingest): the cells and sites loaded and
# the roads read, this checkout's release build beside a base binary on the same scenario, one
# after the other, each whole process under /usr/bin/time -v, 2 threads; then every output file
# compared byte for byte.
#
#   scripts/bench-ingest-run.sh BASE_BINARY SCENARIO.yaml [OUT_ROOT]   OUT_ROOT default bench-cases/ingest-run
#
# Per build it prints the run's own step lines (`--verbose`: seconds since the start) up to the
# walking graph, and the process's wall time, user and system CPU and peak memory. Since the roads
# are read beside the population, the "read … road ways" line follows "loaded" at once.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 scenario=$2 root=${3:-bench-cases/ingest-run}
this=.build/release/twinreach
[ -x "$this" ] || swift build -c release --product twinreach >/dev/null
mkdir -p "$root"
for side in base this; do
  binary=$base; [ $side = this ] && binary=$this
  rm -rf "$root/out-$side"
  /usr/bin/time -v "$binary" run "$scenario" --out "$root/out-$side" --verbose >"$root/stdout-$side.txt" 2>"$root/stderr-$side.txt"
  echo "== $side ($binary)"
  grep -E "^ +[0-9.]+ s  (loaded|read [0-9]+ road ways|road graph|walk graph|bike graph|drive graph)" "$root/stderr-$side.txt"
  python3 - "$root/stderr-$side.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def field(name): return re.search(name + r": *([0-9.:]+)", t).group(1)
wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
user, system = field(r"User time \(seconds\)"), field(r"System time \(seconds\)")
peak = int(field(r"Maximum resident set size \(kbytes\)")) / 1024
print(f"   process: {seconds:.1f} s wall, {user} s user, {system} s system, {peak:.0f} MiB peak")
PY
done
same=0 differ=0
for f in $(cd "$root/out-base" && find . -type f | sort); do
  if cmp -s "$root/out-base/$f" "$root/out-this/$f"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $f"; fi
done
echo "outputs: $same files identical, $differ differ"
