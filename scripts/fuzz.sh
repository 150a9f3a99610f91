#!/usr/bin/env bash
# Fuzzes TwinReach's input readers with libFuzzer (issue 10, "Prove it stays fixed").
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 seconds each, every target
#
# Targets (Fuzz/Sources/fuzz-*): geojson, csv, scenario, hours, osm, district. Each is built
# with -sanitize=fuzzer,address, seeded from the shipped samples, given the tokens of its
# format (Fuzz/dictionaries/<target>.dict: keys, and numbers such as 1e308, nan, 2^63-1)
# and run for SECONDS (-max_total_time). Leaks are not reported: the Swift runtime and
# Foundation keep caches for the life of the process. FUZZ_JOBS targets run at a time (default 1). Corpora grow in .fuzz/corpus/
# (git-ignored) and are reused by the next run; crash inputs land in .fuzz/crashes/<target>/
# and the log in .fuzz/logs/<target>.log. Exit status 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(geojson csv scenario hours osm district)
jobs=${FUZZ_JOBS:-1}
work=$repo/.fuzz
# No leak report at exit either: libFuzzer would save it as a crash with an empty input.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
bin=$(swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)

# A FeatureCollection of the first N features of a one-feature-per-line GeoJSON file.
head_features() {
  { head -n "$2" "$1" | sed '$ s/,$//'; echo ']}'; }
}

# Writes the seeds of one target into .fuzz/seeds/<target>/ (rebuilt every run).
seed() {
  local target=$1 dir=$work/seeds/$1 n=0
  rm -rf "$dir"; mkdir -p "$dir"
  case $target in
    geojson)
      for f in GeoData/*/*.geojson; do
        if [ "$(wc -c <"$f")" -le 65536 ]; then cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
        else head_features "$f" 6 >"$dir/$(basename "$(dirname "$f")")-head-$(basename "$f")"; fi
      done ;;
    csv)
      for f in GeoData/*/services.csv; do cp "$f" "$dir/$(basename "$(dirname "$f")")-services.csv"; done
      for f in ../shared/peers/cases/tiny/*.csv; do [ -f "$f" ] && cp "$f" "$dir/tiny-$(basename "$f")"; done
      printf 'origin,destination,minutes\nc1,s1,5\n"c2","s2",7.5\nc3,s9,1e3\n' >"$dir/quoted-matrix.csv" ;;
    scenario)
      cp Scenarios/*.yaml "$dir/" ;;
    hours)
      cat GeoData/*/sites.geojson GeoData/*/channels.yaml Scenarios/*.yaml \
        | grep -o 'hours"\{0,1\}: *"[^"]*"' | sed 's/.*: *"//; s/"$//' | sort -u \
        | while IFS= read -r line; do n=$((n + 1)); printf '%s' "$line" >"$dir/hours-$n"; done ;;
    osm)
      cp Tests/OSMReaderTests/Fixtures/tiny.osm "$dir/tiny.osm"
      cp GeoData/synthetic-small/roads.osm "$dir/synthetic-small-roads.osm" ;;
    district)
      local files=(district.yaml services.csv channels.yaml boundary.geojson subdistricts.geojson
                   population.geojson sites.geojson candidates.geojson) k
      for k in "${!files[@]}"; do
        local src=GeoData/synthetic-small/${files[$k]} out=$dir/$k-${files[$k]}
        printf "\\x$(printf %02x "$k")" >"$out"
        if [ "${files[$k]}" = population.geojson ]; then head_features "$src" 6 >>"$out"; else cat "$src" >>"$out"; fi
      done ;;
  esac
}

run_target() {
  local target=$1 log=$work/logs/$1.log end=$(( $(date +%s) + seconds )) left started
  mkdir -p "$work/corpus/$target" "$work/crashes/$target" "$work/logs"
  seed "$target"
  : >"$log"
  # libFuzzer stops at a crash (its input is kept in crashes/); fuzzing then resumes from the
  # grown corpus for the rest of the time, so that one run finds more than one crash.
  while left=$(( end - $(date +%s) )); [ "$left" -gt 0 ]; do
    started=$(date +%s)
    TWINREACH_REPO=$repo "$bin/fuzz-$target" "$work/corpus/$target" "$work/seeds/$target" \
      -dict="Fuzz/dictionaries/$target.dict" -max_total_time="$left" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -detect_leaks=0 \
      -artifact_prefix="$work/crashes/$target/" -print_final_stats=1 >>"$log" 2>&1 && break
    [ $(( $(date +%s) - started )) -ge 2 ] || break # crashes on loading its corpus: stop
  done
}

running=0
for target in "${targets[@]}"; do
  [ -x "$bin/fuzz-$target" ] || { echo "no fuzz target '$target'" >&2; exit 64; }
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

# One line per target: executions (summed over restarts), executions per second, the last
# coverage (cov: edges, ft: features) and the crash, timeout and out-of-memory inputs kept.
status=0
for target in "${targets[@]}"; do
  log=$work/logs/$target.log
  # A libFuzzer process may print its final stats twice (at a crash): count each process once.
  execs=$(awk '/^INFO: Seed:/ {n += last; last = 0} /^stat::number_of_executed_units:/ {last = $2} END {print n + last}' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  findings=$(find "$work/crashes/$target" -type f | wc -l)
  printf '%-9s %10s execs  %6s exec/s  %-22s findings: %s\n' "$target" "$execs" "$((execs / seconds))" "${cov:-cov: ?}" "$findings"
  if [ "$findings" -gt 0 ]; then status=1; find "$work/crashes/$target" -type f | sed 's/^/    /'; fi
done
exit $status
