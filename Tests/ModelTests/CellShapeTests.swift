import Model
import Testing

/// A grid cell's rectangle is kept as two corners (no arrays a cell) and read back as the very
/// ring it was given; every other shape is kept as given.
struct CellShapeTests {
    func cell(_ area: MultiPolygon?) -> Cell {
        Cell(id: "c", area: area, centroid: XY(1, 2), population: 10, elderlyShare: 0.1, digitalShare: 0.8)
    }

    func ring(_ points: [(Double, Double)]) -> [XY] { points.map { XY($0.0, $0.1) } }

    /// Coordinates compared bit for bit (so that -0.0 is not 0.0).
    func bits(_ area: MultiPolygon?) -> [[[UInt64]]] {
        (area?.polygons ?? []).map { $0.rings.map { $0.flatMap { [$0.x.bitPattern, $0.y.bitPattern] } } }
    }

    @Test func gridRectanglesComeBackBitForBit() {
        let alongX = ring([(113.443732, 22.0778141), (113.4447045, 22.0778141), (113.4447045, 22.0787185),
                           (113.443732, 22.0787185), (113.443732, 22.0778141)])
        let alongY = ring([(5, -0.0), (5, 3), (-2, 3), (-2, -0.0), (5, -0.0)])
        for exterior in [alongX, alongY] {
            let area = MultiPolygon([Polygon(exterior: exterior)])
            let c = cell(area)
            #expect(c.keepsRectangle && c.hasArea)
            #expect(bits(c.area) == bits(area))
            #expect(c.area == area)
        }
        // The -0.0 of the second ring survives.
        #expect(cell(MultiPolygon([Polygon(exterior: alongY)])).area?.polygons[0].exterior[3].y.sign == .minus)
    }

    @Test func otherShapesAreKeptAsGiven() {
        let shapes: [MultiPolygon] = [
            MultiPolygon([Polygon(exterior: ring([(0, 0), (2, 0), (2, 1), (0, 1.5), (0, 0)]))]),          // not a rectangle
            MultiPolygon([Polygon(exterior: ring([(0, 0), (2, 0), (2, 1), (0, 0)]))]),                    // a triangle
            MultiPolygon([Polygon(exterior: ring([(0, 0), (1, 0), (2, 0), (2, 1), (0, 1), (0, 0)]))]),    // six points
            MultiPolygon([Polygon(exterior: ring([(0, 0), (0, 0.0), (2, 0), (2, 1), (0, 0)]))]),          // repeated corner
            MultiPolygon([Polygon(exterior: ring([(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]),
                                  holes: [ring([(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)])])]),            // a hole
            MultiPolygon([Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])),
                          Polygon(exterior: ring([(5, 5), (6, 5), (6, 6), (5, 6), (5, 5)]))]),            // two parts
            MultiPolygon([Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0.5)]))]),          // not closed
            MultiPolygon([Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (-0.0, 1), (0, 0)]))]),         // -0.0 ≠ 0 here
            MultiPolygon([]),
        ]
        for area in shapes {
            let c = cell(area)
            #expect(!c.keepsRectangle, "\(area)")
            #expect(bits(c.area) == bits(area))
        }
        #expect(!cell(nil).hasArea && cell(nil).area == nil)
    }

    @Test func equalAreasMakeEqualCells() {
        let square = MultiPolygon([Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]))])
        var a = cell(square), b = cell(nil)
        b.area = square
        #expect(a == b && a.hashValue == b.hashValue && b.keepsRectangle)
        a.area = nil
        #expect(a != b && !a.hasArea)
        b.area = MultiPolygon([Polygon(exterior: ring([(0, 0), (2, 0), (2, 1), (0, 1.5), (0, 0)]))])
        #expect(!b.keepsRectangle && b.area?.polygons[0].exterior[3] == XY(0, 1.5))
    }
}
