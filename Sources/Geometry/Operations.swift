import CGEOS
import Model

/// A polygon or a multipolygon value: the two area types every operation here accepts.
public protocol PolygonalGeometry: Sendable {
    /// The parts as polygons (one for a `Polygon`).
    var polygonParts: [Polygon] { get }
}

extension Polygon: PolygonalGeometry {
    public var polygonParts: [Polygon] { [self] }
}

extension MultiPolygon: PolygonalGeometry {
    public var polygonParts: [Polygon] { polygons }
}

extension PolygonalGeometry {
    /// Whether the geometry is valid by OGC rules (as GEOS checks them), and if not GEOS's
    /// reason and the location it found. Rings that cannot be built at all (fewer than four
    /// points, not closed) throw instead.
    public func validity() throws(GeometryError) -> Validity {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let status = GEOSisValidDetail_r(context.handle, g.pointer, 0, &reason, &location)
        let locationGeometry = location.map { OwnedGeometry(context, owning: $0) }
        defer { if let reason { GEOSFree_r(context.handle, reason) } }
        switch status {
        case 1: return .valid
        case 0:
            let text = reason.map { String(cString: $0) } ?? "invalid"
            let at = try locationGeometry.map { geometry throws(GeometryError) in
                try context.xy(ofPoint: geometry.pointer)
            }
            return .invalid(reason: text, location: at)
        default: throw context.failure("GEOSisValidDetail_r")
        }
    }

    /// The geometry repaired by GEOS MakeValid (the "linework" method, keeping every input
    /// vertex): a bow-tie becomes its two triangles. Only the polygonal part is kept — parts that
    /// collapse to lines or points have no area and are dropped.
    public func madeValid() throws(GeometryError) -> MultiPolygon {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        let valid = try context.own(GEOSMakeValid_r(context.handle, g.pointer), "GEOSMakeValid_r")
        return try context.multiPolygonValue(valid)
    }

    /// Planar area in squared CRS units (square metres for a metric CRS). Holes count negative;
    /// overlapping parts of a multipolygon are counted twice (union first to avoid that).
    public func area() throws(GeometryError) -> Double {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        var value = 0.0
        guard GEOSArea_r(context.handle, g.pointer, &value) != 0 else { throw context.failure("GEOSArea_r") }
        return value
    }

    /// Length of every ring (exterior and holes), in CRS units.
    public func perimeter() throws(GeometryError) -> Double {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        var value = 0.0
        guard GEOSLength_r(context.handle, g.pointer, &value) != 0 else { throw context.failure("GEOSLength_r") }
        return value
    }

    /// The centroid (centre of mass of the area); nil for an empty geometry.
    public func centroid() throws(GeometryError) -> XY? {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        let c = try context.own(GEOSGetCentroid_r(context.handle, g.pointer), "GEOSGetCentroid_r")
        if GEOSisEmpty_r(context.handle, c.pointer) != 0 { return nil }
        return try context.xy(ofPoint: c.pointer)
    }

    /// A point guaranteed to lie inside the area (unlike the centroid of a C-shaped polygon).
    public func pointOnSurface() throws(GeometryError) -> XY? {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        let c = try context.own(GEOSPointOnSurface_r(context.handle, g.pointer), "GEOSPointOnSurface_r")
        if GEOSisEmpty_r(context.handle, c.pointer) != 0 { return nil }
        return try context.xy(ofPoint: c.pointer)
    }

    /// Whether `point` lies in the interior (GEOS `contains`: a point on the boundary is not
    /// contained).
    public func contains(_ point: XY) throws(GeometryError) -> Bool {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        let p = try context.point(point)
        return try predicate(GEOSContains_r(context.handle, g.pointer, p.pointer), context, "GEOSContains_r")
    }

    /// Whether `point` lies in the interior or on the boundary (GEOS `covers`).
    public func covers(_ point: XY) throws(GeometryError) -> Bool {
        let context = try GEOSContext.current()
        let g = try context.polygonal(self)
        let p = try context.point(point)
        return try predicate(GEOSCovers_r(context.handle, g.pointer, p.pointer), context, "GEOSCovers_r")
    }

    /// Area of the intersection with `other`, in squared CRS units (0 when they do not overlap).
    public func intersectionArea(with other: some PolygonalGeometry) throws(GeometryError) -> Double {
        let context = try GEOSContext.current()
        let a = try context.polygonal(self)
        let b = try context.polygonal(other)
        let i = try context.own(GEOSIntersection_r(context.handle, a.pointer, b.pointer), "GEOSIntersection_r")
        var value = 0.0
        guard GEOSArea_r(context.handle, i.pointer, &value) != 0 else { throw context.failure("GEOSArea_r") }
        return value
    }

    /// The intersection with `other` (its polygonal part).
    public func intersection(with other: some PolygonalGeometry) throws(GeometryError) -> MultiPolygon {
        let context = try GEOSContext.current()
        let a = try context.polygonal(self)
        let b = try context.polygonal(other)
        let i = try context.own(GEOSIntersection_r(context.handle, a.pointer, b.pointer), "GEOSIntersection_r")
        return try context.multiPolygonValue(i)
    }

