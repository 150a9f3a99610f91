#!/usr/bin/env bash
# The channel choice's cost inside a whole `twinreach run`, a base binary beside this checkout's
# release binary, on the same generated district:
#
#   scripts/bench-choice.sh --base-bin PATH [--sizes "200k 1m"] [--threads 2]
#
# For each size it generates the district once with the BASE binary (bench-cases/choice/<size>,
# git-ignored; the generator arguments of scripts/bench-scale.sh), runs both binaries under
# /usr/bin/time -v with `run -v`, and prints side by side: whole-run wall and CPU seconds, peak
# memory, the channel-choice step's wall seconds (from the `-v` log: the time between the
# "nearest hall and kiosk" line and the "channel choice" line), its evaluation count, and
# whether every output file is byte-identical (summary.json compared without its version).
set -euo pipefail
cd "$(dirname "$0")/.."
base_bin="" sizes="200k" threads=2
while [ $# -gt 0 ]; do
  case $1 in
    --base-bin) base_bin=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 --base-bin PATH [--sizes \"200k 1m\"] [--threads N]" >&2; exit 64 ;;
  esac
done
[ -x "$base_bin" ] || { echo "$0: --base-bin must name an executable twinreach" >&2; exit 64; }
swift build -c release --product twinreach >/dev/null
new_bin=$PWD/.build/release/twinreach
work=$PWD/bench-cases/choice
mkdir -p "$work"

generate() {  # size -> district folder, made once by the base binary
  local size=$1 args
  case $size in
    50k) args="--cells-x 250 --cells-y 200 --road-spacing-meters 80 --kiosks 475" ;;
    200k) args="--cells-x 500 --cells-y 400 --road-spacing-meters 80 --kiosks 1900" ;;
    1m) args="--cells-x 1000 --cells-y 1000 --road-spacing-meters 80 --kiosks 9500" ;;
    *) echo "unknown size $size (50k, 200k, 1m)" >&2; exit 64 ;;
  esac
  if [ ! -f "$work/$size/roads.osm" ]; then
    # shellcheck disable=SC2086
    "$base_bin" generate --out "$work/$size" $args --cell-meters 100 --seed 1 >/dev/null
  fi
  printf 'name: scale-%s\ndistrict: %s\n' "$size" "$size" > "$work/$size.yaml"
}

measure() {  # side size -> "wall cpu peak_kib choice_s evaluations"
  local side=$1 size=$2 bin out
  bin=$([ "$side" = base ] && echo "$base_bin" || echo "$new_bin")
  out=$work/out-$size-$side
  rm -rf "$out"
  /usr/bin/time -v -o "$work/time-$size-$side.txt" "$bin" run "$work/$size.yaml" --out "$out" -v --threads "$threads" \
    > "$work/log-$size-$side.txt" 2>&1
  awk '
    /nearest hall and kiosk minutes/ { start = $1 }
    /channel choice: / { choice = $1 - start; for (i = 1; i <= NF; i++) if ($i == "after") evaluations = $(i + 1) }
    END { printf "%.2f %s ", choice, evaluations }' "$work/log-$size-$side.txt" > "$work/choice-$size-$side.txt"
  awk -v choice="$(cat "$work/choice-$size-$side.txt")" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    /Maximum resident set size/ { peak = $NF }
    END { printf "%.2f %.2f %d %s\n", wall, cpu, peak, choice }' "$work/time-$size-$side.txt"
}

same_outputs() {  # size -> "identical" or the files that differ
  local a=$work/out-$1-base b=$work/out-$1-new diffs="" f
  for f in $(cd "$a" && find . -type f | sort); do
    if [ "$f" = ./summary.json ]; then
      cmp -s <(jq -S 'del(.twinreach_version)' "$a/$f") <(jq -S 'del(.twinreach_version)' "$b/$f") || diffs="$diffs $f"
    else
      cmp -s "$a/$f" "$b/$f" || diffs="$diffs $f"
    fi
  done
  echo "${diffs:-identical}"
}

echo "base $base_bin vs $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+changes'), $(nproc) cores," \
  "$(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-4s | %8s %8s %10s | %9s %5s\n' cells side "wall s" "cpu s" "peak MiB" "choice s" evals
for size in $sizes; do
  generate "$size"
  for side in base new; do
    read -r wall cpu peak choice evaluations <<< "$(measure $side "$size")"
    printf '%-5s %-4s | %8s %8s %10.0f | %9s %5s\n' "$size" "$side" "$wall" "$cpu" "$(echo "$peak / 1024" | bc -l)" \
      "$choice" "$evaluations"
  done
  echo "$size outputs: $(same_outputs "$size")"
done
