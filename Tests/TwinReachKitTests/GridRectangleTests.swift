import Testing
import Geometry
import Model
@testable import Districts
@testable import TwinReachKit

/// The population reader skips GEOS for a grid cell (`DistrictLoader.isGridRectangle`): every
/// rectangle it skips is one the validity check passes (its convexity test, and GEOS itself),
/// and any other ring still goes to the check.
@Suite struct GridRectangleTests {
    static func area(_ ring: [XY], holes: [[XY]] = []) -> MultiPolygon { MultiPolygon([Polygon(exterior: ring, holes: holes)]) }

    @Test func gridRectanglesAreValidWithoutGEOS() throws {
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<2000 {
            let x = Double.random(in: -180...179, using: &generator), y = Double.random(in: -90...89, using: &generator)
            let w = Double.random(in: 1e-9...1, using: &generator) * (Bool.random(using: &generator) ? 1 : -1)
            let h = Double.random(in: 1e-9...1, using: &generator) * (Bool.random(using: &generator) ? 1 : -1)
            let a = XY(x, y), c = XY(x + w, y + h)
            let ring = Bool.random(using: &generator) ? [a, XY(c.x, a.y), c, XY(a.x, c.y), a] : [a, XY(a.x, c.y), c, XY(c.x, a.y), a]
            #expect(DistrictLoader.isGridRectangle(Self.area(ring)))
            #expect(LibraryGeoServices.isStrictlyConvex(Self.area(ring)))
            #expect(try Self.area(ring).validity() == .valid)
        }
    }

    @Test func otherRingsGoToTheValidityCheck() {
        let a = XY(7, 45), c = XY(7.001, 45.001)
        let square = [a, XY(c.x, a.y), c, XY(a.x, c.y), a]
        var nudged = square
        nudged[1].y = a.y.nextUp
        let others: [MultiPolygon] = [
            Self.area(nudged),                                             // not axis-parallel
            Self.area([a, XY(a.x, a.y), c, XY(a.x, c.y), a]),               // a corner twice
            Self.area([a, XY(a.x, a.y), XY(a.x, c.y), XY(a.x, c.y), a]),    // no width
            Self.area([a, XY(c.x, a.y), c, XY(a.x, c.y), XY(a.x, a.y.nextUp)]), // not closed
            Self.area([a, c, XY(c.x, a.y), XY(a.x, c.y), a]),               // a bow tie
            Self.area(square, holes: [[XY(7.0002, 45.0002), XY(7.0004, 45.0002), XY(7.0004, 45.0004), XY(7.0002, 45.0002)]]),
            MultiPolygon([Polygon(exterior: square), Polygon(exterior: square)]),
            Self.area([a, XY(c.x, a.y), XY(c.x, .nan), XY(a.x, c.y), a]),
            Self.area([XY(0, 0), XY(1e-200, 0), XY(1e-200, 1e-200), XY(0, 1e-200), XY(0, 0)]), // its turns underflow to 0
        ]
        for area in others { #expect(!DistrictLoader.isGridRectangle(area), "\(area)") }
    }
}
