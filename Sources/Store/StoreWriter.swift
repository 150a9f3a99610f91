import CSpatiaLite
import Foundation
import Model

/// Writes one SpatiaLite database (layers, plain tables, metadata) to a temporary file beside
/// `url`, and renames it onto `url` on `commit()`: readers never see a partial store. Without a
/// commit (an error, a dropped writer) the temporary file is removed; one left by a killed
/// process (`.<name>.tmp-<PID>-<random>`, with its journal, its PID gone) by the next writer.
///
/// Owns its SQLite connection: not `Sendable`; one writer per store.
public final class StoreWriter {
    public let url: URL
    private let temporaryPath: String
    private var connection: Connection?

    /// Creates the temporary database and its SpatiaLite metadata (`InitSpatialMetadata(1)`:
    /// `spatial_ref_sys` with every EPSG definition SpatiaLite knows, `geometry_columns`, ...).
    public init(creating url: URL) throws(StoreError) {
        self.url = url
        let folder = url.deletingLastPathComponent()
        temporaryPath = folder.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw .io(path: folder.path, message: "folder does not exist")
        }
        Self.removeLeftovers(of: url)
        let connection = try Connection(path: temporaryPath, create: true)
        self.connection = connection
        // The file only becomes the store once complete, so crash safety of the journal is not needed.
        try connection.execute("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;")
        try connection.executeChecked("SELECT InitSpatialMetadata(1)")
        try connection.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
    }

    deinit {
        if connection != nil {
            connection = nil
            Self.remove(temporaryPath)
        }
    }

    private static let fixedTime = "1970-01-01T00:00:00.000Z"
    private static let fixedVerifiedTime = "1970-01-01T00:00:01.000Z"

    private static let temporarySuffixes = ["", "-journal", "-wal", "-shm"]

    private static func remove(_ path: String) {
        for suffix in temporarySuffixes { unlink(path + suffix) }
    }

    /// Removes the temporaries of `url` written by processes that are gone:
    /// `.<name>.tmp-<PID>-<random>` and its `-journal`, `-wal`, `-shm`.
    static func removeLeftovers(of url: URL) {
        let folder = url.deletingLastPathComponent().path
        let names = Leftovers.names(in: folder, prefix: ".\(url.lastPathComponent).tmp-") { rest in
            guard rest.first == "-" else { return false }
            let random = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            return !random.isEmpty && temporarySuffixes.contains(String(rest.dropFirst(1 + random.count)))
        }
        for name in names { unlink((folder as NSString).appendingPathComponent(name)) }
    }

    private func open() throws(StoreError) -> Connection {
        guard let connection else { throw .io(path: url.path, message: "the store was already committed") }
        return connection
    }

    /// Writes a layer in one transaction: a table `fid INTEGER PRIMARY KEY, <columns>`, a
    /// geometry column `geom` registered with `AddGeometryColumn`, rows through one prepared
    /// statement, then an R*Tree spatial index (`CreateSpatialIndex`) and layer statistics.
    /// A `.polygon` feature is accepted in a multipolygon layer (as a one-part multipolygon).
    public func writeLayer<S: Sequence>(_ schema: LayerSchema, features: S) throws(StoreError) where S.Element == Feature {
        let connection = try open()
        try checkIdentifier(schema.name)
        for column in schema.columns { try checkIdentifier(column.name) }
        let reserved = Set(["fid", "geom"])
        if let clash = schema.columns.first(where: { reserved.contains($0.name) }) {
            throw .schema("layer \(schema.name): column name '\(clash.name)' is reserved")
        }
        // AddGeometryColumn accepts any SRID; GDAL and QGIS then know no CRS for the layer.
        let known = try connection.prepare("SELECT count(*) FROM spatial_ref_sys WHERE srid = ?")
        try known.bind(.integer(Int64(schema.srid)), at: 1)
        guard try known.step(), known.value(at: 0) == .integer(1) else {
            throw .schema("layer \(schema.name): SRID \(schema.srid) is not in spatial_ref_sys")
        }
        let table = quoted(schema.name)
        try connection.execute("BEGIN")
        do throws(StoreError) {
            // The geometry column is a plain BLOB while rows go in and is registered afterwards
            // (RecoverGeometryColumn checks every row once): AddGeometryColumn's per-row
            // triggers made writing the road layers about five times slower.
            let columns = schema.columns.map { ", \(quoted($0.name)) \($0.type.rawValue)" }.joined()
            try connection.execute("CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT\(columns), geom BLOB)")
            let names = schema.columns.map { quoted($0.name) + ", " }.joined()
            let marks = String(repeating: "?, ", count: schema.columns.count)
            let insert = try connection.prepare("INSERT INTO \(table) (\(names)geom) VALUES (\(marks)?)")
            let geometryIndex = Int32(schema.columns.count + 1)
            for (n, feature) in features.enumerated() {
                try bindValues(feature.values, schema.columns, insert, what: "layer \(schema.name): feature \(n)")
                if let geometry = feature.geometry {
                    let what = "layer \(schema.name): feature \(n)"
                    let fitted = try fit(geometry, to: schema.geometryType, what: what)
                    do throws(StoreError) {
                        try GaiaGeometry.withBlob(fitted, srid: schema.srid, declaredType: schema.geometryType) {
                            (bytes, count) throws(StoreError) in
                            try insert.bindBlob(bytes, count: count, at: geometryIndex)
                        }
                    } catch {
                        if case .schema(let message) = error { throw .schema("\(what): \(message)") }
                        throw error
                    }
                } else {
                    try insert.bind(.null, at: geometryIndex)
                }
                _ = try insert.step()
                insert.reset()
            }
            try connection.executeChecked(
                "SELECT RecoverGeometryColumn('\(schema.name)', 'geom', \(schema.srid), '\(schema.geometryType.rawValue)', 'XY')")
            try connection.executeChecked("SELECT CreateSpatialIndex('\(schema.name)', 'geom')")
            try connection.executeChecked("SELECT UpdateLayerStatistics('\(schema.name)', 'geom')")
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Writes a plain table (no geometry), e.g. the road graph's CSR arrays or edge list, in one
    /// transaction through one prepared statement.
    public func writeTable<S: Sequence>(_ name: String, columns: [Column], rows: S) throws(StoreError)
    where S.Element == [Value] {
        let connection = try open()
        try checkIdentifier(name)
        for column in columns { try checkIdentifier(column.name) }
        guard !columns.isEmpty else { throw .schema("table \(name): no columns") }
        try connection.execute("BEGIN")
        do throws(StoreError) {
            let definition = columns.map { "\(quoted($0.name)) \($0.type.rawValue)" }.joined(separator: ", ")
            try connection.execute("CREATE TABLE \(quoted(name)) (\(definition))")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let insert = try connection.prepare(
                "INSERT INTO \(quoted(name)) (\(columns.map { quoted($0.name) }.joined(separator: ", "))) VALUES (\(marks))")
            for (n, row) in rows.enumerated() {
                try bindValues(row, columns, insert, what: "table \(name): row \(n)")
                _ = try insert.step()
                insert.reset()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Sets entries of the `metadata` key/value table (input file hashes, versions, CRS).
    public func setMetadata(_ entries: [String: String]) throws(StoreError) {
        let connection = try open()
        try connection.execute("BEGIN")
        do throws(StoreError) {
            let upsert = try connection.prepare("INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)")
            for key in entries.keys.sorted() {
                try upsert.bind(.text(key), at: 1)
                try upsert.bind(.text(entries[key] ?? ""), at: 2)
                _ = try upsert.step()
                upsert.reset()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Closes the database and renames it onto `url` (replacing an older store atomically).
    ///
    /// SpatiaLite stamps the wall-clock time into `spatialite_history`, `geometry_columns_time`
    /// and `geometry_columns_statistics`; these are set to fixed instants first (statistics
    /// verified one second after the last insert, so GDAL trusts them), so that the same inputs
    /// give a byte-identical store.
    public func commit() throws(StoreError) {
        let connection = try open()
        try connection.execute("""
            BEGIN;
            UPDATE spatialite_history SET timestamp = '\(Self.fixedTime)';
            UPDATE geometry_columns_time SET last_insert = '\(Self.fixedTime)'
                WHERE last_insert <> '0000-01-01T00:00:00.000Z';
            UPDATE geometry_columns_statistics SET last_verified = '\(Self.fixedVerifiedTime)';
            COMMIT;
            """)
        try connection.close()
        self.connection = nil
        guard rename(temporaryPath, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            Self.remove(temporaryPath)
            throw .io(path: url.path, message: "cannot move the finished store into place: \(message)")
        }
    }

    private func bindValues(_ values: [Value], _ columns: [Column], _ statement: Statement, what: String) throws(StoreError) {
        guard values.count == columns.count else {
            throw .schema("\(what) has \(values.count) values for \(columns.count) columns")
        }
        for (i, value) in values.enumerated() {
            guard value.fits(columns[i].type) else {
                throw .schema("\(what): column \(columns[i].name) is \(columns[i].type.rawValue), got \(value)")
            }
            try statement.bind(value, at: Int32(i + 1))
        }
    }

    private func fit(_ geometry: FeatureGeometry, to type: GeometryType, what: String) throws(StoreError) -> FeatureGeometry {
        switch (geometry, type) {
        case (.point, .point), (.lineString, .lineString), (.polygon, .polygon), (.multiPolygon, .multiPolygon):
            return geometry
        case (.polygon(let p), .multiPolygon):
            return .multiPolygon(MultiPolygon([p]))
        case (.multiPolygon(let m), .polygon) where m.polygons.count == 1:
            return .polygon(m.polygons[0])
        default:
            throw .schema("\(what): geometry \(geometry.typeName) does not fit a \(type.rawValue) layer")
        }
    }
}

@available(*, unavailable, message: "a store connection belongs to one thread at a time")
extension StoreWriter: Sendable {}

extension FeatureGeometry {
    var typeName: String {
        switch self {
        case .point: return "POINT"
        case .lineString: return "LINESTRING"
        case .polygon: return "POLYGON"
        case .multiPolygon: return "MULTIPOLYGON"
        }
    }
}
