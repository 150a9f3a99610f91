import CGDAL
import Foundation
import Model

/// A column of a GeoPackage layer.
public struct GeoPackageField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case text, integer, real, boolean }
    public var name: String
    public var kind: Kind
    public init(_ name: String, _ kind: Kind) { self.name = name; self.kind = kind }
}

/// A value in a GeoPackage row, in the order of the layer's fields.
public enum GeoPackageValue: Sendable, Hashable {
    case null, text(String), integer(Int), real(Double), boolean(Bool)
}

/// A feature's geometry, WGS 84 longitude/latitude. `rectangle`: a multipolygon of one
/// hole-free ring, these four corners and the first again (a grid cell's
/// `Cell.rectangleRing`), stored as that multipolygon without building its arrays.
public enum GeoPackageGeometry: Sendable, Hashable {
    case point(XY), polygon(Polygon), multiPolygon(MultiPolygon)
    case rectangle(XY, XY, XY, XY)

    /// `rectangle`'s multipolygon.
    static func multiPolygon(_ a: XY, _ b: XY, _ c: XY, _ d: XY) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: [a, b, c, d, a])])
    }
}

/// The geometry type of a layer's column.
public enum GeoPackageGeometryType: Sendable, Hashable {
    case point, polygon, multiPolygon

    var ogr: OGRwkbGeometryType {
        switch self {
        case .point: wkbPoint
        case .polygon: wkbPolygon
        case .multiPolygon: wkbMultiPolygon
        }
    }
}

/// One QGIS style for a layer, stored in the `layer_styles` table QGIS reads when it opens the
/// layer (its own convention for GeoPackages): the default style is applied on opening, the
/// others are offered under Layer Properties → Symbology → Style.
public struct GeoPackageStyle: Sendable, Hashable {
    public var layer: String
    public var name: String
    public var qml: String
    public var isDefault: Bool
    public var description: String
    public init(layer: String, name: String, qml: String, isDefault: Bool, description: String) {
        self.layer = layer; self.name = name; self.qml = qml; self.isDefault = isDefault; self.description = description
    }
}

/// Writes one GeoPackage (WGS 84 layers, then the QGIS styles) through GDAL's GPKG driver into a
/// temporary file `.<name>.<PID>.tmp`, renamed into place by `finish()`. The same calls give the
/// same bytes: GDAL's dates (`gpkg_contents.last_change`) and the styles' `update_time` are the
/// given `timestamp`, and SQLite writes no journal file beside it.
///
/// Owns the dataset and the spatial reference; layers belong to the dataset (GDAL frees them
/// with it); each feature is created and destroyed within one `write`.
public final class GeoPackageWriter {
    public typealias Layer = Int

    private let path: String
    private let temporaryPath: String
    private let timestamp: String
    private var dataset: GDALDatasetH?
    private let wgs84: OGRSpatialReferenceH
    private var layers: [(handle: OGRLayerH, fields: [GeoPackageField], name: String)] = []
    private var styles: [GeoPackageStyle] = []
    /// The layers whose rows go straight into their tables (`GeoPackageRows`), by layer, from
    /// their first row on; `directLayers` are those still without a row.
    private var directRows: [Layer: GeoPackageRows] = [:]
    private var directLayers: Set<Layer> = []
    /// Whether layers without a spatial index take the direct path; false writes every feature
    /// through GDAL's feature path, the reference the direct path is compared with in tests.
    var insertsRowsDirectly = true
    /// Whether the direct rows are inserted on a second thread while the next are kept (`GeoPackageRows`).
    private let insertThread: Bool

