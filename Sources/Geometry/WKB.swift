import CGEOS
import Model

/// Well-known binary (little-endian, 2D) for exchange with stores and other tools.
extension GEOSContext {
    func wkb(_ geometry: OwnedGeometry) throws(GeometryError) -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(handle) else { throw failure("GEOSWKBWriter_create_r") }
        defer { GEOSWKBWriter_destroy_r(handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(handle, writer, geometry.pointer, &size) else {
            throw failure("GEOSWKBWriter_write_r")
        }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    func read(wkb: [UInt8]) throws(GeometryError) -> OwnedGeometry {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw failure("GEOSWKBReader_create_r") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        return try own(GEOSWKBReader_read_r(handle, reader, wkb, wkb.count), "GEOSWKBReader_read_r")
    }
}

extension PolygonalGeometry {
    /// WKB of a Polygon (for a `Polygon`) or a MultiPolygon.
    public func wkb() throws(GeometryError) -> [UInt8] {
        let context = try GEOSContext.current()
        return try context.wkb(try context.polygonal(self))
    }
}

extension XY {
    /// WKB of a Point.
    public func wkb() throws(GeometryError) -> [UInt8] {
        let context = try GEOSContext.current()
        return try context.wkb(try context.point(self))
    }

    /// A point read from WKB.
    public init(wkb: [UInt8]) throws(GeometryError) {
        let context = try GEOSContext.current()
        let g = try context.read(wkb: wkb)
        guard GEOSGeomTypeId_r(context.handle, g.pointer) == Int32(bitPattern: GEOS_POINT.rawValue),
              GEOSisEmpty_r(context.handle, g.pointer) == 0 else {
            throw .unsupported("WKB is not a non-empty Point")
        }
        self = try context.xy(ofPoint: g.pointer)
    }
}

extension Array where Element == XY {
    /// WKB of the LineString through these points.
    public func lineStringWKB() throws(GeometryError) -> [UInt8] {
        let context = try GEOSContext.current()
        return try context.wkb(try context.lineString(self))
    }
}

extension MultiPolygon {
    /// The polygons of a Polygon, MultiPolygon or GeometryCollection WKB (other parts have no
    /// area and are rejected).
    public init(wkb: [UInt8]) throws(GeometryError) {
        let context = try GEOSContext.current()
        let g = try context.read(wkb: wkb)
        let type = GEOSGeomTypeId_r(context.handle, g.pointer)
        let polygonal = [GEOS_POLYGON, GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION].map { Int32(bitPattern: $0.rawValue) }
        guard polygonal.contains(type) else { throw .unsupported("WKB is not a Polygon or MultiPolygon") }
        self = try context.multiPolygonValue(g)
    }
}
