import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads
@testable import Network

/// The travel step's kernel (`RoadGraph.cellRow` on a `CellRowLayout`, through `searchRows`)
/// against its plain version (`search` with a `visit` looking up each node's targets, through
/// `referenceSearchRows`): the same parts, bit for bit and in the same order, for every block
/// size, on Monaco's walking graph and its reversed one-way driving graph.
@Suite struct CellRowSearchTests {
    @Test(arguments: ["walk", "drive"])
    func kernelRowsAreTheReferenceRows(_ modeName: String) throws {
        let mode: KeyPath<OSMRoadWay, ModeAccess?> = modeName == "walk" ? \.walk : \.drive
        guard let data = try Extracts.data("monaco-2026-07-10.osm.pbf") else { return }
        let (graph, _) = RoadGraph.build(ways: wayInputs(data.roadWays(profiles: try RoadProfiles.shipped()), mode))
        let reverse = graph.reversed()
        let index = SnapIndex(graph: graph)
        var sites = data.servicePoints().compactMap { index.nearest($0.location, maxMeters: 300)?.start(walkKmh: 4.5) }
        // A site that did not snap, one whose snap leg alone is past the cut-off, one given twice.
        sites += [SearchStart(node: -1), SearchStart(node: sites[0].node, seconds: 5_000), sites[1]]
        var random = SeededGenerator(seed: 23)
        let cells = (0..<1_009).map { k -> SearchStart in
            guard k % 9 != 4 else { return SearchStart(node: -1) }
            let point = XY(7.405 + 0.035 * random.unit(), 43.722 + 0.030 * random.unit())
            return index.nearest(point, maxMeters: 300)?.start(walkKmh: 4.5) ?? SearchStart(node: -1)
        }
        let cutoff: Float = 900
        var pairs = 0
        for shift in [0, 4, 7, 30] {
            let kernel = RoadGraph.searchRows(on: reverse, from: sites, to: cells, cutoffSeconds: cutoff, threads: 2,
                                              progress: nil, blockShift: shift)
            let reference = RoadGraph.referenceSearchRows(on: reverse, from: sites, to: cells, cutoffSeconds: cutoff, threads: 1,
                                                          progress: nil, blockSize: 1 << shift)
            #expect(Self.bits(kernel) == Self.bits(reference), "block shift \(shift)")
            #expect(kernel.allSatisfy { $0.count == (cells.count + (1 << shift) - 1) >> shift })
            pairs = kernel.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        }
        #expect(pairs > 3_000, "\(pairs) pairs")
    }

    /// Each part as the bits of (target, seconds), so that parts compare exactly.
    static func bits(_ rows: [[[(target: Int32, seconds: Float)]]]) -> [[[UInt64]]] {
        rows.map { $0.map { $0.map { UInt64(UInt32(bitPattern: $0.target)) << 32 | UInt64($0.seconds.bitPattern) } } }
    }
}

/// The order the cell-row searches are taken in: along a Hilbert curve.
@Suite struct LocalityOrderTests {
    /// Every cell of a 16 × 16 grid once, each next to the one before (the curve's defining
    /// property), starting at the corner (0, 0); and by hand on 2 × 2: (0,0) (0,1) (1,1) (1,0).
    @Test func hilbertKeysWalkTheGridByNeighbours() {
        let side = 16
        var cellAt = [Int: (x: Int, y: Int)]()
        for x in 0..<side { for y in 0..<side { cellAt[Int(RoadGraph.hilbertKey(x: x, y: y, side: side))] = (x, y) } }
        #expect(cellAt.count == side * side && cellAt.keys.min() == 0 && cellAt.keys.max() == side * side - 1)
        #expect(cellAt[0]! == (0, 0))
        for d in 1..<(side * side) {
            let a = cellAt[d - 1]!, b = cellAt[d]!
            #expect(abs(a.x - b.x) + abs(a.y - b.y) == 1, "step \(d)")
        }
        #expect([(0, 0), (0, 1), (1, 1), (1, 0)].map { RoadGraph.hilbertKey(x: $0.0, y: $0.1, side: 2) } == [0, 1, 2, 3])
    }

    /// Sources off the graph go last in index order; the rest by their points along the curve.
    @Test func sourcesOffTheGraphGoLast() throws {
        let points = [XY(0, 0), XY(0, 10), XY(10, 10), XY(10, 0)]
        let graph = try #require(RoadGraph(space: .planar, points: points, offsets: [0, 0, 0, 0, 0], targets: [], seconds: []))
        let sources = [SearchStart(node: 3), SearchStart(node: -1), SearchStart(node: 1), SearchStart(node: 9),
                       SearchStart(node: 0), SearchStart(node: 2)]
        #expect(RoadGraph.localityOrder(of: sources, in: graph) == [4, 2, 5, 0, 1, 3])
    }
}
