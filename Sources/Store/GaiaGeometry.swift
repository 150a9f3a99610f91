import CSpatiaLite
import Model

/// Conversion between geometry values and SpatiaLite's internal BLOB format, through gaia
/// geometries (SpatiaLite's own C structures), so that the store writes exactly what SpatiaLite
/// and GDAL expect.
enum GaiaGeometry {
    /// Calls `body` with the SpatiaLite BLOB of `geometry` in `srid` (valid only during the call).
    static func withBlob<R>(_ geometry: FeatureGeometry, srid: Int, declaredType: GeometryType,
                            _ body: (UnsafeRawPointer, Int32) throws(StoreError) -> R) throws(StoreError) -> R {
        guard let geom = gaiaAllocGeomColl() else { throw .schema("cannot allocate a SpatiaLite geometry") }
        defer { gaiaFreeGeomColl(geom) }
        geom.pointee.Srid = Int32(truncatingIfNeeded: srid)
        switch declaredType {
        case .point: geom.pointee.DeclaredType = GAIA_POINT
        case .lineString: geom.pointee.DeclaredType = GAIA_LINESTRING
        case .polygon: geom.pointee.DeclaredType = GAIA_POLYGON
        case .multiPolygon: geom.pointee.DeclaredType = GAIA_MULTIPOLYGON
        }
        switch geometry {
        case .point(let p):
            gaiaAddPointToGeomColl(geom, p.x, p.y)
        case .lineString(let points):
            guard points.count >= 2 else { throw .schema("a line string needs at least 2 points, got \(points.count)") }
            guard let line = gaiaAddLinestringToGeomColl(geom, Int32(points.count)) else {
                throw .schema("cannot allocate a SpatiaLite line string")
            }
            fill(line.pointee.Coords, points)
        case .polygon(let polygon):
            try add(polygon, to: geom)
        case .multiPolygon(let multi):
            for polygon in multi.polygons { try add(polygon, to: geom) }
        }
        var blob: UnsafeMutablePointer<UInt8>?
        var size: Int32 = 0
        gaiaToSpatiaLiteBlobWkb(geom, &blob, &size)
        guard let blob, size > 0 else { throw .schema("SpatiaLite could not encode the geometry") }
        defer { gaiaFree(blob) }
        return try body(UnsafeRawPointer(blob), size)
    }

    private static func add(_ polygon: Polygon, to geom: gaiaGeomCollPtr) throws(StoreError) {
        for ring in polygon.rings where ring.count < 4 {
            throw .schema("a polygon ring needs at least 4 points (closed), got \(ring.count)")
        }
        guard let p = gaiaAddPolygonToGeomColl(geom, Int32(polygon.exterior.count), Int32(polygon.holes.count)),
              let exterior = p.pointee.Exterior else {
            throw .schema("cannot allocate a SpatiaLite polygon")
        }
        fill(exterior.pointee.Coords, polygon.exterior)
        for (i, hole) in polygon.holes.enumerated() {
            guard let ring = gaiaAddInteriorRing(p, Int32(i), Int32(hole.count)) else {
                throw .schema("cannot allocate a SpatiaLite ring")
            }
            fill(ring.pointee.Coords, hole)
        }
    }

    private static func fill(_ coords: UnsafeMutablePointer<Double>?, _ points: [XY]) {
        guard let coords else { return }
        for (i, p) in points.enumerated() {
            coords[2 * i] = p.x
            coords[2 * i + 1] = p.y
        }
    }

    /// The geometry of a SpatiaLite BLOB; `type` is the layer's (a one-part multipolygon stays one).
    static func geometry(fromBlob bytes: UnsafeRawBufferPointer, type: GeometryType) throws(StoreError) -> FeatureGeometry {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let geom = gaiaFromSpatiaLiteBlobWkb(base, UInt32(bytes.count)) else {
            throw .schema("not a SpatiaLite geometry BLOB")
        }
        defer { gaiaFreeGeomColl(geom) }
        let dims = coordinatesPerVertex(geom.pointee.DimensionModel)
        switch type {
        case .point:
            guard let point = geom.pointee.FirstPoint else { throw .schema("a point layer holds a non-point geometry") }
            return .point(XY(point.pointee.X, point.pointee.Y))
        case .lineString:
            guard let line = geom.pointee.FirstLinestring else {
                throw .schema("a line layer holds a non-line geometry")
            }
            return .lineString(read(line.pointee.Coords, Int(line.pointee.Points), dims))
        case .polygon, .multiPolygon:
            var polygons: [Polygon] = []
            var next = geom.pointee.FirstPolygon
            while let p = next {
                var holes: [[XY]] = []
                for i in 0..<Int(p.pointee.NumInteriors) {
                    let ring = p.pointee.Interiors[i]
                    holes.append(read(ring.Coords, Int(ring.Points), dims))
                }
                guard let exterior = p.pointee.Exterior else { throw .schema("a polygon without exterior ring") }
                polygons.append(Polygon(exterior: read(exterior.pointee.Coords, Int(exterior.pointee.Points), dims),
                                        holes: holes))
                next = p.pointee.Next
            }
            if type == .polygon {
                guard polygons.count == 1 else { throw .schema("a polygon layer holds \(polygons.count) polygons") }
                return .polygon(polygons[0])
            }
            return .multiPolygon(MultiPolygon(polygons))
        }
    }

    private static func coordinatesPerVertex(_ model: Int32) -> Int {
        switch model {
        case GAIA_XY_Z, GAIA_XY_M: return 3
        case GAIA_XY_Z_M: return 4
        default: return 2
        }
    }

    private static func read(_ coords: UnsafeMutablePointer<Double>?, _ count: Int, _ dims: Int) -> [XY] {
        guard let coords else { return [] }
        return (0..<count).map { i in XY(coords[dims * i], coords[dims * i + 1]) }
    }
}
