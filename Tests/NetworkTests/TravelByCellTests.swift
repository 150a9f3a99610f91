import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads
@testable import Network

/// The cell-major travel pairs (`RoadGraph.timesByTarget`, filled a block of cells at a time so
/// that the searches' rows and the result are not held whole at once) against the plain
/// reference: the site-major searches (`sparseTimes`) transposed.
@Suite struct TravelByCellTests {
    @Test func blockwiseLayoutIsTheTransposeOfTheSearches() throws {
        guard let data = try Extracts.data("monaco-2026-07-10.osm.pbf") else { return }
        let (walk, _) = RoadGraph.build(ways: wayInputs(data.roadWays(profiles: try RoadProfiles.shipped()), \.walk))
        let reverse = walk.reversed()
        let index = SnapIndex(graph: walk)
        let sites = data.servicePoints().compactMap { index.nearest($0.location, maxMeters: 300)?.start(walkKmh: 4.5) }
        var random = SeededGenerator(seed: 11)
        // 997 cells (a prime: the last block is short), one in ten off the network.
        let cells = (0..<997).map { k -> SearchStart in
            guard k % 10 != 3 else { return SearchStart(node: -1) }
            let point = XY(7.405 + 0.035 * random.unit(), 43.722 + 0.030 * random.unit())
            return index.nearest(point, maxMeters: 300)?.start(walkKmh: 4.5) ?? SearchStart(node: -1)
        }
        let cutoff: Float = 1_800
        let reference = RoadGraph.sparseTimes(on: reverse, from: sites, to: cells, cutoffSeconds: cutoff, threads: 1)
            .transposed { Double($0) / 60 }
        #expect(sites.count == 30 && reference.pairCount > 5_000, "\(reference.pairCount) pairs")
        for (blocks, threads) in [(1, 1), (3, 2), (RoadGraph.targetBlocks, 2), (997, 3), (5_000, 2)] {
            let byCell = RoadGraph.timesByTarget(on: reverse, from: sites, to: cells, cutoffSeconds: cutoff, threads: threads,
                                                 blocks: blocks) { Double($0) / 60 }
            #expect(byCell == reference, "\(blocks) blocks, \(threads) threads")
        }
    }
}
