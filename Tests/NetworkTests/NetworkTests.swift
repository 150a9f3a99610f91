import Foundation
import Model
import Testing
import TestSupport
@testable import Network

// The map: AB is a fast road (2 m/s), the rest 1 m/s; C->F and F->G are one-way.
//   A====B----C
//   |         |
//   |         v
//   D---------F-->-G
// Times by hand (seconds): AB 50/2 = 25, BC 50, AD 30, DF 100, CF 30, FG 50.
private let map = ASCIIMap("""
A====B----C
|         |
|         v
D---------F-->-G
""")

@Suite struct TinyGraphTests {
    @Test func mapParsesToSixWays() {
        #expect(map.ways.count == 6)
        #expect(map.position["G"] == XY(150, -30))
    }

    @Test func timesFromA() throws {
        let (graph, report) = RoadGraph.build(ways: map.ways, space: .planar, keep: .all)
        #expect(report.nodeCountBeforePruning == 6 && graph.edgeCount == 2 * 4 + 2)
        let t = graph.times(from: [SearchStart(node: map.node(graph, "A"))])
        func at(_ ch: Character) -> Float { t[Int(map.node(graph, ch))] }
        #expect(at("A") == 0)
        #expect(at("B") == 25)
        #expect(at("C") == 75)
        #expect(at("D") == 30)
        #expect(at("F") == 105)   // A-B-C-F 25+50+30, not A-D-F 30+100
        #expect(at("G") == 155)
        let path = try #require(graph.shortestPath(from: map.node(graph, "A"), to: map.node(graph, "F")))
        #expect(path.nodes.map { graph.nodeIDs[Int($0)] } == [65, 66, 67, 70])  // A B C F
        #expect(path.seconds == 105)
    }

    @Test func oneWayAndDirections() {
        let (graph, _) = RoadGraph.build(ways: map.ways, space: .planar, keep: .all)
        #expect(!graph.isSymmetric)
        let f = map.node(graph, "F"), c = map.node(graph, "C")
        // From F one cannot go up to C: F-D-A-B-C = 100+30+25+50.
        #expect(graph.times(from: [SearchStart(node: f)])[Int(c)] == 205)
        // Time from every node TO F (a resident going to a site at F): C->F is 30 directly.
        let toF = graph.nearestSources([SearchStart(node: f)], direction: .toSources)
        #expect(toF.seconds[Int(c)] == 30)
        #expect(toF.seconds[Int(map.node(graph, "G"))] == .infinity)  // G is a dead end
        let toG = graph.reversed().times(from: [SearchStart(node: map.node(graph, "G"))])
        #expect(toG[Int(map.node(graph, "A"))] == 155)
    }

    /// Resident → site minutes laid out by cell, by hand: sites at A and F, cells at B, D, C, F
    /// and one 1 km away that does not snap; cut-off 100 s (inclusive). F reaches A only by
    /// F-D-A (130 s, cut): C -> F is one-way.
    @Test func minutesByCellAreTheTransposeOfTheSearches() {
        let network = RoadNetwork(ways: map.ways, space: .planar)
        let at = { (ch: Character) in map.position[ch] ?? XY(0, 0) }
        let cells = [at("B"), at("D"), at("C"), at("F"), XY(1000, 1000)], sites = [at("A"), at("F")]
        let byCell = network.travelMinutesByCell(sites: sites, cells: cells, maxSnapMeters: 5, walkKmh: 3.6, cutoffSeconds: 100)
        let m = byCell.minutes
        let rows = (0..<cells.count).map { c in m.pairs(ofCell: c).map { (Int(m.site[$0]), m.minutes[$0] * 60) } }
        #expect(rows.count == 5)
        #expect(rows[0].elementsEqual([(0, 25), (1, 80)], by: ==))
        #expect(rows[1].elementsEqual([(0, 30), (1, 100)], by: ==))
        #expect(rows[2].elementsEqual([(0, 75), (1, 30)], by: ==))
        #expect(rows[3].elementsEqual([(1, 0)], by: ==))
        #expect(rows[4].isEmpty && byCell.cellSnaps.unsnapped == [4])
        #expect(m.siteCount == 2)
        // The same pairs as the site-major searches, transposed (as the run did before).
        let bySite = network.travelTimes(sites: sites, cells: cells, maxSnapMeters: 5, walkKmh: 3.6, cutoffSeconds: 100)
        #expect(bySite.times.transposed { Double($0) / 60 } == m)
    }

    @Test func cutoffIsInclusiveAndStartsCarryTheirLeg() {
        let (graph, _) = RoadGraph.build(ways: map.ways, space: .planar, keep: .all)
        var reached: [Int64: Float] = [:]
        graph.search(from: [SearchStart(node: map.node(graph, "A"), seconds: 5)], cutoffSeconds: 80,
                     workspace: SearchWorkspace(nodeCount: graph.nodeCount)) { v, s in reached[graph.nodeIDs[Int(v)]] = s }
        // A 5, B 30, D 35, C 80 (exactly the cut-off), F 110 is beyond.
        #expect(reached == [65: 5, 66: 30, 68: 35, 67: 80])
    }

    @Test func largestStrongComponentDropsTheDeadEnd() {
        let (graph, report) = RoadGraph.build(ways: map.ways, space: .planar, keep: .largestStrong)
        // G can be reached but never left: it is its own component and goes, with edge F->G.
        #expect(report.componentCount == 2)
        #expect(report.droppedNodeCount == 1 && report.droppedEdgeCount == 1)
        #expect(graph.nodeCount == 5 && !graph.nodeIDs.contains(71))
    }

    @Test func junctionTopology() {
        let (_, report) = RoadGraph.build(ways: map.ways, space: .planar, keep: .all)
        // Every letter ends a way, and each two-node way is one arc.
        #expect(report.junctionCount == 6 && report.arcCount == 6)
        #expect(report.wayLengthMeters == 50 + 50 + 30 + 100 + 30 + 50)
    }

    @Test func snappingWithinTheLimitAndReportingTheRest() {
        let (graph, _) = RoadGraph.build(ways: map.ways, space: .planar, keep: .all)
        let index = SnapIndex(graph: graph)
        let a = map.node(graph, "A"), b = map.node(graph, "B")
        #expect(index.nearest(XY(3, -4), maxMeters: 10) == Snap(node: a, meters: 5))
        // Exactly halfway between A and B: the lower node number wins.
        #expect(index.nearest(XY(25, 0), maxMeters: 30) == Snap(node: min(a, b), meters: 25))
        let result = index.snap([XY(3, -4), XY(75, -15), XY(1000, 1000)], maxMeters: 10)
        #expect(result.unsnapped == [1, 2])
        // The snap leg is walked: 5 m at 4.5 km/h = 4 s.
        #expect(Snap(node: a, meters: 5).start(walkKmh: 4.5).seconds == 4)
    }

    @Test func graphFromRawArraysIsValidated() {
        let points = [XY(0, 0), XY(1, 0)]
        #expect(RoadGraph(space: .planar, points: points, offsets: [0, 1, 1], targets: [1], seconds: [2]) != nil)
        #expect(RoadGraph(space: .planar, points: points, offsets: [0, 1, 1], targets: [2], seconds: [2]) == nil)
        #expect(RoadGraph(space: .planar, points: points, offsets: [0, 1, 1], targets: [1], seconds: [-1]) == nil)
        #expect(RoadGraph(space: .planar, points: points, offsets: [0, 2, 1], targets: [1], seconds: [2]) == nil)
    }
}
