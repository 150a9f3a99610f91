import Foundation
import Model
import Testing
import TestSupport
@testable import OSMReader

/// The one-pass (XML) read keeps the coordinates of the nodes its kept ways and relations use.
/// When the file's nodes come in increasing id order it marks them where they lie
/// (`Collector.usedOfAscendingNodes`) instead of sorting every reference (`NeededNodes`): both
/// must give the same ids and coordinates.
@Suite struct OnePassNodesTests {
    static let roadsOnly = OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: [])

    /// The coordinates the plain way (`NeededNodes`) and the marking way give for what
    /// `collector` read.
    static func bothWays(_ collector: Collector) -> (marked: NodeCoordinates, plain: NodeCoordinates) {
        let ways = collector.selectWays()
        let marked = collector.usedOfAscendingNodes(ways)
        var needed = NeededNodes(collector.neededNodeIDs(ways))
        let nodes = collector.nodes
        for i in nodes.ids.indices { needed.record(nodes.ids[i], lon: nodes.lons[i], lat: nodes.lats[i]) }
        return (marked, needed.coordinates())
    }

    static func expectSame(_ a: NodeCoordinates, _ b: NodeCoordinates) {
        #expect(a.ids == b.ids)
        for id in b.ids { #expect(a[id] == b[id], "node \(id)") }
    }

    @Test(arguments: ["andorra", "monaco", "synthetic-district"])
    func sampleRoadsGiveTheNeededNodesCoordinates(_ sample: String) throws {
        let path = Paths.repo.appendingPathComponent("GeoData/\(sample)/roads.osm").path
        for filter in [Self.roadsOnly, .twinReach] {
            let collector = Collector(filter: filter)
            try OSMFile.parse(path, collector, nodes: true, ways: true)
            #expect(collector.nodes.ascending, "\(sample): nodes in id order")
            let (marked, plain) = Self.bothWays(collector)
            #expect(plain.count > 1000)
            Self.expectSame(marked, plain)
        }
    }

    /// By hand: a node no way uses (5), one a way names that the file lacks (8), ways that step
    /// back and skip ahead, and a relation's node member (6) and way member (301, untagged).
    @Test func unusedMissingAndRelationNodes() {
        let collector = Collector(filter: .twinReach)
        for id in [1, 2, 3, 4, 5, 6, 7, 9] as [Int64] {
            collector.nodes.add(id, lon: Double(id), lat: -Double(id))
        }
        collector.keptWays = [OSMWay(id: 100, nodeIDs: [3, 2, 1, 8, 4], tags: ["highway": "path"]),
                              OSMWay(id: 101, nodeIDs: [9, 2, 9], tags: ["highway": "path"])]
        collector.otherWayIDs = [301]; collector.otherWayRefs = [7, 3]; collector.otherWayOffsets = [0, 2]
        collector.keptRelations = [OSMRelation(id: 500, members: [OSMMember(type: .node, ref: 6, role: ""),
                                                                  OSMMember(type: .way, ref: 301, role: "outer"),
                                                                  OSMMember(type: .node, ref: 11, role: "")],
                                               tags: ["boundary": "administrative"])]
        let (marked, plain) = Self.bothWays(collector)
        #expect(marked.ids == [1, 2, 3, 4, 6, 7, 9])
        #expect(marked[7] == XY(7, -7) && marked[5] == nil && marked[8] == nil)
        Self.expectSame(marked, plain)
    }

    /// A file whose nodes are not in increasing id order (a repeated id) is read the plain way,
    /// keeping the first coordinates of the repeated node.
    @Test func unorderedNodesAreNotAscending() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("roads.osm")
        try """
            <?xml version='1.0' encoding='UTF-8'?>
            <osm version="0.6">
            <node id="1" lat="42.0" lon="1.0"/>
            <node id="2" lat="42.1" lon="1.1"/>
            <node id="2" lat="42.9" lon="1.9"/>
            <node id="3" lat="42.2" lon="1.2"/>
            <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="path"/></way>
            </osm>

            """.write(to: file, atomically: true, encoding: .utf8)
        let collector = Collector(filter: Self.roadsOnly)
        try OSMFile.parse(file.path, collector, nodes: true, ways: true)
        #expect(!collector.nodes.ascending)
        let data = try OSMFile.read(file, filter: Self.roadsOnly)
        #expect(data.coordinates.ids == [1, 2, 3])
        #expect(data.coordinates[2] == XY(1.1, 42.1))
    }
}
