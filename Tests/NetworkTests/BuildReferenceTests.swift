import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads
@testable import Network

/// The graph builder and the snapping against plain references written the obvious way (a
/// dictionary from node id to number, adjacency lists, Kosaraju's components, every node
/// measured), on real OpenStreetMap roads: the same arrays, bit for bit.
@Suite struct BuildReferenceTests {
    @Test(arguments: ["andorra-2025-01-19.osm.pbf", "monaco-2026-07-10.osm.pbf"])
    func buildGivesTheReferenceGraph(_ extract: String) throws {
        guard let data = try Extracts.data(extract) else { return }
        let roads = data.roadWays(profiles: try RoadProfiles.shipped())
        for mode in [\OSMRoadWay.walk, \.drive] {
            var ways = wayInputs(roads, mode)
            // Unusable ways the builder must skip, and terrain-like factors on some ways.
            ways.insert(RoadWayInput(nodeIDs: [1], points: [XY(1.5, 42.5)], speedKmh: 5), at: 3)
            ways.insert(RoadWayInput(nodeIDs: ways[5].nodeIDs, points: ways[5].points, speedKmh: 0), at: 7)
            for w in stride(from: 11, to: ways.count, by: 37) {
                let segments = ways[w].nodeIDs.count - 1
                ways[w].forwardTimeFactors = (0..<segments).map { Float(1 + 0.1 * Double($0 % 5)) }
                ways[w].backwardTimeFactors = (0..<segments).map { Float(1.2 - 0.05 * Double($0 % 3)) }
            }
            for rule in [ComponentRule.largestStrong, .all] {
                let (graph, report) = RoadGraph.build(ways: ways, keep: rule)
                let reference = ReferenceBuild(ways: ways, keepLargestStrong: rule == .largestStrong)
                #expect(graph.nodeCount > 1000)
                #expect(graph.points == reference.points)
                #expect(graph.nodeIDs == reference.ids)
                #expect(graph.offsets == reference.offsets)
                #expect(graph.targets == reference.targets)
                #expect(graph.seconds == reference.seconds)
                #expect(graph.isSymmetric == reference.isSymmetric)
                #expect(report.wayCount == reference.wayCount && report.junctionCount == reference.junctionCount)
                #expect(report.arcCount == reference.arcCount && report.wayLengthMeters == reference.wayLengthMeters)
                #expect(report.nodeCountBeforePruning == reference.nodeCountBeforePruning)
            }
        }
    }

    /// Ids of every sign and size, repeated and out of order, numbered as a dictionary would.
    @Test func nodeNumberingFollowsFirstAppearance() {
        var random = SplitMix64(seed: 7)
        var ids: [Int64] = [5, -3, Int64.max, 0, Int64.min, 5, -3, 1 << 40, Int64.max, 2, 1, 0]
        for _ in 0..<20_000 {
            let r = random.next()
            switch r % 4 {
            case 0: ids.append(Int64(r >> 44))                          // small, many repeats
            case 1: ids.append(Int64(bitPattern: random.next()))        // any 64 bits
            case 2: ids.append(ids[Int(r >> 33) % ids.count])           // a repeat
            default: ids.append(-Int64(r >> 30))                        // negative (editor files)
            }
        }
        var number: [Int64: Int32] = [:]
        let expected = ids.map { id in
            if let known = number[id] { return known }
            number[id] = Int32(number.count)
            return Int32(number.count - 1)
        }
        let numbering = NodeNumbering(ids: ids)
        #expect(numbering.nodeOfReference == expected)
        #expect(numbering.nodeCount == number.count)
        #expect(NodeNumbering(ids: []).nodeCount == 0)
    }

    /// Snapping on two threads gives what measuring every node gives: the same node (the lower
    /// one on a tie) and the same metres, and nil beyond the limit.
    @Test func snapsAreThoseOfMeasuringEveryNode() throws {
        guard let data = try Extracts.data("monaco-2026-07-10.osm.pbf") else { return }
        let network = RoadNetwork(ways: wayInputs(data.roadWays(profiles: try RoadProfiles.shipped()), \.walk))
        let nodes = network.graph.points
        var random = SplitMix64(seed: 11)
        var points: [XY] = []
        for k in 0..<9_000 {
            if k % 10 == 0 {
                points.append(nodes[Int(random.next() % UInt64(nodes.count))])   // on a node
            } else {
                points.append(XY(7.40 + 0.04 * random.unit(), 43.71 + 0.04 * random.unit()))
            }
        }
        let snapped = network.index.snap(points, maxMeters: 60, threads: 2)
        #expect(snapped.snaps == network.index.snap(points, maxMeters: 60, threads: 1).snaps)
        #expect(snapped.unsnapped.count > 500 && snapped.unsnapped.count < 8_000)
        for i in stride(from: 0, to: points.count, by: 23) {
            var best: Snap? = nil
            for (v, q) in nodes.enumerated() {
                let d = Geodesy.haversineMeters(points[i], q)
                if d <= 60, best.map({ d < $0.meters }) ?? true { best = Snap(node: Int32(v), meters: d) }
            }
            #expect(snapped.snaps[i] == best, "point \(i)")
        }
    }
}

