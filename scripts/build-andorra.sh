#!/bin/sh
# Rebuilds the committed sample districts exactly (same bytes):
#   GeoData/andorra          from ../shared/data/andorra-2025-01-19.osm.pbf (Geofabrik, ODbL) and
#                            scripts/data/andorra-parishes-2023.csv (Estadística's 2023 totals)
#   GeoData/synthetic-small  from `twinreach generate` (seed 7, 20 x 20 cells of 200 m)
# roads.osm of Andorra keeps every highway way some mode may use (trails too: without paths and
# tracks the walking network falls apart into valleys), but thins the nodes between junctions
# with a 3 m Douglas-Peucker tolerance: 52,734 instead of 139,357 nodes, 4.9 MB instead of
# 11.7 MB; junctions and topology unchanged, way lengths 0.6 % shorter (walk 2016.3 vs
# 2028.2 km, drive 546.6 vs 549.2 km).
# Usage: scripts/build-andorra.sh   (TWINREACH=path/to/twinreach to use another binary)
set -eu
cd "$(dirname "$0")/.."
if [ -z "${TWINREACH:-}" ]; then
    swift build --product twinreach >/dev/null
    TWINREACH=.build/debug/twinreach
fi
EXTRACT=../shared/data/andorra-2025-01-19.osm.pbf
echo "092c34352aa5dd147980c02ad0fe11f55196e7a385dd14e13465ca29e76247f3  $EXTRACT" | sha256sum -c --quiet
"$TWINREACH" osm-district "$EXTRACT" --totals scripts/data/andorra-parishes-2023.csv --out GeoData/andorra \
    --subdistrict-level 7 --boundary-level 2 --cell-meters 100 \
    --simplify-roads-meters 3
"$TWINREACH" generate --out GeoData/synthetic-small --seed 7 --cells-x 20 --cells-y 20
"$TWINREACH" check GeoData/andorra
"$TWINREACH" check GeoData/synthetic-small
