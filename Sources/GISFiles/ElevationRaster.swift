import CGDAL
import Foundation
import Model

/// A digital elevation model as a plain value: one band of heights in metres, the raster's
/// geotransform and CRS. Read by `ElevationRaster.read`; sampled by `heightMeters(x:y:)` in the
/// raster's CRS or, from WGS 84 longitude/latitude, by an `ElevationSampler`.
public struct ElevationGrid: Sendable {
    /// The file as the district named it (for messages).
    public let file: String
    public let width: Int
    public let height: Int
    /// Row-major heights in metres, the top row first; NaN where the raster has no data.
    public let heightsMeters: [Float]
    /// GDAL's six coefficients: x = gt[0] + column · gt[1], y = gt[3] + row · gt[5] (not rotated).
    public let geoTransform: [Double]
    /// The band's nodata value as the file gives it (before scaling), if any.
    public let nodata: Double?
    /// The raster's CRS as WKT (empty: none given).
    public let crsWKT: String

    public init(file: String, width: Int, height: Int, heightsMeters: [Float], geoTransform: [Double], nodata: Double?,
                crsWKT: String) {
        self.file = file; self.width = width; self.height = height; self.heightsMeters = heightsMeters
        self.geoTransform = geoTransform; self.nodata = nodata; self.crsWKT = crsWKT
    }

    /// The raster's extent in its CRS: its outer pixel edges.
    public var extent: (min: XY, max: XY) {
        let x0 = geoTransform[0], x1 = geoTransform[0] + Double(width) * geoTransform[1]
        let y0 = geoTransform[3], y1 = geoTransform[3] + Double(height) * geoTransform[5]
        return (XY(min(x0, x1), min(y0, y1)), XY(max(x0, x1), max(y0, y1)))
    }

    /// The height at (x, y) in the raster's CRS, bilinear between the four nearest pixel centres
    /// (between the outermost centres and the raster's edge the edge pixels' values are held).
    /// Pixels without data drop out and the others' weights are renormalised; nil outside the
    /// raster or where all four have no data.
    public func heightMeters(x: Double, y: Double) -> Double? {
        let column = (x - geoTransform[0]) / geoTransform[1], row = (y - geoTransform[3]) / geoTransform[5]
        guard column >= 0, column <= Double(width), row >= 0, row <= Double(height) else { return nil }
        let u = min(max(column - 0.5, 0), Double(width - 1)), v = min(max(row - 0.5, 0), Double(height - 1))
        let i0 = min(Int(u), max(width - 2, 0)), j0 = min(Int(v), max(height - 2, 0))
        let fx = u - Double(i0), fy = v - Double(j0)
        var sum = 0.0, weights = 0.0
        for (di, wx) in [(0, 1 - fx), (1, fx)] where wx > 0 && i0 + di < width {
            for (dj, wy) in [(0, 1 - fy), (1, fy)] where wy > 0 && j0 + dj < height {
                let h = heightsMeters[(j0 + dj) * width + i0 + di]
                guard !h.isNaN else { continue }
                sum += wx * wy * Double(h); weights += wx * wy
            }
        }
        return weights > 0 ? sum / weights : nil
    }
}

/// Reads a DEM with GDAL: any raster driver (GeoTIFF, SRTM `.hgt`, ...), also inside a zip
/// (`/vsizip/`). A `.zip` path is opened through `/vsizip/` at its only raster entry.
public enum ElevationRaster {
    /// At most this many pixels (4 bytes each in memory): clip a larger DEM to the district.
    public static let maxPixels = 100_000_000

    /// The first band of `path` in metres (scale and offset applied; a band in feet converted).
    /// A missing file is exit 66; a file GDAL cannot read, a rotated raster, an unknown unit or
    /// one too large is exit 65, each naming `named` (the file as the district wrote it).
    public static func read(path: String, named: String) throws -> ElevationGrid {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(.missingInput, file: named, .file, "no such file (the DEM named by dem: in district.yaml)")
        }
        GDALLibrary.prepare()
        let dataset = try RasterDataset(opening: try gdalPath(path, named: named), named: named)
        return try dataset.elevationGrid()
    }

    /// The GDAL path of a file: `/vsizip/...` for a zip (its only raster entry), the path otherwise.
    static func gdalPath(_ path: String, named: String) throws -> String {
        guard path.lowercased().hasSuffix(".zip") else { return path }
        let archive = "/vsizip/" + path
        guard let list = VSIReadDirRecursive(archive) else {
            throw InputError(.badData, file: named, .file, "is not a zip archive GDAL can open")
        }
        defer { CSLDestroy(list) }
        var entries: [String] = []
        var k = 0
        while let entry = list[k] { entries.append(String(cString: entry)); k += 1 }
        let rasters = entries.sorted().filter { name in
            !name.hasSuffix("/") && (try? RasterDataset(opening: archive + "/" + name, named: named)) != nil
        }
        guard let only = rasters.first else {
            throw InputError(.badData, file: named, .file, "holds no raster GDAL can read (entries: \(entries.sorted().prefix(5).joined(separator: ", ")))")
        }
        guard rasters.count == 1 else {
            throw InputError(.badData, file: named, .file, "holds \(rasters.count) rasters (\(rasters.prefix(3).joined(separator: ", ")), ...): give one DEM per zip")
        }
        return archive + "/" + only
    }
}

