import Foundation
import Geometry
import Model
import Testing
import TestSupport

private func ring(_ points: [(Double, Double)]) -> [XY] { points.map { XY($0.0, $0.1) } }

private func square(_ x0: Double, _ y0: Double, _ side: Double) -> Polygon {
    Polygon(exterior: ring([(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side), (x0, y0)]))
}

@Suite struct MeasureTests {
    @Test func triangle345HasArea6AndPerimeter12() throws {
        let t = Polygon(exterior: ring([(0, 0), (3, 0), (0, 4), (0, 0)]))
        #expect(try t.area() == 6)
        #expect(try t.perimeter() == 12)
    }

    @Test func squareWithHoleSubtractsTheHole() throws {
        // 10 x 10 square, 2 x 2 hole: area 100 - 4, rings 40 + 8 long.
        let p = Polygon(exterior: square(0, 0, 10).exterior,
                        holes: [ring([(4, 4), (4, 6), (6, 6), (6, 4), (4, 4)])])
        #expect(try p.area() == 96)
        #expect(try p.perimeter() == 48)
        #expect(try MultiPolygon([p, square(20, 0, 1)]).area() == 97)
    }

    @Test func centroidOfSquareWithHole() throws {
        // 4 x 4 square (centroid 2,2; area 16) minus unit hole centred at 1.5,1.5:
        // (16 * 2 - 1 * 1.5) / 15 in each coordinate.
        let p = Polygon(exterior: square(0, 0, 4).exterior, holes: [square(1, 1, 1).exterior.reversed()])
        let c = try #require(try p.centroid())
        #expect(abs(c.x - 30.5 / 15) < 1e-12)
        #expect(abs(c.y - 30.5 / 15) < 1e-12)
        #expect(try MultiPolygon([]).centroid() == nil)
    }

    @Test func lineLength() throws {
        #expect(try ring([(0, 0), (3, 4), (3, 10)]).lineLength() == 11)
    }

    @Test func intersectionAreaOfOverlappingSquares() throws {
        #expect(try square(0, 0, 2).intersectionArea(with: square(1, 1, 2)) == 1)
        #expect(try square(0, 0, 1).intersectionArea(with: square(5, 5, 1)) == 0)
        #expect(try square(0, 0, 2).difference(square(1, 0, 2)).area() == 2)
    }

    @Test func unclosedRingIsAGEOSError() {
        let open = Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 1)]))
        #expect {
            _ = try open.area()
        } throws: { error in
            guard case .geos(let operation, let message) = error as? GeometryError else { return false }
            return operation == "GEOSGeom_createLinearRing_r" && message.contains("closed linestring")
        }
    }
}

@Suite struct ValidityTests {
    let bowTie = Polygon(exterior: ring([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)]))

    @Test func bowTieIsInvalidAtItsCrossing() throws {
        #expect(try bowTie.validity() == .invalid(reason: "Self-intersection", location: XY(1, 1)))
        #expect(try square(0, 0, 1).validity() == .valid)
    }

    @Test func holeOutsideShellIsReported() throws {
        let p = Polygon(exterior: square(0, 0, 1).exterior, holes: [square(5, 5, 1).exterior])
        guard case .invalid(let reason, _) = try p.validity() else {
            Issue.record("expected invalid"); return
        }
        #expect(reason == "Hole lies outside shell")
    }

    @Test func bowTieRepairsIntoTwoUnitTriangles() throws {
        let repaired = try bowTie.madeValid()
        #expect(repaired.polygons.count == 2)
        // Triangles (0,0)-(1,1)-(0,2) and (2,0)-(2,2)-(1,1): base 2, height 1 each.
        for part in repaired.polygons { #expect(abs(try part.area() - 1) < 1e-12) }
        #expect(try repaired.validity() == .valid)
    }
}

@Suite struct UnionAndPolygonizeTests {
    @Test func unionOfOverlappingSquares() throws {
        // 2 x 2 squares overlapping in a unit square: 4 + 4 - 1.
        let u = try MultiPolygon.union(of: [square(0, 0, 2), square(1, 1, 2)])
        #expect(u.polygons.count == 1)
        #expect(try u.area() == 7)
        #expect(u.polygons[0].exterior.count == 9)  // 8 corners, closed
        let apart = try MultiPolygon.union(of: [square(0, 0, 1), square(1, 0, 1), square(5, 5, 1)])
        #expect(apart.polygons.count == 2)
        #expect(try apart.area() == 3)
        #expect(try MultiPolygon.union(of: [Polygon]()).isEmpty)
    }

    // An OSM-like relation: the outer 10 x 10 ring split over three ways (one reversed), the
    // inner 3 x 3 ring over two ways.
    let outerWays = [
        ring([(0, 0), (10, 0), (10, 5)]),
        ring([(0, 10), (10, 10), (10, 5)]),  // runs backwards
        ring([(0, 10), (0, 0)]),
    ]
    let innerWays = [ring([(3, 3), (6, 3), (6, 6)]), ring([(6, 6), (3, 6), (3, 3)])]

