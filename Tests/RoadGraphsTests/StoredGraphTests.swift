import Foundation
import Model
import Network
import Store
import Testing
import TestSupport
@testable import RoadGraphs

/// The store's road tables give back the very graph `import` built, and a store is used only
/// while every input file has the hash it had at import.
struct StoredGraphTests {
    /// Writes `graph` as `mode`'s tables of a fresh store and reads it back.
    func roundTrip(_ graph: RoadGraph, mode: TravelMode = .drive) throws -> RoadGraph? {
        let url = try Paths.scratch().appendingPathComponent("graph.sqlite")
        let writer = try StoreWriter(creating: url)
        try StoredGraph.write(graph, mode: mode, to: writer)
        try writer.commit()
        return StoredGraph.read(from: try StoreReader(opening: url), mode: mode, symmetric: graph.isSymmetric)
    }

    func expectSame(_ a: RoadGraph, _ b: RoadGraph) {
        #expect(a.points == b.points && a.nodeIDs == b.nodeIDs)
        #expect(a.offsets == b.offsets && a.targets == b.targets && a.seconds == b.seconds)
        #expect(a.isSymmetric == b.isSymmetric)
    }

    @Test func oneWayAndTwoWayStreetsComeBackEdgeForEdge() throws {
        // A square of two-way streets, a one-way diagonal, and a street whose two directions
        // differ in time (two ways over the same nodes, one of them one-way and slower).
        let p = [XY(1.50, 42.50), XY(1.51, 42.50), XY(1.51, 42.51), XY(1.50, 42.51)]
        let ways = [
            RoadWayInput(nodeIDs: [1, 2, 3, 4, 1], points: [p[0], p[1], p[2], p[3], p[0]], speedKmh: 30),
            RoadWayInput(nodeIDs: [1, 3], points: [p[0], p[2]], speedKmh: 50, forward: true, backward: false),
            RoadWayInput(nodeIDs: [4, 2], points: [p[3], p[1]], speedKmh: 20, forward: true, backward: false),
            RoadWayInput(nodeIDs: [2, 4], points: [p[1], p[3]], speedKmh: 40, forward: true, backward: false),
        ]
        let (graph, _) = RoadGraph.build(ways: ways, space: .geographic, keep: .largestStrong)
        #expect(!graph.isSymmetric && graph.edgeCount == 8 + 1 + 2)
        let rows = StoredGraph.edgeRows(graph)
        #expect(rows.count == 4 + 1 + 2)  // the square's pairs once, the diagonals' edges each
        expectSame(graph, try #require(try roundTrip(graph)))
    }

    @Test func theSyntheticGridComesBackForEveryMode() throws {
        let folder = Paths.repo.appendingPathComponent("GeoData/synthetic-small").path
        let settings = DistrictSettings(name: "synthetic-small")
        let ways = try RoadWays.read(osmPath: folder + "/roads.osm", settings: settings)
        for mode in TravelMode.allCases {
            let (graph, _) = RoadGraph.build(ways: RoadWays.inputs(ways, mode: mode), space: .geographic, keep: .largestStrong)
            #expect(graph.nodeCount == 441)
            expectSame(graph, try #require(try roundTrip(graph, mode: mode)))
        }
    }

    @Test func aStoreWithoutTheModeOrWithBrokenPositionsIsNotUsed() throws {
        let p = [XY(0, 0), XY(0.01, 0), XY(0.01, 0.01)]
        let (graph, _) = RoadGraph.build(ways: [RoadWayInput(nodeIDs: [1, 2, 3], points: p, speedKmh: 5)])
        let url = try Paths.scratch().appendingPathComponent("graph.sqlite")
        let writer = try StoreWriter(creating: url)
        try StoredGraph.write(graph, mode: .walk, to: writer)
        try writer.commit()
        let reader = try StoreReader(opening: url)
        #expect(StoredGraph.read(from: reader, mode: .drive, symmetric: true) == nil)
        // Two edges claiming one position, and a source out of order.
        #expect(StoredGraph.graph(points: p, ids: [], placed: [(0, 0, 1, 1), (0, 1, 0, 1)], symmetric: true) == nil)
        #expect(StoredGraph.graph(points: p, ids: [], placed: [(0, 1, 0, 1), (1, 0, 1, 1)], symmetric: true) == nil)
    }

    @Test func stalenessNamesTheFirstInputThatDiffers() throws {
        let folder = try Paths.scratch()
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("district.yaml", "name: x\n")
        try write("roads.osm", "<osm/>\n")
        var metadata = ["store.format": StoreFreshness.format, "hash.algorithm": "FNV-1a 64-bit"]
        for (file, hash) in try DistrictInputs.hashes(of: folder.path) { metadata["hash.\(file)"] = hash }
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path) == nil)

        try write("roads.osm", "<osm version='0.6'/>\n")
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path) == "roads.osm changed")
        try write("roads.osm", "<osm/>\n")
        try write("candidates.geojson", "{}")
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path) == "candidates.geojson added")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("candidates.geojson"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("roads.osm"))
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path) == "roads.osm removed")
        try write("roads.osm", "<osm/>\n")
        metadata["store.format"] = "twinreach store 1"
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path)
                == "written by an older import (twinreach store 1)")
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        // From the FNV reference (Landon Curt Noll's test vectors): "" and "a" and "foobar".
        var h = FNV1a64()
        #expect(h.hex == "cbf29ce484222325")
        h.update(Array("a".utf8))
        #expect(h.hex == "af63dc4c8601ec8c")
        var f = FNV1a64()
        f.update(Array("foobar".utf8))
        #expect(f.hex == "85944171f73967e8")
    }
}
