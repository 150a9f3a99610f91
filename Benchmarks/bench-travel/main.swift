// Benchmark driver (not part of the product, not in CI): the travel step of a run on its own —
// read a district's roads.osm and sites.geojson, build the walk graph with its snap index,
// snap a grid of cell points over the graph's extent, then the run's travel calls: resident ->
// site minutes by cell within a cut-off (`RoadTravel.travel`) and the nearest-site seconds of
// the kiosks and of the halls (no cut-off). Times each phase and prints hashes of the graph,
// of the pairs and of the nearest times, so that two builds can be checked to agree bit for bit.
//
// Usage: bench-travel ROADS.osm SITES.geojson [POINTS] [CUTOFF_MINUTES] [THREADS] [SITES]
// (SITES: only the first so many sites, for an instruction count under callgrind).
import Foundation
import Model
import Network
import RoadGraphs
import Travel

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

let args = CommandLine.arguments
guard args.count >= 3 else { fail("usage: bench-travel ROADS.osm SITES.geojson [POINTS] [CUTOFF_MINUTES] [THREADS]") }
let pointCount = args.count > 3 ? Int(args[3]) ?? 1_000_000 : 1_000_000
let cutoffMinutes = args.count > 4 ? Double(args[4]) ?? 60 : 60
let threads = args.count > 5 ? Int(args[5]) ?? 2 : 2
let siteLimit = args.count > 6 ? Int(args[6]) ?? Int.max : Int.max
var settings = DistrictSettings(name: "bench")
settings.mode = .walk

/// Prints the wall and CPU seconds (both threads) since the last lap: on a shared machine the
/// CPU seconds are the figure to compare.
final class Stopwatch {
    var last = Date()
    var lastCPU = Stopwatch.cpuSeconds()
    static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
    func lap(_ label: String) {
        let now = Date(), cpu = Stopwatch.cpuSeconds()
        print(String(format: "%-36@ wall %7.3f s  cpu %7.3f s", label as NSString, now.timeIntervalSince(last), cpu - lastCPU))
        last = now
        lastCPU = cpu
    }
    func restart() { last = Date(); lastCPU = Stopwatch.cpuSeconds() }
}

/// FNV-1a 64 over the bytes of arrays, in order.
struct Hash {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add<T>(_ array: [T]) {
        array.withUnsafeBytes { raw in
            for byte in raw { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
    }
    var text: String { String(value, radix: 16) }
}

/// The point sites of a GeoJSON file, split into kiosks and the rest (halls).
func readSites(_ path: String) -> (points: [XY], kiosk: [Bool]) {
    guard let data = FileManager.default.contents(atPath: path),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let features = json["features"] as? [[String: Any]] else { fail("\(path): not a feature collection") }
    var points: [XY] = [], kiosk: [Bool] = []
    for feature in features {
        guard let geometry = feature["geometry"] as? [String: Any], let xy = geometry["coordinates"] as? [Double], xy.count >= 2 else { continue }
        points.append(XY(xy[0], xy[1]))
        kiosk.append((feature["properties"] as? [String: Any])?["kind"] as? String == "kiosk")
    }
    return (points, kiosk)
}

let stopwatch = Stopwatch()
do {
    let allSites = readSites(args[2])
    let sites = (points: Array(allSites.points.prefix(siteLimit)), kiosk: Array(allSites.kiosk.prefix(siteLimit)))
    let ways = try RoadWays.read(osmPath: args[1], settings: settings)
    stopwatch.lap("read \(ways.count) ways, \(sites.points.count) sites")
    let network = RoadNetwork(ways: RoadWays.inputs(ways, mode: .walk))
    stopwatch.lap("graph + index")
    let graph = network.graph
    var hash = Hash()
    hash.add(graph.offsets); hash.add(graph.targets); hash.add(graph.seconds)
    print("graph: \(graph.nodeCount) nodes, \(graph.edgeCount) edges, hash \(hash.text)")
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    for p in graph.points { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y) }
    let side = max(1, Int(Double(pointCount).squareRoot()))
    var cells: [XY] = []
    cells.reserveCapacity(side * side)
    for i in 0..<side {
        for j in 0..<side {
            cells.append(XY(minX + (maxX - minX) * (Double(j) + 0.5) / Double(side), minY + (maxY - minY) * (Double(i) + 0.5) / Double(side)))
        }
    }
    stopwatch.restart()
    let snaps = network.index.snap(cells, maxMeters: settings.maxSnapMeters, threads: threads)
    stopwatch.lap("snap \(cells.count) cells")
    let travel = RoadTravel.travel(network: network, cells: cells, snapped: snaps, sites: sites.points, walkKmh: 4.5,
                                   maxSnapMeters: settings.maxSnapMeters, cutoffMinutes: cutoffMinutes, threads: threads)
    stopwatch.lap("travel: \(travel.travel.entryCount) pairs")
    var pairHash = Hash()
    pairHash.add(travel.travel.offsets); pairHash.add(travel.travel.columns); pairHash.add(travel.travel.values)
    print("pairs: hash \(pairHash.text)")
    // pairs-check begin (scripts/bench-travel.sh leaves this out for commits without it)
    for kiosks in [true, false] {
        let columns = sites.points.indices.filter { sites.kiosk[$0] == kiosks }
        let read = RoadNetwork.nearestMinutes(in: travel.travel, columns: columns, cellSnaps: snaps) != nil
        print("nearest \(kiosks ? "kiosk" : "hall") minutes from the pairs: \(read ? "yes" : "no, searched")")
    }
    // pairs-check end
    stopwatch.restart()
    var nearestHash = Hash()
    for kiosks in [true, false] {
        let chosen = sites.points.indices.filter { sites.kiosk[$0] == kiosks }.map { sites.points[$0] }
        let seconds = network.nearestSiteSeconds(sites: chosen, cellSnaps: snaps, maxSnapMeters: settings.maxSnapMeters, walkKmh: 4.5)
        nearestHash.add(seconds)
    }
    stopwatch.lap("nearest kiosk and hall")
    print("nearest: hash \(nearestHash.text)")
} catch {
    fail("\(error)")
}
