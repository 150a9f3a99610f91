#!/usr/bin/env bash
# What giving overload to the cells costs: the 200,000-cell generated district (bench-scale.sh's
# 200k: 500 x 400 cells of 100 m, streets every 80 m, 1,900 kiosks) with its district hall cut
# to 2 windows, so that it is overloaded; the base binary and this checkout's release binary on
# the same inputs, whole process under /usr/bin/time -v, 2 threads.
#
#   scripts/bench-overload.sh BASE_BINARY
#
# Prints wall time, CPU time and peak memory of each, and the overload figures of the new run.
set -euo pipefail
cd "$(dirname "$0")/.."
base_bin=${1:?usage: $0 BASE_BINARY}
new_bin=$PWD/.build/release/twinreach
work=$PWD/bench-cases/overload
mkdir -p "$work"
district=$work/district
if [ ! -f "$district/roads.osm" ]; then
  "$base_bin" generate --out "$district" --cells-x 500 --cells-y 400 --road-spacing-meters 80 --kiosks 1900 \
    --cell-meters 100 --seed 1 >/dev/null
fi
hall=$(python3 -c "import json,sys; print(next(f['properties']['id'] for f in json.load(open('$district/sites.geojson'))['features'] if f['properties'].get('tier') == 'district'))")
printf 'name: overload-200k\ndistrict: district\nchanges:\n  - modify_site: {id: %s, windows: 2}\n' "$hall" > "$work/overload.yaml"
for side in base new; do
  bin=$base_bin; [ $side = new ] && bin=$new_bin
  rm -rf "$work/out-$side"
  /usr/bin/time -v "$bin" run "$work/overload.yaml" --out "$work/out-$side" --threads 2 -q 2> "$work/time-$side.txt"
  awk -v side=$side '/Elapsed \(wall/ {wall=$NF} /User time/ {u=$NF} /System time/ {s=$NF} /Maximum resident/ {m=$NF}
    END {printf "%s: wall %s, CPU %.1f s, peak %.0f MiB\n", side, wall, u + s, m / 1024}' "$work/time-$side.txt"
done
python3 - "$work/out-new/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
o = s["overload"]
print("overloaded:", o["sites"], "unserved/yr %.0f, to cells %.0f, gap part %.0f residents; gap %.0f" % (
    o["unserved_completions_per_year"], o["residents_completions_per_year"], o["gap_population"],
    s["summary"]["gap_population"]["total"]))
PY
