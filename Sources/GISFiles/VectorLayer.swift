import CGDAL
import Foundation
import Model

/// One attribute value of a vector feature, as GDAL/OGR types it.
public enum VectorValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case real(Double)
    case texts([String])
    case integers([Int64])
    case reals([Double])
}

/// A feature's geometry as the district readers use it (x = longitude or easting).
public enum VectorGeometry: Sendable, Equatable {
    case point(XY)
    case lineString([XY])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    /// Any other type, by its GeoJSON-style name ("MultiPoint", "CurvePolygon", ...).
    case other(String)
}

/// One feature of a layer: its position in the layer (0-based, the numbering the GeoJSON
/// reader's messages use, so a converted layer names the same feature), its `id` field as
/// text when it has one, geometry and attributes in field order.
public struct VectorFeature: Sendable {
    public var index: Int
    public var id: String?
    public var geometry: VectorGeometry?
    public var fields: [(name: String, value: VectorValue)]

    public var location: InputLocation { .feature(index: index, id: id) }
}

/// A whole layer as read: features in WGS 84 when the file names its CRS (`sourceCRS`), else
/// in the file's raw coordinates; per-feature problems (the feature is left out).
public struct VectorLayer: Sendable {
    /// The file, as messages name it.
    public var file: String
    public var layerName: String
    /// GDAL's driver: "ESRI Shapefile", "GPKG", "LIBKML", "FlatGeobuf", "CSV", ...
    public var driver: String
    /// The layer's own CRS (e.g. from a .prj) when it has one: features were converted from it
    /// into WGS 84 longitude, latitude. Nil: coordinates are as stored (district.yaml's `crs`).
    public var sourceCRS: String?
    public var features: [VectorFeature]
    public var problems: [InputError]
}

/// Reads vector layers of any format GDAL/OGR opens. Each call opens the dataset, reads it and
/// closes it on the calling thread: datasets are never shared.
public enum VectorLayerReader {
    /// The layer names a dataset holds (a GeoPackage may hold several).
    public static func layerNames(path: String) throws -> [String] {
        GDALLibrary.prepare()
        return try open(path).layerNames
    }

    /// How many features layer `name` (nil: the first) holds, as the driver counts them
    /// (a Shapefile or GeoPackage knows without reading them).
    public static func featureCount(path: String, layer name: String? = nil) throws -> Int {
        GDALLibrary.prepare()
        let dataset = try open(path)
        guard let chosen = name ?? dataset.layerNames.first, let layer = dataset.layer(named: chosen) else {
            throw InputError(file: path, .file, "has no layer '\(name ?? "")'")
        }
        return Int(max(0, OGR_L_GetFeatureCount(layer, 1)))
    }

    /// Reads layer `name` of the dataset at `path` (nil: its only layer; several layers and no
    /// name is an error listing them).
    public static func read(path: String, layer name: String? = nil) throws -> VectorLayer {
        GDALLibrary.prepare()
        try checkSidecars(path)
        let dataset = try open(path)
        let names = dataset.layerNames
        let chosen: String
        if let name {
            guard names.contains(name) else {
                throw InputError(file: path, .file, "has no layer '\(name)' (its layers: \(names.joined(separator: ", ")))")
            }
            chosen = name
        } else {
            guard names.count == 1, let only = names.first else {
                throw InputError(file: path, .file, names.isEmpty ? "has no vector layer"
                                 : "holds \(names.count) layers (\(names.joined(separator: ", "))); name one by the district layer it is")
            }
            chosen = only
        }
        guard let layer = dataset.layer(named: chosen) else {
            throw InputError(file: path, .file, GDALLibrary.lastError(or: "layer '\(chosen)' cannot be opened"))
        }
        let file = name == nil ? path : "\(path) (layer \(chosen))"
        let transformation = try wgs84Transformation(of: layer, file: path)
        var contents = VectorLayer(file: file, layerName: chosen, driver: dataset.driverName,
                                   sourceCRS: transformation?.name, features: [], problems: [])
        try readFeatures(layer, into: &contents, transformation: transformation?.transformation)
        return contents
    }

