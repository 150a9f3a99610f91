#!/usr/bin/env bash
# The whole `twinreach run` at 200,000 and 1,000,000 cells (4,000,000 with --with-4m), this
# checkout beside a base commit (default: the previous commit, HEAD~1), in one go:
#
#   scripts/bench-scale.sh [--base REV] [--base-tree DIR] [--with-4m] [--sizes "200k 1m 4m"] [--repeat N]
#
# (--base-tree: an existing worktree of the base to build in, e.g. one already built, instead of
# bench-cases/scale/base-<sha>; it must be checked out at the base.)
# 1. builds the base in a git worktree (bench-cases/scale/base-<sha>, detached) and this checkout,
#    both in release;
# 2. generates each district once with the BASE binary (the same inputs for both sides; kept in
#    bench-cases/scale/<size>/, git-ignored; delete the folder to regenerate):
#      200k  500 x 400 cells of 100 m, streets every 80 m (313,626 nodes), 1,900 kiosks
#      1m    1,000 x 1,000 cells, streets every 80 m (1.56 M nodes), 9,500 kiosks
#      4m    2,000 x 2,000 cells, streets every 90 m (4.94 M nodes), 19,950 kiosks (about 20,000 sites)
# 3. runs base and new alternately (`--repeat` times each), whole process under /usr/bin/time -v,
#    2 threads, and prints wall time, CPU time, peak memory and output size side by side;
# 4. checks that the figures are equal: summary.json (less `twinreach_version` and the note that
#    cells.geojson was left out) and every
#    column of the `cells` and `sites` layers of layers.gpkg, row by row (both commits write it);
#    a difference is printed with the keys that differ.
#
# The 4 M district needs about 10 GiB at the base's peak and several minutes a side: opt-in.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base_rev=HEAD~1 base_tree="" sizes="200k 1m" repeat=1
while [ $# -gt 0 ]; do
  case $1 in
    --base) base_rev=$2; shift 2 ;;
    --base-tree) base_tree=$(cd "$2" && pwd); shift 2 ;;
    --with-4m) sizes="$sizes 4m"; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: $0 [--base REV] [--base-tree DIR] [--with-4m] [--sizes \"200k 1m 4m\"] [--repeat N]" >&2; exit 64 ;;
  esac
done
work=$root/bench-cases/scale
mkdir -p "$work"

base_sha=$(git rev-parse --verify "$base_rev^{commit}")
if [ -z "$base_tree" ]; then
  base_tree=$work/base-${base_sha:0:12}
  if [ ! -d "$base_tree" ]; then git worktree add --detach "$base_tree" "$base_sha" >/dev/null; fi
fi
if [ "$(git -C "$base_tree" rev-parse HEAD)" != "$base_sha" ] || ! git -C "$base_tree" diff --quiet HEAD; then
  echo "$base_tree is not a clean checkout of ${base_sha:0:12}" >&2; exit 64
fi
echo "building base ${base_sha:0:12} and this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes')) in release" >&2
(cd "$base_tree" && swift build -c release --product twinreach >/dev/null)
swift build -c release --product twinreach >/dev/null
base_bin=$base_tree/.build/release/twinreach
new_bin=$root/.build/release/twinreach

generate() {  # size -> district folder (generated once, by the base binary)
  local size=$1 dir=$work/$1
  if [ ! -f "$dir/roads.osm" ]; then
    case $size in
      200k) args="--cells-x 500 --cells-y 400 --road-spacing-meters 80 --kiosks 1900" ;;
      1m) args="--cells-x 1000 --cells-y 1000 --road-spacing-meters 80 --kiosks 9500" ;;
      4m) args="--cells-x 2000 --cells-y 2000 --road-spacing-meters 90 --kiosks 19950" ;;
      *) echo "unknown size $size (200k, 1m, 4m)" >&2; exit 64 ;;
    esac
    echo "generating the $size district" >&2
    # shellcheck disable=SC2086
    "$base_bin" generate --out "$dir" $args --cell-meters 100 --seed 1 >/dev/null
  fi
  printf 'name: scale-%s\ndistrict: %s\n' "$size" "$size" > "$work/$size.yaml"
}

