#!/usr/bin/env bash
# The travel step of a whole `twinreach run` beside a base binary, on the same district:
#
#   scripts/bench-travel-run.sh BASE_BINARY SCENARIO.yaml [OUT_DIR]
#
# Runs the base binary, then this checkout's release build (`run --verbose --threads 2`) under
# /usr/bin/time -v, prints each side's `travel times` and `nearest` step lines, whole-process
# CPU time and peak memory, then compares every output file but summary.json's version line
# (the search is meant to give the same bytes). PERF=1 samples each side with `perf record`
# (499 Hz) and prints the searches' share of the samples (RoadGraph.search and its heap).
set -euo pipefail
cd "$(dirname "$0")/.."
base_bin=$1 scenario=$2 out=${3:-bench-cases/travel-run}
new_bin=$(swift build -c release --product twinreach --show-bin-path)/twinreach
mkdir -p "$out"
for side in base new; do
  bin=$base_bin; [ $side = new ] && bin=$new_bin
  rm -rf "$out/$side"
  sample=(); [ "${PERF:-0}" = 1 ] && sample=(perf record -q -F 499 -o "$out/$side.perf")
  "${sample[@]}" /usr/bin/time -v -o "$out/$side.time" "$bin" run "$scenario" --out "$out/$side" --threads 2 --verbose 2> "$out/$side.log" >/dev/null
  echo "== $side ($bin)"
  grep -iE "travel|nearest|graph" "$out/$side.log" | sed 's/^/   /'
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Elapsed \(wall clock\)/ {w=$2} /Maximum resident set size/ {m=$2}
    END {printf "   whole process: wall %s, CPU %.1f s, peak %.0f MiB\n", w, u + s, m / 1024}' "$out/$side.time"
  if [ "${PERF:-0}" = 1 ]; then
    perf report -i "$out/$side.perf" --stdio --sort symbol 2>/dev/null | grep -E 'RoadGraphV6search|HeapModule' \
      | awk '{gsub("%", "", $1); p += $1} END {printf "   searches and heap: %.2f %% of the samples\n", p}'
  fi
done
differ=0
for f in $(cd "$out/base" && find . -type f | sort); do
  if [ "$f" = ./summary.json ]; then
    cmp -s <(grep -v twinreach_version "$out/base/$f") <(grep -v twinreach_version "$out/new/$f") || { echo "differs: $f"; differ=1; }
  else
    cmp -s "$out/base/$f" "$out/new/$f" || { echo "differs: $f"; differ=1; }
  fi
done
[ $differ = 0 ] && echo "outputs: the same bytes (summary.json less its version)"
