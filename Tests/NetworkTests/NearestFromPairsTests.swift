import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads
@testable import Network

/// The nearest-site minutes read from the run's cell → site pairs (`RoadNetwork.nearestMinutes(in:)`)
/// against the whole-graph multi-source search they replace (`nearestSiteSeconds`), on Monaco's
/// walking graph and its one-way driving graph: the same Doubles, bit for bit, or nil when a
/// cell's nearest site lies beyond the pairs' cut-off.
@Suite struct NearestFromPairsTests {
    @Test(arguments: ["walk", "drive"])
    func pairsGiveTheSearchedNearestMinutes(_ modeName: String) throws {
        let mode: KeyPath<OSMRoadWay, ModeAccess?> = modeName == "walk" ? \.walk : \.drive
        guard let data = try Extracts.data("monaco-2026-07-10.osm.pbf") else { return }
        let network = RoadNetwork(ways: wayInputs(data.roadWays(profiles: try RoadProfiles.shipped()), mode))
        let sites = data.servicePoints().map(\.location)
        var random = SeededGenerator(seed: 5)
        // 700 cells over the city; those far off its roads do not snap.
        let cells = (0..<700).map { _ in XY(7.400 + 0.045 * random.unit(), 43.720 + 0.035 * random.unit()) }
        let snaps = network.index.snap(cells, maxMeters: 150)
        #expect(sites.count > 20 && snaps.unsnapped.count > 10 && snaps.unsnapped.count < 600, "\(snaps.unsnapped.count) unsnapped")
        let pairs = network.travelMinutesByCell(sites: sites, cells: cells, snapped: snaps, maxSnapMeters: 150, walkKmh: 4.5,
                                                cutoffSeconds: 7_200, threads: 2).minutes
        for columns in [Array(sites.indices), Array(stride(from: 1, to: sites.count, by: 3)), [sites.count / 2]] {
            let searched = network.nearestSiteSeconds(sites: columns.map { sites[$0] }, cellSnaps: snaps, maxSnapMeters: 150,
                                                      walkKmh: 4.5).map { Double($0) / 60 }
            let read = RoadNetwork.nearestMinutes(in: pairs, columns: columns, cellSnaps: snaps)
            #expect(read == searched, "\(columns.count) sites")
            #expect(searched.filter(\.isFinite).count == cells.count - snaps.unsnapped.count)
        }
        // Within 3 minutes most cells have no site: only the search knows their nearest.
        let near = network.travelMinutesByCell(sites: sites, cells: cells, snapped: snaps, maxSnapMeters: 150, walkKmh: 4.5,
                                               cutoffSeconds: 180, threads: 2).minutes
        #expect(RoadNetwork.nearestMinutes(in: near, columns: Array(sites.indices), cellSnaps: snaps) == nil)
    }
}
