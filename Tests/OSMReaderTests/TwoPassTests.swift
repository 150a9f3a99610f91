import Foundation
import Model
import Testing
@testable import OSMReader

/// A `.osm.pbf` is read in two passes (ways, then only their nodes), an `.osm` in one: both
/// must keep the same elements and coordinates. The PBF fixtures are the XML ones converted
/// by osmium (`osmium cat X.osm -o X.osm.pbf`), so the two files hold the same data.
@Suite struct TwoPassTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let filters: [OSMFilter] = [.twinReach, OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: [])]

    @Test(arguments: ["tiny", "unsorted"], [0, 1])
    func pbfReadInTwoPassesKeepsWhatTheOnePassReadKeeps(_ name: String, _ filter: Int) throws {
        let xml = try OSMFile.read(Self.fixtures.appendingPathComponent("\(name).osm"), filter: Self.filters[filter])
        let pbf = try OSMFile.read(Self.fixtures.appendingPathComponent("\(name).osm.pbf"), filter: Self.filters[filter])
        #expect(pbf.counts == xml.counts)
        #expect(pbf.nodes == xml.nodes)
        #expect(pbf.ways == xml.ways)
        #expect(pbf.relations == xml.relations)
        #expect(pbf.coordinates.ids == xml.coordinates.ids)
        for id in xml.coordinates.ids { #expect(pbf.coordinates[id] == xml.coordinates[id], "node \(id)") }
    }

    /// Out of order, duplicated and missing nodes, by hand: node 3 keeps its first position, node
    /// 8 (named by way 101, not in the file) has none, way 300 is kept only as boundary 500's
    /// member, and way 301 (neither tagged nor a member) and its nodes are not kept.
    @Test func unsortedDuplicatedAndMissingNodes() throws {
        let data = try OSMFile.read(Self.fixtures.appendingPathComponent("unsorted.osm.pbf"))
        #expect(data.counts == { var c = OSMCounts(); c.nodes = 8; c.ways = 4; c.relations = 1; return c }())
        #expect(data.ways.map(\.id) == [101, 100, 300])
        #expect(data.coordinates.ids == [1, 2, 3, 4, 5, 6, 7])
        #expect(data.coordinates[3] == XY(7.002, 45.0))
        #expect(data.coordinates[8] == nil)
        #expect(data.nodes.map(\.id) == [2])
        let roads = try OSMFile.read(Self.fixtures.appendingPathComponent("unsorted.osm.pbf"),
                                     filter: OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: []))
        #expect(roads.ways.map(\.id) == [101, 100])
        #expect(roads.coordinates.ids == [1, 3, 4, 5])
    }

    @Test func neededNodesTakeTheFirstOfADuplicateInAnyOrder() {
        var needed = NeededNodes([9, 4, 4, 7, 1])
        for (id, lon) in [(7, 70.0), (1, 10.0), (8, 80.0), (4, 40.0), (1, 11.0), (9, 90.0), (4, 41.0)] {
            needed.record(Int64(id), lon: lon, lat: -lon)
        }
        let coordinates = needed.coordinates()
        #expect(coordinates.ids == [1, 4, 7, 9])
        #expect(coordinates[1] == XY(10, -10) && coordinates[4] == XY(40, -40) && coordinates[9] == XY(90, -90))
        #expect(coordinates[8] == nil)
    }
}
