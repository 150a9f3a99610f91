import CGDAL
import Foundation
import Model

/// Heights of an `ElevationGrid` at WGS 84 longitude/latitude: points are transformed into the
/// raster's CRS (by GDAL/PROJ, when it is not WGS 84 itself) and sampled bilinearly. Owns its
/// coordinate transformation (freed once); use one sampler per thread.
public final class ElevationSampler {
    public let grid: ElevationGrid
    private let transform: OwnedTransformation?

    public init(_ grid: ElevationGrid) throws {
        self.grid = grid
        transform = try Self.transformFromWGS84(to: grid.crsWKT, file: grid.file)
    }

    /// Heights in metres at each longitude/latitude; nil where the raster does not reach or has no data.
    public func heightsMeters(at lonLat: [XY]) -> [Double?] {
        guard let transform else { return lonLat.map { grid.heightMeters(x: $0.x, y: $0.y) } }
        var xs = lonLat.map(\.x), ys = lonLat.map(\.y)
        var ok = [Int32](repeating: 0, count: lonLat.count)
        _ = OCTTransformEx(transform.handle, Int32(lonLat.count), &xs, &ys, nil, &ok)
        return lonLat.indices.map { k in ok[k] != 0 ? grid.heightMeters(x: xs[k], y: ys[k]) : nil }
    }

    /// The raster's extent as WGS 84 longitude/latitude bounds (its corners and edge midpoints
    /// transformed), for messages and coverage checks.
    public func extentLonLat() -> (min: XY, max: XY) {
        let e = grid.extent
        guard let inverse = try? Self.transform(from: grid.crsWKT, toWGS84: true, file: grid.file) else { return e }
        var xs = [e.min.x, e.max.x, e.min.x, e.max.x, (e.min.x + e.max.x) / 2, (e.min.x + e.max.x) / 2, e.min.x, e.max.x]
        var ys = [e.min.y, e.min.y, e.max.y, e.max.y, e.min.y, e.max.y, (e.min.y + e.max.y) / 2, (e.min.y + e.max.y) / 2]
        var ok = [Int32](repeating: 0, count: xs.count)
        _ = OCTTransformEx(inverse.handle, Int32(xs.count), &xs, &ys, nil, &ok)
        let good = xs.indices.filter { ok[$0] != 0 }
        guard !good.isEmpty else { return e }
        return (XY(good.map { xs[$0] }.min() ?? e.min.x, good.map { ys[$0] }.min() ?? e.min.y),
                XY(good.map { xs[$0] }.max() ?? e.max.x, good.map { ys[$0] }.max() ?? e.max.y))
    }

    /// nil when the raster's CRS is WGS 84 longitude/latitude already.
    static func transformFromWGS84(to wkt: String, file: String) throws -> OwnedTransformation? {
        try transform(from: wkt, toWGS84: false, file: file)
    }

    static func transform(from wkt: String, toWGS84: Bool, file: String) throws -> OwnedTransformation? {
        guard let raster = OwnedSpatialReference(wkt: wkt) else {
            throw InputError(.badData, file: file, .file, "has a coordinate reference system GDAL cannot read")
        }
        guard let wgs84 = OwnedSpatialReference(wgs84: ()) else {
            throw InputError(.internalError, file: file, .file, "OSRNewSpatialReference failed")
        }
        if raster.isSame(as: wgs84) { return nil }
        guard let made = toWGS84 ? OwnedTransformation(from: raster, to: wgs84) : OwnedTransformation(from: wgs84, to: raster) else {
            throw InputError(.badData, file: file, .file,
                             "its coordinate reference system cannot be transformed from WGS 84: \(GDALLibrary.lastError(or: "no transformation"))")
        }
        return made
    }
}
