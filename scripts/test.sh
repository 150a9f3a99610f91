#!/usr/bin/env bash
# The test command: builds (debug and the release binary the peer checks drive) and runs
# every test against real GEOS, PROJ, SpatiaLite, CBC and the shared OSM extracts.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product twinreach
swift test
