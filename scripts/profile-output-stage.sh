#!/usr/bin/env bash
# CPU of a run's output stage, from a `perf record` of `twinreach run -v` and that run's log:
# the samples between "cells placed in subdistricts" and the last "wrote" line, in CPU
# seconds, per thread and per library (the stage's jobs run on the run's threads).
#
#   perf record -F 199 -g -o PERF.data twinreach run SCENARIO --out OUT -v --threads 2 2>LOG
#   scripts/profile-output-stage.sh PERF.data LOG
set -euo pipefail
data=${1:?usage: $0 PERF.data LOG}; log=${2:?usage: $0 PERF.data LOG}
start=$(awk '/cells placed in subdistricts/ { print $1 }' "$log")
end=$(awk '/^ *[0-9.]+ s +wrote / { t = $1 } END { print t }' "$log")
t0=$( (perf script -i "$data" -F time 2>/dev/null || true) | awk 'NR == 1 { gsub(/[ :]/, ""); print }')
window="$(echo "$t0 + $start" | bc),$(echo "$t0 + $end" | bc)"
cpu=$(perf report -i "$data" --time "$window" --stdio --sort dso 2>/dev/null | awk '/^# Event count/ { print $NF / 1e9 }')
echo "output stage: ${start}–${end} s of the run, ${cpu} s CPU"
for key in pid dso; do
  perf report -i "$data" --time "$window" --no-children --sort $key --stdio 2>/dev/null |
    awk -v cpu="$cpu" '/^ +[0-9.]+%/ { share = $1; sub("%", "", share); if (share >= 1) { $1 = ""; printf "  %6.2f s %s\n", share * cpu / 100, $0 } }'
done
