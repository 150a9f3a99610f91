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