    @Test func polygonizeGivesEveryFace() throws {
        let faces = try Polygon.polygonize(lines: outerWays + innerWays)
        let areas = try faces.map { try $0.area() }.sorted()
        #expect(areas == [9, 91])
    }

    @Test func osmMultipolygonWithInnerRing() throws {
        let m = try MultiPolygon(osmOuter: outerWays, inner: innerWays)
        #expect(m.polygons.count == 1)
        #expect(m.polygons[0].holes.count == 1)
        #expect(try m.area() == 91)
        #expect(try m.validity() == .valid)
        #expect(try !m.covers(XY(4, 4)))
        #expect(try m.covers(XY(1, 1)))
    }

    @Test func osmIslandInLakeIsArea() throws {
        // Outer 10 x 10, lake 6 x 6 (inner), island 2 x 2 in the lake (outer): 100 - 36 + 4.
        let m = try MultiPolygon(
            osmOuter: [square(0, 0, 10).exterior, square(4, 4, 2).exterior],
            inner: [square(2, 2, 6).exterior])
        #expect(m.polygons.count == 2)
        #expect(try m.area() == 68)
        #expect(try m.covers(XY(5, 5)))
        #expect(try !m.covers(XY(3, 3)))
    }

    @Test func osmInnerRingTouchingOuterAtAVertex() throws {
        // A triangular courtyard whose corner sits on the outer ring (valid in OSM and OGC):
        // 10 x 10 minus a triangle of base 4 and height 4.
        let m = try MultiPolygon(osmOuter: [square(0, 0, 10).exterior],
                                 inner: [ring([(0, 5), (4, 3), (4, 7), (0, 5)])])
        #expect(try m.area() == 92)
        #expect(try m.validity() == .valid)
    }

    @Test func osmTwoOutersWithTheirOwnInners() throws {
        let m = try MultiPolygon(
            osmOuter: [square(0, 0, 10).exterior, square(20, 0, 10).exterior],
            inner: [square(2, 2, 2).exterior, square(22, 2, 3).exterior])
        #expect(m.polygons.count == 2)
        #expect(try m.area() == 100 - 4 + 100 - 9)
    }

    @Test func osmMultipolygonWithMissingWayIsRejected() {
        #expect(throws: GeometryError.unclosedRings(dangling: 2, cutEdges: 0, invalidRings: 0)) {
            _ = try MultiPolygon(osmOuter: Array(outerWays.prefix(2)), inner: [])
        }
        #expect(GeometryError.unclosedRings(dangling: 2, cutEdges: 0, invalidRings: 0).description
                == "multipolygon members do not form closed rings: 2 dangling lines")
    }
}

@Suite struct IndexTests {
    // Unit squares: 0 = [0,1]x[0,1], 1 = [1,2]x[0,1], 2 = [0,1]x[1,2], 3 = [1,2]x[1,2].
    let cells = [square(0, 0, 1), square(1, 0, 1), square(0, 1, 1), square(1, 1, 1)]

    @Test func polygonContainingAPoint() throws {
        let index = try PolygonIndex(cells)
        #expect(try index.firstPolygonCovering(XY(0.5, 1.5)) == 2)
        #expect(try index.firstPolygonCovering(XY(1.7, 0.2)) == 1)
        #expect(try index.firstPolygonCovering(XY(3, 3)) == nil)
        // On the shared corner: all four cover it; the lowest index wins.
        #expect(try index.polygonsCovering(XY(1, 1)) == [0, 1, 2, 3])
        #expect(try index.firstPolygonCovering(XY(1, 1)) == 0)
        #expect(try index.polygonsCovering(XY(1, 0.5)) == [0, 1])
    }

    @Test func polygonIndexRespectsHoles() throws {
        let donut = Polygon(exterior: square(0, 0, 10).exterior, holes: [square(4, 4, 2).exterior])
        let index = try PolygonIndex([donut, square(4.5, 4.5, 1)])
        #expect(try index.polygonsCovering(XY(5, 5)) == [1])
        #expect(try index.polygonsCovering(XY(1, 1)) == [0])
    }

    @Test func nearestPoint() throws {
        let index = try PointIndex([XY(0, 0), XY(10, 0), XY(5, 5)])
        let hit = try #require(try index.nearest(to: XY(6, 4)))
        #expect(hit.index == 2)
        #expect(hit.distance == 2.0.squareRoot())
        #expect(try PointIndex([]).nearest(to: XY(0, 0)) == nil)
    }

    @Test func nearestTieGoesToLowestIndex() throws {
        // Twelve points exactly 5 from the origin (3-4-5), many far ones around them.
        var points: [XY] = []
        for i in 0..<200 { points.append(XY(Double(i % 20) * 7 + 20, Double(i / 20) * 7 + 20)) }
        let onCircle = ring([(3, 4), (-4, 3), (0, -5), (5, 0), (-3, -4), (4, -3), (0, 5), (-5, 0),
                             (4, 3), (-3, 4), (3, -4), (-4, -3)])
        let firstOnCircle = points.count
        points += onCircle
        let hit = try #require(try PointIndex(points).nearest(to: XY(0, 0)))
        #expect(hit.index == firstOnCircle)
        #expect(hit.distance == 5)
    }