    /// `timestamp`: ISO 8601 UTC (`2000-01-01T00:00:00.000Z`) written wherever GDAL would write the
    /// clock's time. `insertThread`: the big layers' rows go into the file on a second thread
    /// while the caller makes the next ones (the same file; for a caller with two threads to give).
    public init(path: String, timestamp: String, insertThread: Bool = false) throws {
        GDALLibrary.prepare()
        self.path = path
        self.insertThread = insertThread
        self.timestamp = timestamp
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        Leftovers.removeTemporaries(besideFile: path)
        unlink(temporaryPath)
        guard let srs = OSRNewSpatialReference(nil) else { throw InputError(.internalError, file: path, .file, "GDAL cannot make a CRS") }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        guard OSRImportFromEPSG(srs, 4326) == OGRERR_NONE else {
            OSRRelease(srs)  // not yet owned: deinit does not run for a half-made writer
            throw InputError(.internalError, file: path, .file, "GDAL does not know EPSG:4326 (proj-data missing?)")
        }
        wgs84 = srs  // from here on every property is set: deinit releases it, whatever fails next
        dataset = try Self.withWriteOptions(timestamp) {
            guard let driver = GDALGetDriverByName("GPKG") else {
                throw InputError(.internalError, file: path, .file, "GDAL has no GPKG driver")
            }
            guard let ds = GDALCreate(driver, temporaryPath, 0, 0, 0, GDT_Unknown, nil) else {
                throw InputError(.ioError, file: path, .file, "cannot be created: \(GDALLibrary.lastError(or: "GDAL's GPKG driver failed"))")
            }
            return ds
        }
        if GDALDatasetStartTransaction(dataset, 0) != OGRERR_NONE {
            throw InputError(.ioError, file: path, .file, "cannot be written: \(GDALLibrary.lastError(or: "no transaction"))")
        }
    }

    deinit {
        closeDirectRows()
        if let dataset { GDALClose(dataset); unlink(temporaryPath) }
        OSRRelease(wgs84)
    }

    /// GDAL reads these settings on this thread only: the fixed date, no journal file, no fsync
    /// (the file is renamed into place when complete).
    private static func withWriteOptions<T>(_ timestamp: String, _ body: () throws -> T) rethrows -> T {
        let options = [("OGR_CURRENT_DATE", timestamp), ("OGR_SQLITE_JOURNAL", "OFF"), ("OGR_SQLITE_SYNCHRONOUS", "OFF")]
        for (key, value) in options { CPLSetThreadLocalConfigOption(key, value) }
        defer { for (key, _) in options { CPLSetThreadLocalConfigOption(key, nil) } }
        return try body()
    }

    /// Adds a layer with these columns (after GDAL's `fid` and the geometry `geom`; none for
    /// `geometry: nil`, a table of attributes). `spatialIndex`: whether GDAL builds the layer's
    /// R-tree (`rtree_<layer>_geom`) when the file is closed; building it costs about 10 µs a
    /// feature, more than writing the feature. A layer with geometries and without the index
    /// has its rows inserted directly (`GeoPackageRows`: the same rows, a third of the cost).
    public func addLayer(_ name: String, geometry: GeoPackageGeometryType?, fields: [GeoPackageField],
                         spatialIndex: Bool = true) throws -> Layer {
        guard let dataset else { throw InputError(.internalError, file: path, .file, "written after finish()") }
        try flushDirectRows()  // a layer's rows are in the file before the next layer's table
        let created: OGRLayerH? = Self.withWriteOptions(timestamp) {
            let options = OwnedStringList(["FID=\(geometry == nil ? "id" : "fid")"] + (spatialIndex ? [] : ["SPATIAL_INDEX=NO"]))
            return GDALDatasetCreateLayer(dataset, name, geometry == nil ? nil : wgs84, geometry?.ogr ?? wkbNone, options.list)
        }
        guard let handle = created else {
            throw InputError(.ioError, file: path, .file, "cannot add layer \(name): \(GDALLibrary.lastError(or: "GDAL failed"))")
        }
        for field in fields {
            guard let definition = OGR_Fld_Create(field.name, Self.fieldType(field.kind)) else {
                throw InputError(.internalError, file: path, .file, "GDAL cannot make field \(field.name)")
            }
            defer { OGR_Fld_Destroy(definition) }
            if field.kind == .boolean { OGR_Fld_SetSubType(definition, OFSTBoolean) }
            guard OGR_L_CreateField(handle, definition, 1) == OGRERR_NONE else {
                throw InputError(.ioError, file: path, .file, "cannot add field \(field.name) to \(name): \(GDALLibrary.lastError(or: "GDAL failed"))")
            }
        }
        layers.append((handle, fields, name))
        if geometry != nil && !spatialIndex && insertsRowsDirectly { directLayers.insert(layers.count - 1) }
        return layers.count - 1
    }

    /// Makes GDAL create the layer's table now, at its first row as GDAL's feature path would
    /// (its deferred creation, run by `ResetReading`), and keeps the layer's direct rows on
    /// GDAL's SQLite connection; nil when GDAL does not hand its connection out.
    private func startDirectRows(_ layer: Layer) throws -> GeoPackageRows? {
        guard let dataset else { throw InputError(.internalError, file: path, .file, "written after finish()") }
        directLayers.remove(layer)
        let (handle, fields, name) = layers[layer]
        CPLErrorReset()
        Self.withWriteOptions(timestamp) { OGR_L_ResetReading(handle) }  // its date in gpkg_contents: the fixed one
        guard CPLGetLastErrorType().rawValue < CE_Failure.rawValue else {
            throw InputError(.ioError, file: path, .file, "cannot add layer \(name): \(GDALLibrary.lastError(or: "GDAL failed"))")
        }
        guard let connection = GDALGetInternalHandle(dataset, "SQLITE_HANDLE") else { return nil }  // GDAL's feature path then
        let rows = try GeoPackageRows(table: name, fields: fields, database: OpaquePointer(connection), path: path, insertThread: insertThread)
        directRows[layer] = rows
        return rows
    }

    private func flushDirectRows() throws {
        for layer in directRows.keys.sorted() { try directRows[layer]?.flush() }
    }

    private static func fieldType(_ kind: GeoPackageField.Kind) -> OGRFieldType {
        switch kind {
        case .text: OFTString
        case .integer: OFTInteger64
        case .boolean: OFTInteger  // with the boolean subtype, which needs 32-bit integers
        case .real: OFTReal
        }
    }

    /// Writes one feature; `values` in the order of the layer's fields.
    public func write(_ layer: Layer, geometry: GeoPackageGeometry?, values: [GeoPackageValue]) throws {
        guard values.count == layers[layer].fields.count else {
            throw InputError(.internalError, file: path, .file, "layer \(layers[layer].name): \(values.count) values for \(layers[layer].fields.count) fields")
        }
        if let rows = try directRows[layer] ?? (directLayers.contains(layer) ? startDirectRows(layer) : nil) {
            return try rows.insert(geometry: geometry, values: values)
        }
        let (handle, _, name) = layers[layer]  // GDAL's feature path
        guard let feature = OGR_F_Create(OGR_L_GetLayerDefn(handle)) else {
            throw InputError(.internalError, file: path, .file, "GDAL cannot make a feature of \(name)")
        }
        defer { OGR_F_Destroy(feature) }
        for (i, value) in values.enumerated() { Self.set(feature, Int32(i), value) }
        if let geometry { OGR_F_SetGeometryDirectly(feature, try OGRGeometryBuilder.make(geometry, srs: wgs84)) }
        guard OGR_L_CreateFeature(handle, feature) == OGRERR_NONE else {
            throw InputError(.ioError, file: path, .file, "cannot write a feature of \(name): \(GDALLibrary.lastError(or: "GDAL failed"))")
        }
    }

    private static func set(_ feature: OGRFeatureH, _ i: Int32, _ value: GeoPackageValue) {
        switch value {
        case .null: OGR_F_SetFieldNull(feature, i)
        case .text(let s): OGR_F_SetFieldString(feature, i, s)
        case .integer(let n): OGR_F_SetFieldInteger64(feature, i, GIntBig(n))
        case .real(let x): if x.isFinite { OGR_F_SetFieldDouble(feature, i, x) } else { OGR_F_SetFieldNull(feature, i) }
        case .boolean(let b): OGR_F_SetFieldInteger64(feature, i, b ? 1 : 0)
        }
    }

    /// Keeps a style for the `layer_styles` table written by `finish()`.
    public func addStyle(_ style: GeoPackageStyle) { styles.append(style) }

    /// Writes the styles, closes the file and renames it into place.
    public func finish() throws {
        try flushDirectRows()
        if !styles.isEmpty { try writeStyles() }
        guard let dataset else { return }
        let (committed, message, closed) = try Self.withWriteOptions(timestamp) {
            try syncLayers()
            CPLErrorReset()
            let committed = GDALDatasetCommitTransaction(dataset) == OGRERR_NONE
            GDALClose(dataset)  // returns nothing in GDAL 3.6: a failure shows as the last error
            let closed = CPLGetLastErrorType().rawValue < CE_Failure.rawValue
            return (committed, GDALLibrary.lastError(or: "GDAL failed"), closed)
        }
        self.dataset = nil
        guard committed, closed else {
            unlink(temporaryPath)
            throw InputError(.ioError, file: path, .file, "cannot be written: \(message)")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw InputError(.ioError, file: path, .file, "cannot be renamed into place: \(reason)")
        }
    }

    /// What GDAL does for each layer when the file closes (its feature-count triggers, spatial
    /// index, extent and date), done here in the same order, so that the direct layers' feature
    /// count and extent, which GDAL did not see, are written after it, as GDAL would have.
    private func syncLayers() throws {
        for (k, layer) in layers.enumerated() {
            CPLErrorReset()
            guard OGR_L_SyncToDisk(layer.handle) == OGRERR_NONE else {
                throw InputError(.ioError, file: path, .file, "cannot write layer \(layer.name): \(GDALLibrary.lastError(or: "GDAL failed"))")
            }
            try directRows[k]?.recordCountAndExtent()
        }
        closeDirectRows()
    }

    /// The direct rows' statements finalized (their insert threads done) before GDAL closes the connection.
    private func closeDirectRows() {
        for rows in directRows.values { rows.close() }
        directRows.removeAll()
    }

    /// The `layer_styles` table with the columns QGIS creates and reads.
    private func writeStyles() throws {
        let text = ["f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML", "styleSLD"]
        let fields = text.map { GeoPackageField($0, .text) } + [GeoPackageField("useAsDefault", .boolean)]
            + ["description", "owner", "ui"].map { GeoPackageField($0, .text) }
        let table = try addLayer("layer_styles", geometry: nil, fields: fields)
        let time = try addDateTimeField("update_time", to: table)
        for style in styles {
            try write(table, geometry: nil, values: [
                .text(""), .text(""), .text(style.layer), .text("geom"), .text(style.name), .text(style.qml), .text(""),
                .boolean(style.isDefault), .text(style.description), .text("twinreach"), .null,
            ] + [.text(time)])
        }
    }

    private func addDateTimeField(_ name: String, to layer: Layer) throws -> String {
        guard let definition = OGR_Fld_Create(name, OFTDateTime) else {
            throw InputError(.internalError, file: path, .file, "GDAL cannot make field \(name)")
        }
        defer { OGR_Fld_Destroy(definition) }
        guard OGR_L_CreateField(layers[layer].handle, definition, 1) == OGRERR_NONE else {
            throw InputError(.ioError, file: path, .file, "cannot add field \(name): \(GDALLibrary.lastError(or: "GDAL failed"))")
        }
        layers[layer].fields.append(GeoPackageField(name, .text))
        return timestamp
    }
}

