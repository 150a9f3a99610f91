#!/usr/bin/env bash
# The readers alone (issue 15, "inputs at disk-like speed"): GeoJSONReader.forEach with the
# population reader's property slots (a base needs it: since 04be51a) and CSVReader on a population layer, this tree's Sources/Formats beside a base commit's, each compiled with -O
# (whole module) into a small driver together with Sources/Model, outside SwiftPM, so that the
# figure is the parser's own and the comparison needs no full release build of either commit.
#
#   scripts/bench-readers.sh FILE.geojson|FILE.csv|FILE.osm.pbf|FILE.osm... [BASE]   BASE default: the merge base with main
#
# A .osm.pbf or .osm (XML: the line-precise pre-scan, then readosm) is read once per build by
# OSMFile.read with the road reader's filter (highways), in its own process, so that
# /usr/bin/time's peak memory is that of reading the road file.
#
# Each file is read RUNS times (default 3) in one process per build under /usr/bin/time -v; the
# driver prints the fastest in-process read (seconds, MB/s) and what it read (features or rows
# and a checksum of the numbers, equal for both builds when they read the same values).
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
base=$(git merge-base HEAD main)
for a in "$@"; do if [ -f "$a" ]; then files+=("$a"); else base=$a; fi; done
work=.build/bench-readers
rm -rf "$work/base-src"; mkdir -p "$work/base-src"
git archive "$base" Sources/Model Sources/Formats Sources/OSMReader Sources/CReadOSM | tar -x -C "$work/base-src"
cat > "$work/main.swift" <<'SWIFT'
import Foundation
import Formats
import Model

let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "3") ?? 3
for path in CommandLine.arguments.dropFirst() {
    let bytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    var best = Double.infinity, count = 0, checksum = 0.0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        count = 0; checksum = 0
        if path.hasSuffix(".csv") {
            var reader = try CSVReader(path: path)
            try reader.forEach { row in
                count += 1
                for i in 1..<row.count { checksum += row.double(i) ?? 0 }
            }
        } else { // as the population reader reads a layer: streamed, the cell's properties in slots
            var problems: [InputError] = []
            try GeoJSONReader.forEach(path: path, properties: ["pop", "elderly", "digital", "establishments"], problems: &problems,
                                      restart: { count = 0; checksum = 0 }) { f, slots in
                count += 1
                if case .multiPolygon(let m)? = f.geometry { for p in m.polygons { for q in p.exterior { checksum += q.x + q.y } } }
                checksum += slots["pop"]?.number ?? 0
            }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(String(format: "%@: %d read, checksum %.6f, %.3f s, %.0f MB/s", (path as NSString).lastPathComponent, count, checksum, best, bytes / 1e6 / best))
}
SWIFT
cat > "$work/osm.swift" <<'SWIFT'
import Foundation
import OSMReader

for path in CommandLine.arguments.dropFirst() {
    let bytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    let start = DispatchTime.now().uptimeNanoseconds
    let data = try OSMFile.read(URL(fileURLWithPath: path), filter: OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: []))
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let refs = data.ways.reduce(0) { $0 + $1.nodeIDs.count }
    print(String(format: "%@: %d nodes, %d ways in the file; kept %d road ways, %d node refs, %d coordinates; %.2f s, %.0f MB/s",
                 (path as NSString).lastPathComponent, data.counts.nodes, data.counts.ways, data.ways.count, refs, data.coordinates.count, seconds, bytes / 1e6 / seconds))
}
SWIFT
build() { # source-root output
  local src=$1 out=$2
  mkdir -p "$out"
  swiftc -O -wmo -parse-as-library -module-name Model -emit-module -emit-module-path "$out/Model.swiftmodule" \
    -static -emit-library -o "$out/libModel.a" "$src"/Sources/Model/*.swift
  swiftc -O -wmo -parse-as-library -module-name Formats -I "$out" -emit-module -emit-module-path "$out/Formats.swiftmodule" \
    -static -emit-library -o "$out/libFormats.a" $(ls "$src"/Sources/Formats/*.swift | grep -v YAMLDocument)
  swiftc -O -I "$out" -L "$out" -lFormats -lModel "$work/main.swift" -o "$out/readers"
  swiftc -O -wmo -parse-as-library -module-name OSMReader -I "$out" -I "$src/Sources/CReadOSM" -emit-module \
    -emit-module-path "$out/OSMReader.swiftmodule" -static -emit-library -o "$out/libOSMReader.a" "$src"/Sources/OSMReader/*.swift
  swiftc -O -I "$out" -I "$src/Sources/CReadOSM" -L "$out" -lOSMReader -lModel -lreadosm "$work/osm.swift" -o "$out/osm-reader"
}
build "$work/base-src" "$work/base"
build . "$work/this"
layers=() pbfs=()
for f in "${files[@]}"; do case $f in *.pbf|*.osm) pbfs+=("$f") ;; *) layers+=("$f") ;; esac; done
for b in base this; do
  echo "== $b ($([ $b = base ] && git rev-parse --short "$base" || echo working tree))"
  [ ${#layers[@]} -eq 0 ] || /usr/bin/time -f "   process: %e s wall, %U s user, %M KiB peak" "$work/$b/readers" "${layers[@]}"
  for f in ${pbfs[@]+"${pbfs[@]}"}; do
    /usr/bin/time -f "   process: %e s wall, %U s user, %S s system, %M KiB peak" "$work/$b/osm-reader" "$f"
  done
done
