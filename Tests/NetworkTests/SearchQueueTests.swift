import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads
@testable import Network

/// The searches' 4-ary heap against sorting, and the search on it against the reference
/// search on swift-collections' heap: the same nodes, times (bit for bit) and order.
@Suite struct SearchQueueTests {
    /// Every visit of a search, in order, with the time's bits.
    typealias Visits = [(node: Int32, bits: UInt32)]

    func visits(_ graph: RoadGraph, _ starts: [SearchStart], cutoff: Float, reference: Bool,
                workspace: SearchWorkspace) -> Visits {
        var out: Visits = []
        if reference {
            graph.referenceSearch(from: starts, cutoffSeconds: cutoff, workspace: workspace) { out.append(($0, $1.bitPattern)) }
        } else {
            graph.search(from: starts, cutoffSeconds: cutoff, workspace: workspace) { out.append(($0, $1.bitPattern)) }
        }
        return out
    }

    func same(_ a: Visits, _ b: Visits) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.node == $1.node && $0.bits == $1.bits }
    }

    @Test func popsInSortedOrderThroughInterleavedInsertsAndAFlush() {
        var random = SeededGenerator(seed: 15)
        let queue = SearchQueue(capacity: 4)   // grows several times
        for round in 0..<3 {
            var expected: [UInt64] = [], popped: [UInt64] = []
            for _ in 0..<2_000 {
                // Few distinct values, so that equal keys meet at every level.
                let key = UInt64(random.int(0...300)) << 32 | UInt64(random.int(0...3))
                queue.insert(key); expected.append(key)
                if random.int(0...2) == 0, let k = queue.popMin() { popped.append(k) }
            }
            while let k = queue.popMin() { popped.append(k) }
            #expect(queue.popMin() == nil)
            // Each pop is the smallest key present: the pops of a drained queue, merged with
            // the early ones, hold every key once; the drain itself is sorted.
            #expect(popped.sorted() == expected.sorted(), "round \(round)")
            let drainStart = popped.count - queue.count
            #expect(popped[drainStart...].elementsEqual(popped[drainStart...].sorted()))
            queue.removeAll()
        }
    }

    /// A hand graph where a zero-second edge reaches a lower node number at the same time
    /// (popped after the node it came from, as the time ties) and where two routes tie.
    @Test func tiesAndZeroSecondEdgesVisitInTheReferenceOrder() throws {
        // 0 -> 5 (2 s), 0 -> 4 (2 s), 5 -> 1 (0 s), 4 -> 2 (1 s), 1 -> 2 (1 s), 2 -> 3 (0 s)
        let froms: [Int32] = [0, 0, 5, 4, 1, 2], tos: [Int32] = [5, 4, 1, 2, 2, 3]
        let secs: [Float] = [2, 2, 0, 1, 1, 0]
        let graph = try #require(RoadGraph.fromEdges(space: .planar, points: (0..<6).map { XY(Double($0), 0) },
                                                     edges: (0..<6).map { (froms[$0], tos[$0], secs[$0]) }))
        let workspace = SearchWorkspace(nodeCount: 6)
        let fast = visits(graph, [SearchStart(node: 0)], cutoff: 10, reference: false, workspace: workspace)
        // By time, ties by node: 0 (0 s); 1, 4, 5 at 2 s — but 1 is only found through 5, so
        // 4, 5, then 1; 2 and 3 at 3 s.
        #expect(fast.map(\.node) == [0, 4, 5, 1, 2, 3])
        #expect(fast.map { Float(bitPattern: $0.bits) } == [0, 2, 2, 2, 3, 3])
        #expect(same(fast, visits(graph, [SearchStart(node: 0)], cutoff: 10, reference: true, workspace: workspace)))
    }

    /// Seeded random graphs with whole-second and zero times (many ties), several starts with
    /// legs, and cut-offs that fall on reached times.
    @Test func randomGraphsWithTiesVisitLikeTheReference() throws {
        var random = SeededGenerator(seed: 2026)
        for trial in 0..<40 {
            let n = random.int(2...400)
            var froms: [Int32] = [], tos: [Int32] = [], secs: [Float] = []
            for _ in 0..<(n * random.int(1...4)) {
                froms.append(Int32(random.int(0...(n - 1)))); tos.append(Int32(random.int(0...(n - 1))))
                secs.append(Float(random.int(0...6)))
            }
            let graph = try #require(RoadGraph.fromEdges(space: .planar, points: (0..<n).map { XY(Double($0), 0) },
                                                         edges: froms.indices.map { (froms[$0], tos[$0], secs[$0]) }))
            let starts = (0..<random.int(1...4)).map { _ in
                SearchStart(node: Int32(random.int(-1...(n - 1))), seconds: Float(random.int(0...3)))
            }
            let cutoff = Float(random.int(0...40))
            let workspace = SearchWorkspace(nodeCount: n)
            let fast = visits(graph, starts, cutoff: cutoff, reference: false, workspace: workspace)
            let reference = visits(graph, starts, cutoff: cutoff, reference: true, workspace: workspace)
            #expect(same(fast, reference), "trial \(trial)")
        }
    }

    /// Andorra's walking graph and Monaco's one-way driving graph (and its reverse): searches
    /// from spread nodes with real times, the visits equal the reference's one for one.
    @Test func realGraphsVisitLikeTheReference() throws {
        let profiles = try RoadProfiles.shipped()
        var checked = 0
        for (file, mode) in [("andorra-2025-01-19.osm.pbf", \OSMRoadWay.walk), ("monaco-2026-07-10.osm.pbf", \OSMRoadWay.drive)] {
            guard let data = try Extracts.data(file) else { return }
            let (graph, _) = RoadGraph.build(ways: wayInputs(data.roadWays(profiles: profiles), mode))
            for g in [graph, graph.reversed()] {
                let workspace = SearchWorkspace(nodeCount: g.nodeCount)
                for k in 0..<8 {
                    let start = SearchStart(node: Int32(k * g.nodeCount / 8), seconds: Float(k) * 13.7)
                    let fast = visits(g, [start], cutoff: 1_800, reference: false, workspace: workspace)
                    let reference = visits(g, [start], cutoff: 1_800, reference: true, workspace: workspace)
                    #expect(fast.count > 100)
                    #expect(same(fast, reference), "\(file) start \(start.node)")
                    checked += fast.count
                }
            }
        }
        #expect(checked > 50_000)
    }
}
