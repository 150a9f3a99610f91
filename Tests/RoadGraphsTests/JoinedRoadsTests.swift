import Model
import Testing
@testable import RoadGraphs
@testable import Roads

/// 跨区通办 roads: the district's ways and a neighbour's, joined at the nodes they share.
@Suite struct JoinedRoadsTests {
    static let foot = ModeAccess(speedKmh: 4.5, forward: true, backward: true)

    static func way(_ id: Int64, _ nodes: [(Int64, Double, Double)]) -> OSMRoadWay {
        OSMRoadWay(wayID: id, highway: "footway", nodeIDs: nodes.map(\.0), points: nodes.map { XY($0.1, $0.2) },
                   walk: foot, bike: nil, drive: nil)
    }

    @Test func waysJoinAtTheirSharedNodeAndAWayInBothFilesCountsOnce() throws {
        let border = Self.way(7, [(2, 1.001, 42.0), (3, 1.002, 42.0)])
        let own = [Self.way(1, [(1, 1.000, 42.0), (2, 1.001, 42.0)]), border]
        let neighbour = [border, Self.way(9, [(3, 1.002, 42.0), (4, 1.003, 42.0)])]
        let joined = try JoinedRoads.join(own, file: "a/roads.osm", neighbours: [(file: "b/roads.osm", ways: neighbour)])
        #expect(joined.ways.map(\.wayID) == [1, 7, 9])
        // Way 9 meets the district's roads at node 3 only (way 7, cut into both files, is theirs).
        #expect(joined.sharedNodes == [1])
    }

    @Test func roadsThatDoNotMeetAreJoinedWithNoSharedNode() throws {
        let joined = try JoinedRoads.join([Self.way(1, [(1, 1.0, 42.0), (2, 1.001, 42.0)])], file: "a/roads.osm",
                                          neighbours: [(file: "b/roads.osm", ways: [Self.way(5, [(8, 1.1, 42.0), (9, 1.101, 42.0)])])])
        #expect(joined.sharedNodes == [0])
        #expect(RoadGraphSource.Origin.joined(files: ["a/roads.osm", "b/roads.osm"], sharedNodes: joined.sharedNodes)
            .unjoinedNeighbours == ["b/roads.osm"])
    }

    @Test func filesNumberingTheirNodesIndependentlyAreRefused() {
        let own = [Self.way(1, [(1, 113.8910986, 22.5028688), (2, 113.8930436, 22.5028688)])]
        let other = [Self.way(1, [(1, 113.9882493, 22.5028688), (2, 113.9901944, 22.5028688)])]
        #expect {
            try JoinedRoads.join(own, file: "a/roads.osm", neighbours: [(file: "b/roads.osm", ways: other)])
        } throws: { error in
            (error as? InputError)?.description
                == "b/roads.osm: cross_district: node 1 lies at 113.9882493,22.5028688 here but at 113.8910986,22.5028688 in a/roads.osm: the two road files do not come from one OpenStreetMap extract, so their roads cannot be joined"
        }
    }
}
