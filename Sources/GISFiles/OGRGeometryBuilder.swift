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
        for ring in polygon.rings {
            guard ring.count < Int(Int32.max), let r = OGR_G_CreateGeometry(wkbLinearRing) else { OGR_G_DestroyGeometry(made); return nil }
            OGR_G_SetPointCount(r, Int32(ring.count))
            for (i, p) in ring.enumerated() { OGR_G_SetPoint_2D(r, Int32(i), p.x, p.y) }
            OGR_G_AddGeometryDirectly(made, r)
        }
        return made
    }
}
