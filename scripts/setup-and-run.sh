#!/usr/bin/env bash
# One command from a fresh clone: install the system libraries (Debian 12, as root or with sudo),
# build the release binary, then run the main job on the shipped Andorra sample: check the
# district, build its SpatiaLite store, and run the baseline scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libgeos-dev libproj-dev proj-data libspatialite-dev libsqlite3-dev libreadosm-dev \
  coinor-libcbc-dev libgdal-dev pkg-config gdal-bin spatialite-bin sqlite3 libjs-leaflet fonts-noto-cjk slurm-wlm munge >/dev/null
swift build -c release --product twinreach
bin=.build/release/twinreach
$bin check GeoData/andorra
$bin import GeoData/andorra
$bin run Scenarios/andorra-baseline.yaml --out out/andorra-baseline
echo
echo "Baseline of Andorra: out/andorra-baseline/summary.json, report.md, map.html"
