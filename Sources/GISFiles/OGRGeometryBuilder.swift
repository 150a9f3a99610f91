import CGDAL
import Model

/// Builds OGR geometries from the model's values. The caller owns the result (a feature takes
/// it with `OGR_F_SetGeometryDirectly`); on failure nothing is left allocated.
enum OGRGeometryBuilder {
    static func make(_ geometry: GeoPackageGeometry, srs: OGRSpatialReferenceH) throws -> OGRGeometryH {
        let made: OGRGeometryH?
        switch geometry {
        case .point(let p):
            made = OGR_G_CreateGeometry(wkbPoint)
            if let made { OGR_G_SetPoint_2D(made, 0, p.x, p.y) }
        case .polygon(let polygon):
            made = polygonGeometry(polygon)
        case .rectangle(let a, let b, let c, let d):
            return try make(.multiPolygon(GeoPackageGeometry.multiPolygon(a, b, c, d)), srs: srs)
        case .multiPolygon(let multi):
            made = OGR_G_CreateGeometry(wkbMultiPolygon)
            if let made {
                for polygon in multi.polygons {
                    guard let part = polygonGeometry(polygon) else { OGR_G_DestroyGeometry(made); return try fail() }
                    OGR_G_AddGeometryDirectly(made, part)
                }
            }
        }
        guard let made else { return try fail() }
        OGR_G_AssignSpatialReference(made, srs)
        return made
    }

    private static func fail() throws -> OGRGeometryH {
        throw InputError(.internalError, file: "GDAL", .file, "cannot make a geometry: \(GDALLibrary.lastError(or: "out of memory"))")
    }

    private static func polygonGeometry(_ polygon: Polygon) -> OGRGeometryH? {
        guard let made = OGR_G_CreateGeometry(wkbPolygon) else { return nil }
        // The exterior, then the holes (not `polygon.rings`, which builds an array per polygon).
        guard addRing(polygon.exterior, to: made) else { OGR_G_DestroyGeometry(made); return nil }
        for hole in polygon.holes {
            guard addRing(hole, to: made) else { OGR_G_DestroyGeometry(made); return nil }
        }
        return made
    }

    /// Adds a linear ring of these points to the polygon; false when GDAL cannot make it.
    private static func addRing(_ ring: [XY], to polygon: OGRGeometryH) -> Bool {
        guard ring.count < Int(Int32.max), let x = MemoryLayout<XY>.offset(of: \XY.x), let y = MemoryLayout<XY>.offset(of: \XY.y),
              let r = OGR_G_CreateGeometry(wkbLinearRing) else { return false }
        // All points in one call, read with XY's stride (x and y interleaved).
        ring.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let stride = Int32(MemoryLayout<XY>.stride)
            OGR_G_SetPoints(r, Int32(ring.count), base + x, stride, base + y, stride, nil, 0)
        }
        OGR_G_AddGeometryDirectly(polygon, r)
        return true
    }
}
