#!/usr/bin/env bash
# Where a `twinreach run` holds its memory, step by step: runs BIN on SCENARIO with --verbose and,
# at each step line, reads the process's peak (VmHWM) and current (VmRSS) resident memory from
# /proc, so that the step that raised the peak shows:
#
#   scripts/memory-by-step.sh BIN SCENARIO OUT [--threads N]
#
# Prints "  peak MiB  now MiB  <the step line>" per step, then the /usr/bin/time -v peak.
# A step line is printed at the END of its step: the peak on it includes that step.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 BIN SCENARIO OUT [--threads N]" >&2; exit 64; }
bin=$1 scenario=$2 out=$3; shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/steps"
/usr/bin/time -v -o "$tmp/time" "$bin" run "$scenario" --out "$out" -v "$@" 2>"$tmp/steps" >/dev/null &
timer=$!
mib() { awk -v key="$1:" '$1 == key { printf "%6.0f", $2 / 1024 }' "/proc/$2/status" 2>/dev/null || true; }
printf '%6s  %6s  %s\n' "peak" "now" "step (MiB)"
while IFS= read -r line; do
  # The run is the child of /usr/bin/time.
  pid=$(pgrep -P "$timer" -n 2>/dev/null || true)
  if [ -n "$pid" ]; then printf '%s  %s  %s\n' "$(mib VmHWM "$pid")" "$(mib VmRSS "$pid")" "$line"
  else printf '%6s  %6s  %s\n' "-" "-" "$line"; fi
done < "$tmp/steps"
wait "$timer" || true
grep -E "Maximum resident|Elapsed|User time|System time|Exit status" "$tmp/time"
