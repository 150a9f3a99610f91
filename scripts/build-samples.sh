#!/bin/sh
# Builds the contrasting sample districts of GeoData/ that scripts/build-andorra.sh does not
# (the districts `twinreach batch` compares; same bytes on every run):
#   GeoData/andorra-la-vella ... GeoData/sant-julia-de-loria
#        Andorra's 7 parishes (admin_level 7 relations 2804753...2804759) as districts of their
#        own, from ../shared/data/andorra-2025-01-19.osm.pbf (Geofabrik, ODbL): each parish's
#        2023 total (scripts/data/andorra-parishes-2023.csv) on 100 m cells, its subdistricts
#        2 km squares (those with residents), roads within 200 m of the parish's bounding box
#   GeoData/monaco       the commune (relation 2220322) and its 9 quartiers (admin_level 10) from
#        ../shared/data/monaco-2026-07-10.osm.pbf (ODbL); IMSEE publishes only the total (38,423,
#        31 Dec 2024, scripts/data/monaco-2024.csv), shared over the quartiers by residential
#        floor area
#   GeoData/helsinki-centre  the real HSY population grid 2020 (250 m, CC BY 4.0,
#        ../shared/data/helsinki_population_grid_2020.geojson) inside the road extract's
#        bounding box (../shared/data/Helsinki.osm.pbf, ODbL), 500 m squares as subdistricts
#   GeoData/dense-core, suburban, rural-mountain  `twinreach generate --preset ...` (seed 1)
# Usage: scripts/build-samples.sh   (TWINREACH=path/to/twinreach to use another binary)
set -eu
cd "$(dirname "$0")/.."
if [ -z "${TWINREACH:-}" ]; then
    swift build --product twinreach >/dev/null
    TWINREACH=.build/debug/twinreach
fi
DATA=../shared/data
echo "092c34352aa5dd147980c02ad0fe11f55196e7a385dd14e13465ca29e76247f3  $DATA/andorra-2025-01-19.osm.pbf" | sha256sum -c --quiet
echo "55644153eb8b1c44edc820a51745037faf9b5548d7a9847c1b38ccce8e77bb8d  $DATA/monaco-2026-07-10.osm.pbf" | sha256sum -c --quiet
echo "b73e9c2c82054d654209b0127f1c3287d5900d6780a6083bf3a45ead8ba3e5ee  $DATA/Helsinki.osm.pbf" | sha256sum -c --quiet
echo "26815fd5d93af07b3b2e6c45fefd60f18ae44b72065c5bd68780d6e99c753a72  $DATA/helsinki_population_grid_2020.geojson" | sha256sum -c --quiet

parish() { # parish FOLDER RELATION
    "$TWINREACH" osm-district "$DATA/andorra-2025-01-19.osm.pbf" --totals scripts/data/andorra-parishes-2023.csv \
        --out "GeoData/$1" --boundary-level 7 --boundary-relation "$2" --subdistrict-squares-meters 2000 \
        --cell-meters 100 --simplify-roads-meters 3 --clip-roads-meters 200 >/dev/null
}
parish andorra-la-vella 2804753
parish canillo 2804754
parish encamp 2804755
parish escaldes-engordany 2804756
parish la-massana 2804757
parish ordino 2804758
parish sant-julia-de-loria 2804759
"$TWINREACH" osm-district "$DATA/monaco-2026-07-10.osm.pbf" --totals scripts/data/monaco-2024.csv --out GeoData/monaco \
    --boundary-level 8 --boundary-relation 2220322 --subdistrict-level 10 --share-boundary-total \
    --cell-meters 100 --simplify-roads-meters 1 --clip-roads-meters 300 >/dev/null
"$TWINREACH" osm-district "$DATA/Helsinki.osm.pbf" --population-grid "$DATA/helsinki_population_grid_2020.geojson" \
    --bbox 24.9351762,60.1641550,24.9534145,60.1791130 --subdistrict-squares-meters 500 \
    --name "Helsinki keskusta" --out GeoData/helsinki-centre >/dev/null
for preset in dense-core suburban rural-mountain; do
    "$TWINREACH" generate --preset "$preset" --out "GeoData/$preset" >/dev/null
done
for d in andorra-la-vella canillo encamp escaldes-engordany la-massana ordino sant-julia-de-loria monaco helsinki-centre \
         dense-core suburban rural-mountain; do
    "$TWINREACH" check "GeoData/$d" | tail -1 | sed "s|^|$d: |"
done
