#!/usr/bin/env bash
# What writing layers.gpkg adds to a run: the baseline runs of the synthetic district (1,200
# cells) and of Andorra (2,014 cells), timed whole-process with this build and with a BASE
# binary built from the commit before layers.gpkg (BASE=path/to/twinreach), in the same session,
# alternating, RUNS (5) runs each; prints the medians. Set TIMER to a whole-process pairing timer
# (TIMER="<timer> -n 5 --") for its own statistics; default: bash's clock, medians here.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product twinreach >/dev/null
new=$PWD/.build/release/twinreach
base=${BASE:?set BASE to a twinreach built from the commit before layers.gpkg}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for scenario in Scenarios/synthetic-baseline.yaml Scenarios/andorra-baseline.yaml; do
  : >"$out/new.times"; : >"$out/base.times"
  for _ in $(seq "${RUNS:-5}"); do
    for which in base new; do
      bin=$([ "$which" = new ] && echo "$new" || echo "$base")
      start=$(date +%s.%N)
      "$bin" run "$scenario" --out "$out/$which" -q --threads 2
      echo "$(date +%s.%N) - $start" | bc >>"$out/$which.times"
    done
  done
  b=$(median <"$out/base.times"); n=$(median <"$out/new.times")
  echo "$scenario: base $b s, with layers.gpkg $n s (+$(echo "$n - $b" | bc) s), layers.gpkg $(du -k "$out/new/layers.gpkg" | cut -f1) KiB"
done