    @Test func preparedPolygonContainsAndCovers() throws {
        let p = try PreparedPolygon(square(0, 0, 2))
        #expect(try p.contains(XY(1, 1)))
        #expect(try !p.contains(XY(2, 1)))  // boundary
        #expect(try p.covers(XY(2, 1)))
        #expect(try !p.covers(XY(3, 1)))
        #expect(try square(0, 0, 2).contains(XY(0.5, 0.5)))
        #expect(try !square(0, 0, 2).contains(XY(0, 0.5)))
    }
}

@Suite struct WKBTests {
    @Test func multiPolygonRoundTrip() throws {
        let m = MultiPolygon([Polygon(exterior: square(0, 0, 10).exterior, holes: [square(2, 2, 1).exterior]),
                              square(20, 20, 1)])
        let bytes = try m.wkb()
        // Little-endian marker, then type 6 (MultiPolygon), then 2 parts.
        #expect(Array(bytes.prefix(9)) == [1, 6, 0, 0, 0, 2, 0, 0, 0])
        #expect(try MultiPolygon(wkb: bytes) == m)
        #expect(try MultiPolygon(wkb: try square(0, 0, 1).wkb()) == MultiPolygon([square(0, 0, 1)]))
    }

    @Test func pointRoundTripAndWrongType() throws {
        let bytes = try XY(1.5, -2.25).wkb()
        #expect(bytes.count == 21)
        #expect(try XY(wkb: bytes) == XY(1.5, -2.25))
        #expect(throws: GeometryError.unsupported("WKB is not a Polygon or MultiPolygon")) {
            _ = try MultiPolygon(wkb: bytes)
        }
        #expect(try ring([(0, 0), (1, 1)]).lineStringWKB().count == 9 + 32)
    }
}

@Suite struct ThreadTests {
    @Test func manyThreadsEachUseTheirOwnContext() throws {
        // Each thread repairs and measures bow-ties; a shared context would corrupt results.
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let s = Double(i + 1)
            let bowTie = Polygon(exterior: [XY(0, 0), XY(2 * s, 2 * s), XY(2 * s, 0), XY(0, 2 * s), XY(0, 0)])
            let area = (try? bowTie.madeValid().area()) ?? -1
            results.set(i, area)
        }
        for i in 0..<16 {
            let s = Double(i + 1)
            #expect(results.get(i) == 2 * s * s)
        }
    }
}

extension ThreadTests {
    @Test func contextsOfFinishedThreadsAreFreedCleanly() throws {
        // Short-lived threads each create their context and free it at exit (a double free or a
        // use after free would crash here); an index made on this thread outlives them all.
        let index = try PolygonIndex([Polygon(exterior: [XY(0, 0), XY(1, 0), XY(1, 1), XY(0, 0)])])
        let results = LockedResults()
        for i in 0..<40 {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                let t = Polygon(exterior: [XY(0, 0), XY(3, 0), XY(0, 4), XY(0, 0)])
                results.set(i, (try? t.area()) ?? -1)
                done.signal()
            }
            thread.start()
            done.wait()
        }
        for i in 0..<40 { #expect(results.get(i) == 6) }
        #expect(try index.firstPolygonCovering(XY(0.9, 0.1)) == 0)
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Double] = [:]
    func set(_ i: Int, _ v: Double) { lock.withLock { values[i] = v } }
    func get(_ i: Int) -> Double? { lock.withLock { values[i] } }
}

@Suite struct HelsinkiGridTests {
    @Test func everyPublishedCentroidLiesInItsOwnCell() throws {
        guard let cells = try HelsinkiGrid.cells() else { return }
        #expect(cells.count == 92)
        let polygons = cells.map { Polygon(exterior: $0.ring) }
        let index = try PolygonIndex(polygons)
        for cell in cells {
            #expect(try index.polygonsCovering(cell.centroid) == [cell.id])
        }
        // The union of the cells covers each centroid once; a point far outside hits nothing.
        #expect(try index.polygonsCovering(XY(25.5, 60.5)) == [])
        for p in polygons { #expect(try p.validity() == .valid) }
    }

    @Test func unionOfTheGridKeepsItsArea() throws {
        guard let cells = try HelsinkiGrid.cells() else { return }
        let polygons = cells.map { Polygon(exterior: $0.ring) }
        let sum = try polygons.reduce(0.0) { total, p in total + (try p.area()) }
        let union = try MultiPolygon.union(of: polygons)
        // Cells share edges exactly (same rounded vertices), so dissolving loses no area.
        #expect(abs(try union.area() - sum) / sum < 1e-9)
        #expect(union.polygons.count < polygons.count)
    }
}
