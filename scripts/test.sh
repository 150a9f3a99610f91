#!/usr/bin/env bash
# The test command: builds and runs every test against real GEOS, PROJ, SpatiaLite, CBC, readosm
# and the shared OSM extracts and peer cases in ../shared (the peer checks drive the built
# `twinreach` through ../shared/peers/run_tool.py, as the contract describes).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test
