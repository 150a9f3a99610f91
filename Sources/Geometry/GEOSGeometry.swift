import CGEOS
import Model

/// Owns one `GEOSGeometry*` and destroys it once, with the context that created it.
/// Internal: no GEOS pointer leaves this module.
final class OwnedGeometry {
    let context: GEOSContext
    let pointer: OpaquePointer

    init(_ context: GEOSContext, owning pointer: OpaquePointer) {
        self.context = context
        self.pointer = pointer
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }

    var handle: GEOSContextHandle_t { context.handle }
}

private func typeCode(_ type: GEOSGeomTypes) -> Int32 { Int32(bitPattern: type.rawValue) }

// MARK: - Model -> GEOS

extension GEOSContext {
    /// A coordinate sequence (caller owns it) from points.
    func coordinateSequence(_ points: [XY]) throws(GeometryError) -> OpaquePointer {
        var buffer = [Double]()
        buffer.reserveCapacity(points.count * 2)
        for p in points { buffer.append(p.x); buffer.append(p.y) }
        guard let seq = GEOSCoordSeq_copyFromBuffer_r(handle, buffer, UInt32(points.count), 0, 0) else {
            throw failure("GEOSCoordSeq_copyFromBuffer_r")
        }
        return seq
    }

    /// A raw linear ring (caller owns it).
    private func rawRing(_ points: [XY]) throws(GeometryError) -> OpaquePointer {
        let seq = try coordinateSequence(points)
        // The ring takes ownership of the sequence, also when it fails.
        guard let ring = GEOSGeom_createLinearRing_r(handle, seq) else {
            throw failure("GEOSGeom_createLinearRing_r")
        }
        return ring
    }

    /// A raw polygon (caller owns it).
    func rawPolygon(_ polygon: Polygon) throws(GeometryError) -> OpaquePointer {
        let shell = try rawRing(polygon.exterior)
        var holes: [OpaquePointer?] = []
        holes.reserveCapacity(polygon.holes.count)
        do {
            for hole in polygon.holes { holes.append(try rawRing(hole)) }
        } catch {
            GEOSGeom_destroy_r(handle, shell)
            for hole in holes { if let hole { GEOSGeom_destroy_r(handle, hole) } }
            throw error
        }
        // The polygon takes ownership of the shell and the holes (not of the array).
        guard let result = holes.withUnsafeMutableBufferPointer({ buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }) else { throw failure("GEOSGeom_createPolygon_r") }
        return result
    }

    /// A raw collection of `type` (caller owns it) taking ownership of `parts`.
    func rawCollection(_ type: GEOSGeomTypes, _ parts: [OpaquePointer]) throws(GeometryError) -> OpaquePointer {
        var items: [OpaquePointer?] = parts
        guard let result = items.withUnsafeMutableBufferPointer({ buffer in
            GEOSGeom_createCollection_r(handle, typeCode(type), buffer.baseAddress, UInt32(buffer.count))
        }) else {
            for part in parts { GEOSGeom_destroy_r(handle, part) }
            throw failure("GEOSGeom_createCollection_r")
        }
        return result
    }

    /// Raw polygons for each of `polygons`, destroyed again if one of them fails.
    func rawPolygons(_ polygons: [Polygon]) throws(GeometryError) -> [OpaquePointer] {
        var parts: [OpaquePointer] = []
        parts.reserveCapacity(polygons.count)
        do {
            for polygon in polygons { parts.append(try rawPolygon(polygon)) }
        } catch {
            for part in parts { GEOSGeom_destroy_r(handle, part) }
            throw error
        }
        return parts
    }

    func polygon(_ polygon: Polygon) throws(GeometryError) -> OwnedGeometry {
        OwnedGeometry(self, owning: try rawPolygon(polygon))
    }

    func multiPolygon(_ multi: MultiPolygon) throws(GeometryError) -> OwnedGeometry {
        OwnedGeometry(self, owning: try rawCollection(GEOS_MULTIPOLYGON, try rawPolygons(multi.polygons)))
    }

    /// Polygons as a GeometryCollection: parts may overlap (input to union).
    func collection(_ polygons: [Polygon]) throws(GeometryError) -> OwnedGeometry {
        OwnedGeometry(self, owning: try rawCollection(GEOS_GEOMETRYCOLLECTION, try rawPolygons(polygons)))
    }