measure() {  # side size k -> one line "wall cpu peak_kib out_bytes"
  local side=$1 size=$2 bin out timing
  bin=$([ "$side" = base ] && echo "$base_bin" || echo "$new_bin")
  out=$work/out-$size-$side
  timing=$work/time-$size-$side.txt
  /usr/bin/time -v -o "$timing" "$bin" run "$work/$size.yaml" --out "$out" -q --threads 2
  awk -v bytes="$(du -sb "$out" | cut -f1)" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    /Maximum resident set size/ { peak = $NF }
    END { printf "%.2f %.2f %d %d\n", wall, cpu, peak, bytes }' "$timing"
}

layer_rows() {  # gpkg layer -> the layer's rows, every column but the geometry, in fid order
  local columns
  columns=$(sqlite3 "$1" "select group_concat('\"' || name || '\"', ',') from pragma_table_info('$2') where name not in ('geom', 'fid')")
  sqlite3 "$1" "select $columns from \"$2\" order by fid"
}

# summary.json without what is not a figure: the version, and the note that cells.geojson was
# left out (a district beyond 300,000 cells: the cells are in layers.gpkg, compared below).
figures_json() {
  jq -S 'del(.twinreach_version) | .warnings |= map(select(startswith("cells.geojson: not written") | not))' "$1"
}

same_figures() {  # size -> prints "equal" or what differs
  local a=$work/out-$1-base b=$work/out-$1-new diffs=""
  if ! cmp -s <(figures_json "$a/summary.json") <(figures_json "$b/summary.json"); then
    diffs="summary.json ($(jq -rn --slurpfile x "$a/summary.json" --slurpfile y "$b/summary.json" \
      '[($x[0] | paths(scalars)) as $p | select(($x[0] | getpath($p)) != ($y[0] | getpath($p))) | $p | map(tostring) | join(".")] | .[:5] | join(", ")'))"
  fi
  for layer in cells sites; do
    if ! cmp -s <(layer_rows "$a/layers.gpkg" $layer) <(layer_rows "$b/layers.gpkg" $layer); then
      diffs="$diffs layers.gpkg:$layer ($(diff <(layer_rows "$a/layers.gpkg" $layer) <(layer_rows "$b/layers.gpkg" $layer) | grep -c '^<') rows differ)"
    fi
  done
  echo "${diffs:-equal}"
}

results=()
for size in $sizes; do
  generate "$size"
  for ((r = 1; r <= repeat; r++)); do
    for side in base new; do
      line=$(measure $side "$size")
      results+=("$size $side $line")
      echo "$size $side: $line (wall s, cpu s, peak KiB, output bytes)" >&2
    done
  done
  echo "$size: figures $(same_figures "$size")" >&2
done

echo
echo "base ${base_sha:0:12} vs this checkout, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg); medians of $repeat"
printf '%-5s | %9s %9s | %9s %9s | %10s %10s | %9s %9s | %s\n' cells "wall base" "wall new" "cpu base" "cpu new" \
  "peak base" "peak new" "out base" "out new" figures
for size in $sizes; do
  row=()
  for side in base new; do
    for field in 3 4 5 6; do
      row+=("$(printf '%s\n' "${results[@]}" | awk -v s="$size" -v d="$side" -v f="$field" '$1 == s && $2 == d { print $f }' |
        sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')")
    done
  done
  mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
  mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
  printf '%-5s | %8ss %8ss | %8ss %8ss | %10s %10s | %9s %9s | %s\n' "$size" "${row[0]}" "${row[4]}" "${row[1]}" "${row[5]}" \
    "$(mib "${row[2]}")" "$(mib "${row[6]}")" "$(mb "${row[3]}")" "$(mb "${row[7]}")" "$(same_figures "$size")"
done