/// The graph of `ways` built the plain way, for comparison.
struct ReferenceBuild {
    var points: [XY] = [], ids: [Int64] = []
    var offsets: [Int32] = [0], targets: [Int32] = [], seconds: [Float] = []
    var isSymmetric = true
    var wayCount = 0, junctionCount = 0, arcCount = 0, nodeCountBeforePruning = 0
    var wayLengthMeters = 0.0

    init(ways: [RoadWayInput], keepLargestStrong: Bool) {
        var number: [Int64: Int] = [:]
        var uses: [Int] = []
        var out: [[(to: Int, seconds: Float)]] = []
        let usable = ways.filter { way in
            let factorsFit = [way.forwardTimeFactors, way.backwardTimeFactors].allSatisfy {
                $0.isEmpty || ($0.count == way.nodeIDs.count - 1 && $0.allSatisfy { $0 > 0 && $0.isFinite })
            }
            return way.nodeIDs.count >= 2 && way.points.count == way.nodeIDs.count && factorsFit && way.speedKmh > 0
                && way.speedKmh.isFinite && (way.forward || way.backward)
        }
        func add(_ from: Int, _ to: Int, _ time: Float) {
            guard from != to else { return }
            if let k = out[from].firstIndex(where: { $0.to == to }) {
                out[from][k].seconds = min(out[from][k].seconds, time)
            } else {
                out[from].append((to, time))
            }
        }
        for way in usable {
            wayCount += 1
            if !way.forward || !way.backward || way.forwardTimeFactors != way.backwardTimeFactors { isSymmetric = false }
            for (k, id) in way.nodeIDs.enumerated() {
                if number[id] == nil { number[id] = points.count; points.append(way.points[k]); ids.append(id); uses.append(0); out.append([]) }
                uses[number[id] ?? 0] += (k == 0 || k == way.nodeIDs.count - 1) ? 2 : 1
            }
            for k in 1..<way.nodeIDs.count {
                let a = number[way.nodeIDs[k - 1]] ?? 0, b = number[way.nodeIDs[k]] ?? 0
                let meters = Geodesy.haversineMeters(points[a], points[b])
                wayLengthMeters += meters
                let flat = meters / (way.speedKmh / 3.6)
                let forward = Float(flat * Double(way.forwardTimeFactors.isEmpty ? 1 : way.forwardTimeFactors[k - 1]))
                let backward = Float(flat * Double(way.backwardTimeFactors.isEmpty ? 1 : way.backwardTimeFactors[k - 1]))
                if way.forward { add(a, b, forward) }
                if way.backward { add(b, a, backward) }
            }
        }
        junctionCount = uses.filter { $0 >= 2 }.count
        for way in usable {
            arcCount += 1 + way.nodeIDs.dropFirst().dropLast().filter { uses[number[$0] ?? 0] >= 2 }.count
        }
        nodeCountBeforePruning = points.count
        let keep = keepLargestStrong ? Self.largestStrongComponent(out) : [Bool](repeating: true, count: points.count)
        var newNumber = [Int](repeating: -1, count: points.count)
        var keptPoints: [XY] = [], keptIDs: [Int64] = []
        for v in points.indices where keep[v] { newNumber[v] = keptPoints.count; keptPoints.append(points[v]); keptIDs.append(ids[v]) }
        for v in points.indices where keep[v] {
            for edge in out[v] where keep[edge.to] { targets.append(Int32(newNumber[edge.to])); seconds.append(edge.seconds) }
            offsets.append(Int32(targets.count))
        }
        points = keptPoints; ids = keptIDs
    }

    /// Kosaraju: the nodes of the largest strongly connected component (on a tie, the one
    /// holding the lowest-numbered node).
    static func largestStrongComponent(_ out: [[(to: Int, seconds: Float)]]) -> [Bool] {
        let n = out.count
        var into = [[Int]](repeating: [], count: n)
        for v in 0..<n { for e in out[v] { into[e.to].append(v) } }
        var finished: [Int] = [], seen = [Bool](repeating: false, count: n)
        for root in 0..<n where !seen[root] {
            var stack = [(root, 0)]
            seen[root] = true
            while let (v, k) = stack.last {
                if k < out[v].count {
                    stack[stack.count - 1].1 += 1
                    let w = out[v][k].to
                    if !seen[w] { seen[w] = true; stack.append((w, 0)) }
                } else {
                    finished.append(v); stack.removeLast()
                }
            }
        }
        var component = [Int](repeating: -1, count: n), count = 0
        for root in finished.reversed() where component[root] < 0 {
            var stack = [root]
            component[root] = count
            while let v = stack.popLast() {
                for w in into[v] where component[w] < 0 { component[w] = count; stack.append(w) }
            }
            count += 1
        }
        var sizes = [Int](repeating: 0, count: count)
        for c in component { sizes[c] += 1 }
        let largest = sizes.max() ?? 0
        let best = component.first { sizes[$0] == largest } ?? 0
        return component.map { $0 == best }
    }
}

/// A seeded generator (SplitMix64), so that the inputs are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// In [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