    /// This area minus `other` (its polygonal part).
    public func difference(_ other: some PolygonalGeometry) throws(GeometryError) -> MultiPolygon {
        let context = try GEOSContext.current()
        let a = try context.polygonal(self)
        let b = try context.polygonal(other)
        let d = try context.own(GEOSDifference_r(context.handle, a.pointer, b.pointer), "GEOSDifference_r")
        return try context.multiPolygonValue(d)
    }
}

func predicate(_ answer: CChar, _ context: GEOSContext, _ operation: String) throws(GeometryError) -> Bool {
    switch answer {
    case 1: return true
    case 0: return false
    default: throw context.failure(operation)
    }
}

extension MultiPolygon {
    /// The union (dissolve) of many polygons, which may overlap or touch: one area with shared
    /// edges removed (GEOS unary union). Empty input gives an empty multipolygon.
    public static func union(of polygons: [Polygon]) throws(GeometryError) -> MultiPolygon {
        if polygons.isEmpty { return MultiPolygon([]) }
        let context = try GEOSContext.current()
        let all = try context.collection(polygons)
        let u = try context.own(GEOSUnaryUnion_r(context.handle, all.pointer), "GEOSUnaryUnion_r")
        return try context.multiPolygonValue(u)
    }

    /// The union of many multipolygons (every part of every one).
    public static func union(of multis: [MultiPolygon]) throws(GeometryError) -> MultiPolygon {
        try union(of: multis.flatMap(\.polygons))
    }

    /// Assembles an OpenStreetMap multipolygon relation from its member ways, given as point
    /// lists in the order of the relation (a ring may be split over several ways, in any
    /// direction). The area follows ring nesting (even-odd), as OSM data consumers do: the
    /// `outer`/`inner` roles are taken as given and not trusted for nesting, so an island inside
    /// a lake inside an outer ring comes out as area again. Throws `unclosedRings` when some way
    /// does not close into a ring with the others (an unclosed or clipped relation).
    public init(osmOuter outer: [[XY]], inner: [[XY]]) throws(GeometryError) {
        let context = try GEOSContext.current()
        let lines = try (outer + inner).map { line throws(GeometryError) in try context.lineString(line) }
        // Check closure first: every line must end up on a ring.
        var cuts: OpaquePointer?, dangles: OpaquePointer?, invalid: OpaquePointer?
        let input = try context.own(try context.rawCollection(
            GEOS_GEOMETRYCOLLECTION,
            lines.compactMap { GEOSGeom_clone_r(context.handle, $0.pointer) }), "GEOSGeom_createCollection_r")
        let faces = GEOSPolygonize_full_r(context.handle, input.pointer, &cuts, &dangles, &invalid)
        if let faces { GEOSGeom_destroy_r(context.handle, faces) }
        let ownedCuts = cuts.map { OwnedGeometry(context, owning: $0) }
        let ownedDangles = dangles.map { OwnedGeometry(context, owning: $0) }
        let ownedInvalid = invalid.map { OwnedGeometry(context, owning: $0) }
        guard faces != nil else { throw context.failure("GEOSPolygonize_full_r") }
        let counts = [ownedDangles, ownedCuts, ownedInvalid].map { g in
            g.map { Int(max(0, GEOSGetNumGeometries_r(context.handle, $0.pointer))) } ?? 0
        }
        if counts.contains(where: { $0 > 0 }) {
            throw .unclosedRings(dangling: counts[0], cutEdges: counts[1], invalidRings: counts[2])
        }
        // Even-odd assembly: GEOS keeps the faces that form a valid polygonal result.
        // The lines must outlive the call: an optimized build may free them after their pointers
        // are read, before GEOS reads the lines (seen as a crash in release builds).
        let pointers: [OpaquePointer?] = lines.map { Optional($0.pointer) }
        let raw = withExtendedLifetime(lines) {
            pointers.withUnsafeBufferPointer { buffer in
                GEOSPolygonize_valid_r(context.handle, buffer.baseAddress, UInt32(buffer.count))
            }
        }
        let result = try context.own(raw, "GEOSPolygonize_valid_r")
        self = try context.multiPolygonValue(result)
    }
}

extension Polygon {
    /// Every face formed by a set of noded line strings (GEOS polygonize): lines that only
    /// meet at shared end points close into rings, and each ring-bounded face becomes a polygon.
    /// A ring nested inside another gives both the outer face (with the hole) and the hole's face.
    public static func polygonize(lines: [[XY]]) throws(GeometryError) -> [Polygon] {
        let context = try GEOSContext.current()
        let owned = try lines.map { line throws(GeometryError) in try context.lineString(line) }
        let pointers: [OpaquePointer?] = owned.map { Optional($0.pointer) }
        let raw = withExtendedLifetime(owned) {  // see init(osmOuter:inner:)
            pointers.withUnsafeBufferPointer { buffer in
                GEOSPolygonize_r(context.handle, buffer.baseAddress, UInt32(buffer.count))
            }
        }
        let result = try context.own(raw, "GEOSPolygonize_r")
        return try context.multiPolygonValue(result).polygons
    }
}

extension Array where Element == XY {
    /// Length of the line string through these points, in CRS units.
    public func lineLength() throws(GeometryError) -> Double {
        let context = try GEOSContext.current()
        let line = try context.lineString(self)
        var value = 0.0
        guard GEOSLength_r(context.handle, line.pointer, &value) != 0 else { throw context.failure("GEOSLength_r") }
        return value
    }
}
