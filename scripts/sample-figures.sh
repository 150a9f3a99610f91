#!/bin/sh
# Measures the README's "Sample districts" table: for every district folder under GeoData/, its
# baseline run and the run of Scenarios/batch-compare.yaml pointed at it (a copy in a temporary
# folder whose `district:` names the folder), then prints one Markdown row per district from the
# runs' summary.json and the district's sites.geojson. Needs jq.
# Usage: scripts/sample-figures.sh   (TWINREACH=path/to/twinreach to use another binary)
set -eu
cd "$(dirname "$0")/.."
if [ -z "${TWINREACH:-}" ]; then
    swift build --product twinreach >/dev/null
    TWINREACH=.build/debug/twinreach
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| district | cells | residents | sites | halls / kiosks | mean hall minutes | gap population | gap, a third online |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for dir in GeoData/*/; do
    d=$(basename "$dir")
    printf 'name: base-%s\ndistrict: %s\nchanges: []\n' "$d" "$PWD/$dir" > "$work/base-$d.yaml"
    sed -e "s|^name: .*|name: third-$d|" -e "s|^district: .*|district: $PWD/$dir|" Scenarios/batch-compare.yaml > "$work/third-$d.yaml"
    "$TWINREACH" run "$work/base-$d.yaml" --out "$work/out-base-$d" -q >/dev/null
    "$TWINREACH" run "$work/third-$d.yaml" --out "$work/out-third-$d" -q >/dev/null
    halls=$(jq '[.features[] | select(.properties.kind == "hall")] | length' "$dir/sites.geojson")
    kiosks=$(jq '[.features[] | select(.properties.kind == "kiosk")] | length' "$dir/sites.geojson")
    third=$(jq '.summary.gap_population.total | round' "$work/out-third-$d/summary.json")
    jq -r --arg d "$d" --arg h "$halls" --arg k "$kiosks" --arg third "$third" '.summary as $s |
        "| \($d) | \($s.cells) | \($s.population | round) | \(($h | tonumber) + ($k | tonumber)) | \($h) / \($k) | \($s.minutes_to_nearest_hall.mean * 10 | round / 10) | \($s.gap_population.total | round) | \($third) |"' \
        "$work/out-base-$d/summary.json"
done