    static func open(_ path: String) throws -> OwnedDataset {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(.missingInput, file: path, .file, "no such file")
        }
        let isCSV = URL(fileURLWithPath: path).pathExtension.lowercased() == "csv"
        let dataset = isCSV
            ? OwnedDataset(vectorAt: path, drivers: ["CSV"], options: csvOptions)
            : OwnedDataset(vectorAt: path)
        guard let dataset else {
            throw InputError(file: path, .file, "cannot be read as a vector layer: " + GDALLibrary.lastError(or: "no GDAL driver recognises it"))
        }
        return dataset
    }

    /// A CSV layer: points from `lon`/`lat` (or `x`/`y`, `longitude`/`latitude`, `easting`/
    /// `northing`) columns, or any geometry as WKT in a `wkt` or `geometry` column; numbers
    /// typed as numbers unless quoted (a `.csvt` file beside it can type columns explicitly).
    static let csvOptions = [
        "X_POSSIBLE_NAMES=lon,longitude,x,easting", "Y_POSSIBLE_NAMES=lat,latitude,y,northing",
        "GEOM_POSSIBLE_NAMES=wkt,geometry", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES",
        "QUOTED_FIELDS_AS_STRING=YES",
    ]

    /// A Shapefile without its .dbf would read as features without attributes; without a
    /// readable .prj GDAL would silently drop the CRS. Both are named here instead.
    static func checkSidecars(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension.lowercased() == "shp" else { return }
        let stem = String(path.dropLast(url.pathExtension.count))  // "folder/name."
        func sibling(_ ext: String) -> String? {
            [ext, ext.uppercased()].map { stem + $0 }.first { FileManager.default.fileExists(atPath: $0) }
        }
        for ext in ["shx", "dbf"] where sibling(ext) == nil {
            throw InputError(.missingInput, file: stem + ext, .file,
                             "no such file: a Shapefile is .shp, .shx and .dbf together (beside \(url.lastPathComponent))")
        }
        guard let prj = sibling("prj") else { return }
        let text = (try? String(contentsOfFile: prj, encoding: .utf8)) ?? ""
        if !isKnownCRS(wkt: text) {
            throw InputError(file: prj, .file, "is not a coordinate reference system GDAL/PROJ knows ("
                             + GDALLibrary.lastError(or: "unreadable WKT") + ")")
        }
    }

    /// Whether GDAL parses `wkt` (WKT 1 in either OGC or ESRI form, or WKT 2) as a CRS. Only
    /// WKT is tried: no file or network look-up.
    static func isKnownCRS(wkt: String) -> Bool {
        guard !wkt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let reference = OSRNewSpatialReference(nil) else { return false }
        defer { OSRDestroySpatialReference(reference) }
        CPLErrorReset()
        var text = Array(wkt.utf8CString)
        return text.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return OSRImportFromWkt(reference, &cursor) == OGRERR_NONE
        }
    }

    /// The transformation from the layer's own CRS into WGS 84, or nil when it has none.
    static func wgs84Transformation(of layer: OGRLayerH, file: String) throws -> (name: String, transformation: OwnedTransformation?)? {
        guard let borrowed = OGR_L_GetSpatialRef(layer) else { return nil }
        guard let source = OwnedSpatialReference(copying: borrowed), let wgs84 = OwnedSpatialReference(wgs84: ()) else {
            throw InputError(.internalError, file: file, .file, "GDAL could not copy the layer's CRS")
        }
        let name = source.displayName
        if source.isSame(as: wgs84) { return (name, nil) }
        guard let transformation = OwnedTransformation(from: source, to: wgs84) else {
            throw InputError(file: file, .file, "its CRS \(name) cannot be converted to WGS 84: "
                             + GDALLibrary.lastError(or: "PROJ found no transformation"))
        }
        return (name, transformation)
    }
}
