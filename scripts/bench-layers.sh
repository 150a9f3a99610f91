#!/usr/bin/env bash
# Reading speed of a district layer by format: the 200,000-cell population of
# scripts/bench-run.sh's generated district as GeoJSON (TwinReach's own reader) against the same
# layer as FlatGeobuf, GeoPackage and Shapefile (GDAL/OGR; in WGS 84, and as a Shapefile in
# CGCS2000 Gauss-Kruger EPSG:4547, which adds the conversion to WGS 84). Each is timed
# whole-process by `twinreach check` on a copy of the district without its roads, so that
# reading and checking the population dominates (the other layers are small and the same).
# Set TIMER to a whole-process timer (default: /usr/bin/time -v); RUNS repeats each (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-big-district.sh
population=bench-cases/big/population.geojson
for format in geojson fgb gpkg shp shp-gk; do
  folder=bench-cases/layers-$format
  if [ ! -f "$folder/district.yaml" ]; then
    mkdir -p "$folder"
    for f in district.yaml channels.yaml services.csv boundary.geojson subdistricts.geojson sites.geojson; do
      cp "bench-cases/big/$f" "$folder/"
    done
    case $format in
      geojson) cp "$population" "$folder/" ;;
      fgb) ogr2ogr -f FlatGeobuf "$folder/population.fgb" "$population" ;;
      gpkg) ogr2ogr -f GPKG "$folder/population.gpkg" "$population" ;;
      shp) ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$folder/population.shp" "$population" ;;
      shp-gk) ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -t_srs EPSG:4547 "$folder/population.shp" "$population" ;;
    esac
  fi
done
TIMER=${TIMER:-/usr/bin/time -v}
for format in geojson fgb gpkg shp shp-gk; do
  echo "== population as $format"
  for _ in $(seq "${RUNS:-3}"); do
    $TIMER "$bin" check "bench-cases/layers-$format" >/dev/null
  done
done
