#!/usr/bin/env bash
# Benchmark of the twin-space model on a synthetic district (not run in CI).
# Builds a throw-away release package that links Sources/Model and Sources/TwinSpace with
# scripts/bench-twin/main.swift, then runs it under /usr/bin/time -v.
# Usage: scripts/bench-twin.sh [cells] [sites] [reachable-per-cell] [threads] [min|logit|none]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${TWIN_BENCH_DIR:-/tmp/twinreach-bench-twin}"
mkdir -p "$work/Sources/bench"
ln -sfn "$root/Sources/Model" "$work/Sources/Model"
ln -sfn "$root/Sources/TwinSpace" "$work/Sources/TwinSpace"
cp "$root/scripts/bench-twin/main.swift" "$work/Sources/bench/main.swift"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "TwinBench", targets: [
    .target(name: "Model"),
    .target(name: "TwinSpace", dependencies: ["Model"]),
    .executableTarget(name: "bench", dependencies: ["TwinSpace", "Model"]),
])
SWIFT
swift build -c release --package-path "$work" >&2
/usr/bin/time -v "$work/.build/release/bench" "$@"
