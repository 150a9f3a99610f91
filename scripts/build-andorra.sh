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
# Terrain step, part 1: osm-district replaces only the files it wrote, so the DEM this script
# added last time goes first (part 2 below writes it again).
rm -f GeoData/andorra/elevation.tif
"$TWINREACH" osm-district "$EXTRACT" --totals scripts/data/andorra-parishes-2023.csv --out GeoData/andorra \
    --subdistrict-level 7 --boundary-level 2 --cell-meters 100 \
    --simplify-roads-meters 3
# Terrain step, part 2 (issue 14 §2): the DEM for slope-aware walking and cycling. SRTM 3"
# (../shared/data/N42E001.hgt.zip, SOURCES.md section 8; NASA, public domain) clipped to
# lon 1.39-1.80, lat 42.40-42.69 (the boundary, lon 1.408-1.787, lat 42.429-42.656, and the
# roads beyond it with a margin), as a DEFLATE GeoTIFF (492 x 348 pixels of about 90 m,
# 195 KB, the same bytes each time), named in district.yaml as `dem: elevation.tif`.
HGT=../shared/data/N42E001.hgt.zip
echo "82917c6523a613c8e87b0448794e14d7dffd3a3bef556c172592f0c20da515c0  $HGT" | sha256sum -c --quiet
gdal_translate -q -projwin 1.39 42.69 1.80 42.40 -co COMPRESS=DEFLATE -co PREDICTOR=2 \
    "/vsizip/$HGT/N42E001.hgt" GeoData/andorra/elevation.tif
printf 'dem: elevation.tif\n' >> GeoData/andorra/district.yaml
"$TWINREACH" generate --out GeoData/synthetic-small --seed 7 --cells-x 20 --cells-y 20
"$TWINREACH" check GeoData/andorra
"$TWINREACH" check GeoData/synthetic-small
