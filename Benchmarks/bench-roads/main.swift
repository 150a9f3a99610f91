// Benchmark driver (not part of the product, not in CI): the road stage of a run on its own —
// read a district's roads.osm[.pbf] (road ways under the shipped profiles), build the walk
// graph (largest strongly connected component) with its snap index, and snap a grid of
// points over the graph's extent — timing each phase, and printing a hash of the graph's
// arrays and of the snaps so that two builds can be checked to give the same graph.
//
// Usage: bench-roads ROADS.osm [POINTS] [THREADS]
import Foundation
import Model
import Network
import RoadGraphs

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: bench-roads ROADS.osm [POINTS] [THREADS]") }
let pointCount = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
let threads = args.count > 3 ? Int(args[3]) ?? 2 : 2
var settings = DistrictSettings(name: "bench")
settings.mode = .walk

/// Prints the seconds since the last lap.
final class Stopwatch {
    var last = Date()
    func lap(_ label: String) {
        let now = Date()
        print(String(format: "%-28@ %7.3f s", label as NSString, now.timeIntervalSince(last)))
        last = now
    }
}
let stopwatch = Stopwatch()

/// FNV-1a 64 over the bytes of arrays, in order.
struct Hash {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add<T>(_ array: [T]) {
        array.withUnsafeBytes { raw in
            for byte in raw { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
    }
}

do {
    let ways = try RoadWays.read(osmPath: args[1], settings: settings)
    stopwatch.lap("read \(ways.count) road ways")
    let inputs = RoadWays.inputs(ways, mode: .walk)
    stopwatch.lap("walk inputs")
    let network = RoadNetwork(ways: inputs)
    stopwatch.lap("graph + index")
    let graph = network.graph
    var hash = Hash()
    hash.add(graph.points.map(\.x)); hash.add(graph.points.map(\.y)); hash.add(graph.nodeIDs)
    hash.add(graph.offsets); hash.add(graph.targets); hash.add(graph.seconds)
    print("graph: \(graph.nodeCount) nodes, \(graph.edgeCount) edges, hash \(String(hash.value, radix: 16))")
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    for p in graph.points { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y) }
    let side = max(1, Int(Double(pointCount).squareRoot()))
    var points: [XY] = []
    points.reserveCapacity(side * side)
    for i in 0..<side {
        for j in 0..<side {
            points.append(XY(minX + (maxX - minX) * (Double(j) + 0.5) / Double(side),
                             minY + (maxY - minY) * (Double(i) + 0.5) / Double(side)))
        }
    }
    stopwatch.last = Date()
    let snaps = network.index.snap(points, maxMeters: settings.maxSnapMeters, threads: threads)
    stopwatch.lap("snap \(points.count) points")
    var snapHash = Hash()
    snapHash.add(snaps.snaps.map { $0?.node ?? -1 }); snapHash.add(snaps.snaps.map { $0?.meters ?? -1 })
    print("snaps: \(snaps.unsnapped.count) unsnapped, hash \(String(snapHash.value, radix: 16))")
} catch {
    fail("\(error)")
}