    func point(_ p: XY) throws(GeometryError) -> OwnedGeometry {
        guard let g = GEOSGeom_createPointFromXY_r(handle, p.x, p.y) else {
            throw failure("GEOSGeom_createPointFromXY_r")
        }
        return OwnedGeometry(self, owning: g)
    }

    func lineString(_ points: [XY]) throws(GeometryError) -> OwnedGeometry {
        let seq = try coordinateSequence(points)
        guard let g = GEOSGeom_createLineString_r(handle, seq) else {
            throw failure("GEOSGeom_createLineString_r")
        }
        return OwnedGeometry(self, owning: g)
    }

    func polygonal(_ value: some PolygonalGeometry) throws(GeometryError) -> OwnedGeometry {
        if let polygon = value as? Polygon { return try self.polygon(polygon) }
        return try multiPolygon(MultiPolygon(value.polygonParts))
    }

    func own(_ pointer: OpaquePointer?, _ operation: String) throws(GeometryError) -> OwnedGeometry {
        guard let pointer else { throw failure(operation) }
        return OwnedGeometry(self, owning: pointer)
    }
}

// MARK: - GEOS -> Model

extension GEOSContext {
    /// The points of a coordinate sequence (borrowed).
    func points(ofSequence seq: OpaquePointer) throws(GeometryError) -> [XY] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw failure("GEOSCoordSeq_getSize_r") }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        guard GEOSCoordSeq_copyToBuffer_r(handle, seq, &buffer, 0, 0) != 0 else {
            throw failure("GEOSCoordSeq_copyToBuffer_r")
        }
        var result = [XY]()
        result.reserveCapacity(Int(size))
        for i in 0..<Int(size) { result.append(XY(buffer[2 * i], buffer[2 * i + 1])) }
        return result
    }

    /// The points of a point, line string or linear ring (borrowed).
    func points(of geometry: OpaquePointer) throws(GeometryError) -> [XY] {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, geometry) else { throw failure("GEOSGeom_getCoordSeq_r") }
        return try points(ofSequence: seq)
    }

    /// A polygon (borrowed) as a value.
    func polygonValue(_ geometry: OpaquePointer) throws(GeometryError) -> Polygon {
        guard let shell = GEOSGetExteriorRing_r(handle, geometry) else { throw failure("GEOSGetExteriorRing_r") }
        let count = GEOSGetNumInteriorRings_r(handle, geometry)
        guard count >= 0 else { throw failure("GEOSGetNumInteriorRings_r") }
        var holes: [[XY]] = []
        for i in 0..<count {
            guard let ring = GEOSGetInteriorRingN_r(handle, geometry, i) else { throw failure("GEOSGetInteriorRingN_r") }
            holes.append(try points(of: ring))
        }
        return Polygon(exterior: try points(of: shell), holes: holes)
    }

    /// Every non-empty polygon in `geometry` (borrowed), in GEOS's order; points and lines are
    /// skipped (they have no area).
    func polygonParts(_ geometry: OpaquePointer, into result: inout [Polygon]) throws(GeometryError) {
        let type = GEOSGeomTypeId_r(handle, geometry)
        if type == typeCode(GEOS_POLYGON) {
            if GEOSisEmpty_r(handle, geometry) == 0 { result.append(try polygonValue(geometry)) }
        } else if type == typeCode(GEOS_MULTIPOLYGON) || type == typeCode(GEOS_GEOMETRYCOLLECTION) {
            let count = GEOSGetNumGeometries_r(handle, geometry)
            guard count >= 0 else { throw failure("GEOSGetNumGeometries_r") }
            for i in 0..<count {
                guard let part = GEOSGetGeometryN_r(handle, geometry, i) else { throw failure("GEOSGetGeometryN_r") }
                try polygonParts(part, into: &result)
            }
        } else if type < 0 {
            throw failure("GEOSGeomTypeId_r")
        }
    }

    func multiPolygonValue(_ geometry: OwnedGeometry) throws(GeometryError) -> MultiPolygon {
        var parts: [Polygon] = []
        try polygonParts(geometry.pointer, into: &parts)
        return MultiPolygon(parts)
    }

    func xy(ofPoint geometry: OpaquePointer) throws(GeometryError) -> XY {
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(handle, geometry, &x) != 0, GEOSGeomGetY_r(handle, geometry, &y) != 0 else {
            throw failure("GEOSGeomGetX_r")
        }
        return XY(x, y)
    }
}