/// One open GDAL raster dataset, closed once when the value goes (never shared between threads).
final class RasterDataset {
    private let handle: GDALDatasetH
    let named: String

    init(opening path: String, named: String) throws {
        guard let handle = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            throw InputError(.badData, file: named, .file, "is not a raster GDAL can read: \(GDALLibrary.lastError(or: "unknown format"))")
        }
        self.handle = handle
        self.named = named
    }

    deinit { GDALClose(handle) }

    func fail(_ message: String) -> InputError { InputError(.badData, file: named, .file, message) }

    /// The first band as an elevation grid in metres.
    func elevationGrid() throws -> ElevationGrid {
        let width = Int(GDALGetRasterXSize(handle)), height = Int(GDALGetRasterYSize(handle))
        guard GDALGetRasterCount(handle) >= 1, let band = GDALGetRasterBand(handle, 1) else { throw fail("has no raster band") }
        guard width >= 1, height >= 1, width <= ElevationRaster.maxPixels / height else {
            throw fail("is \(width) × \(height) pixels; at most \(ElevationRaster.maxPixels) are read: clip it to the district (gdal_translate -projwin)")
        }
        var gt = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(handle, &gt) == CE_None else { throw fail("has no geotransform (where its pixels lie is unknown)") }
        guard gt[2] == 0, gt[4] == 0, gt[1] != 0, gt[5] != 0, gt.allSatisfy(\.isFinite) else {
            throw fail("is rotated or sheared (geotransform \(gt)): warp it north-up first (gdalwarp)")
        }
        let wkt = GDALGetProjectionRef(handle).map { String(cString: $0) } ?? ""
        guard !wkt.isEmpty else { throw fail("has no coordinate reference system") }
        let metresPerUnit = try unitMeters(band)
        var hasNodata: Int32 = 0, hasScale: Int32 = 0, hasOffset: Int32 = 0
        let nodata = GDALGetRasterNoDataValue(band, &hasNodata)
        let scale = GDALGetRasterScale(band, &hasScale), offset = GDALGetRasterOffset(band, &hasOffset)
        var values = [Float](repeating: 0, count: width * height)
        let status = values.withUnsafeMutableBytes { buffer in
            GDALRasterIO(band, GF_Read, 0, 0, Int32(width), Int32(height), buffer.baseAddress, Int32(width), Int32(height),
                         GDT_Float32, 0, 0)
        }
        guard status == CE_None else { throw fail("cannot be read: \(GDALLibrary.lastError(or: "raster read failed"))") }
        let noValue: Float? = hasNodata != 0 ? Float(nodata) : nil
        let factor = (hasScale != 0 ? scale : 1) * metresPerUnit, shift = (hasOffset != 0 ? offset : 0) * metresPerUnit
        for k in values.indices {
            let raw = values[k]
            values[k] = raw == noValue || !raw.isFinite ? .nan : Float(Double(raw) * factor + shift)
        }
        return ElevationGrid(file: named, width: width, height: height, heightsMeters: values, geoTransform: gt,
                             nodata: hasNodata != 0 ? nodata : nil, crsWKT: wkt)
    }

    /// Metres per unit of the band's heights: metres unless the band says feet.
    func unitMeters(_ band: GDALRasterBandH) throws -> Double {
        let unit = GDALGetRasterUnitType(band).map { String(cString: $0) }?.lowercased() ?? ""
        switch unit {
        case "", "m", "metre", "meter", "metres", "meters": return 1
        case "ft", "foot", "feet": return 0.3048
        case "us-ft", "us survey foot", "ftus": return 1200.0 / 3937.0
        default: throw fail("heights are in '\(unit)'; metres or feet are read")
        }
    }
}
