#!/usr/bin/env bash
# One command from a fresh clone: install the system libraries (Debian 12, as root or with sudo),
# build the release binary, then run the main job on the shipped Andorra sample: check the
# district, build its SpatiaLite store, and run the baseline scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The same packages as CI (.ci/run): one list, scripts/apt-packages.txt.
$SUDO apt-get install -y -qq --no-install-recommends $(grep -v -E '^\s*(#|$)' scripts/apt-packages.txt) >/dev/null
swift build -c release --product twinreach
bin=.build/release/twinreach
$bin check GeoData/andorra
$bin import GeoData/andorra
$bin run Scenarios/andorra-baseline.yaml --out out/andorra-baseline
echo
echo "Baseline of Andorra: out/andorra-baseline/summary.json, report.md, map.html"
