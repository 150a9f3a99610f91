import Model
import Testing
@testable import Network

// A is linked to E (30 m) and along the top to D; D -> F is one-way down (30 m); the island
// H-I has no link to the rest. `-` and `|` are 1 m/s, so seconds = metres.
//   A----B----C----D
//   |              v
//   |              |
//   E--------------F----G
//
//   H----I
private let map = ASCIIMap("""
A----B----C----D
|              v
|              |
E--------------F----G

H----I
""")

/// Nearest-site seconds without a cut-off (`RoadNetwork.nearestSiteSeconds`): one multi-source
/// search, checked against a bounded search from every site (the reference) and by hand.
@Suite struct NearestSiteTests {
    let network: RoadNetwork = RoadNetwork(graph: RoadGraph.build(ways: map.ways, space: .planar, keep: .all).graph)
    /// Sites 3 m above A and 4 m right of G: snap legs of 3 s and 4 s at 3.6 km/h.
    let sites = [XY(0, 3), XY(204, -30)]

    func at(_ ch: Character) -> XY { map.position[ch] ?? XY(.nan, .nan) }

    @Test func equalsTheMinimumOfPerSiteSearchesWhateverTheirCutoff() {
        // A cell at every node, one 1 km away (does not snap) and one on the island.
        let cells = Array("ABCDEFGHI").map(at) + [XY(1000, 1000)]
        let nearest = network.nearestSiteSeconds(sites: sites, cells: cells, maxSnapMeters: 20, walkKmh: 3.6)
        let reference = network.travelTimes(sites: sites, cells: cells, maxSnapMeters: 20, walkKmh: 3.6,
                                            cutoffSeconds: .infinity, threads: 1)
        var best = [Float](repeating: .infinity, count: cells.count)
        for s in sites.indices { for (t, seconds) in reference.times.row(s) { best[Int(t)] = min(best[Int(t)], seconds) } }
        #expect(nearest == best)

        // By hand (resident -> site): C to the site at A over B, 100 + 3; D down the one-way
        // street to F, then G: 30 + 50 + 4 (not back over C, B, A: 150 + 3); F to G 50 + 4
        // (F may not go up to D, and over E, A it is 180 + 3).
        #expect(nearest[2] == 103 && nearest[3] == 84 && nearest[5] == 54)
        // The island and the far point reach nothing.
        #expect(nearest[7] == .infinity && nearest[8] == .infinity && nearest[9] == .infinity)

        // A cut-off search drops what lies beyond; the nearest search does not.
        let bounded = network.travelTimes(sites: sites, cells: cells, maxSnapMeters: 20, walkKmh: 3.6,
                                          cutoffSeconds: 60, threads: 1)
        let boundedCells = Set((0..<sites.count).flatMap { bounded.times.row($0).map(\.target) })
        #expect(!boundedCells.contains(2) && !boundedCells.contains(3))
    }

    /// From the sites outwards the one-way street turns the other way: D is reached from A's
    /// site over the top (150 + 3), since F -> D is closed.
    @Test func directionFollowsTheOneWayStreets() {
        let fromSites = network.nearestSiteSeconds(sites: sites, cells: [at("D")], maxSnapMeters: 20, walkKmh: 3.6,
                                                   direction: .fromSources)
        #expect(fromSites == [153])
    }

    @Test func noSiteThatSnapsMeansNobodyReachesOne() {
        let nearest = network.nearestSiteSeconds(sites: [XY(5000, 5000)], cells: [at("A")], maxSnapMeters: 20, walkKmh: 3.6)
        #expect(nearest == [.infinity])
    }
}
