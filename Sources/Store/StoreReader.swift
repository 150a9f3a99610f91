import CSpatiaLite
import Foundation
import Model

/// Reads a store back (checks, tests, later runs reusing an import).
///
/// Owns its SQLite connection: not `Sendable`.
public final class StoreReader {
    private let connection: Connection

    public init(opening url: URL) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .io(path: url.path, message: "no such store")
        }
        connection = try Connection(path: url.path, create: false, readOnly: true)
    }

    /// The geometry layers, by name.
    public func layers() throws(StoreError) -> [LayerInfo] {
        let q = try connection.prepare(
            "SELECT f_table_name, geometry_type, srid FROM geometry_columns ORDER BY f_table_name")
        var result: [LayerInfo] = []
        while try q.step() {
            guard case .text(let name) = q.value(at: 0), case .integer(let code) = q.value(at: 1),
                  case .integer(let srid) = q.value(at: 2) else { continue }
            // SpatiaLite's codes: 1 point, 2 line, 3 polygon, 6 multipolygon (XY).
            let type: GeometryType? = [1: .point, 2: .lineString, 3: .polygon, 6: .multiPolygon][code]
            guard let type else { throw .schema("layer \(name) has an unsupported geometry type \(code)") }
            result.append(LayerInfo(name: name, geometryType: type, srid: Int(srid)))
        }
        return result
    }

    /// Number of rows of a table or layer.
    public func rowCount(_ table: String) throws(StoreError) -> Int {
        try checkIdentifier(table)
        let q = try connection.prepare("SELECT count(*) FROM \(quoted(table))")
        guard try q.step(), case .integer(let n) = q.value(at: 0) else { return 0 }
        return Int(n)
    }

    /// The attribute columns of a table (without `fid` and `geom`).
    public func columns(of table: String) throws(StoreError) -> [Column] {
        try checkIdentifier(table)
        let q = try connection.prepare("PRAGMA table_info(\(quoted(table)))")
        var result: [Column] = []
        while try q.step() {
            guard case .text(let name) = q.value(at: 1), name != "fid", name != "geom" else { continue }
            let declared: String
            if case .text(let t) = q.value(at: 2) { declared = t.uppercased() } else { declared = "" }
            result.append(Column(name, ColumnType(rawValue: declared) ?? .text))
        }
        return result
    }

    /// Every feature of a layer in `fid` order, with its attribute columns.
    public func features(of layer: String) throws(StoreError) -> (columns: [Column], features: [Feature]) {
        guard let info = try layers().first(where: { $0.name == layer.lowercased() }) else {
            throw .schema("no geometry layer named \(layer)")
        }
        let columns = try columns(of: layer)
        let names = columns.map { quoted($0.name) + ", " }.joined()
        let q = try connection.prepare("SELECT \(names)geom FROM \(quoted(layer)) ORDER BY fid")
        let geometryColumn = Int32(columns.count)
        var features: [Feature] = []
        while try q.step() {
            let values = (0..<geometryColumn).map { q.value(at: $0) }
            var geometry: FeatureGeometry?
            if let blob = q.blob(at: geometryColumn) {
                geometry = try GaiaGeometry.geometry(fromBlob: blob, type: info.geometryType)
            }
            features.append(Feature(geometry: geometry, values: values))
        }
        return (columns, features)
    }

    /// Every row of a plain table, in insertion (rowid) order.
    public func rows(of table: String) throws(StoreError) -> (columns: [Column], rows: [[Value]]) {
        let columns = try columns(of: table)
        let q = try connection.prepare(
            "SELECT \(columns.map { quoted($0.name) }.joined(separator: ", ")) FROM \(quoted(table)) ORDER BY rowid")
        var rows: [[Value]] = []
        while try q.step() { rows.append((0..<Int32(columns.count)).map { q.value(at: $0) }) }
        return (columns, rows)
    }

    /// The `metadata` key/value table.
    public func metadata() throws(StoreError) -> [String: String] {
        let q = try connection.prepare("SELECT key, value FROM metadata")
        var result: [String: String] = [:]
        while try q.step() {
            if case .text(let key) = q.value(at: 0), case .text(let value) = q.value(at: 1) { result[key] = value }
        }
        return result
    }

    /// Runs a query and calls `body` once per result row with the row's column reader, for
    /// results too large to hold as `[[Value]]` (a road graph's edges).
    public func forEachRow(_ sql: String, _ body: (_ column: (Int32) -> Value) -> Void) throws(StoreError) {
        let q = try connection.prepare(sql)
        while try q.step() { body { q.value(at: $0) } }
    }

    /// Runs a query and returns its rows (for checks such as SpatiaLite SQL functions).
    public func query(_ sql: String) throws(StoreError) -> [[Value]] {
        let q = try connection.prepare(sql)
        var rows: [[Value]] = []
        while try q.step() { rows.append((0..<q.columnCount).map { q.value(at: $0) }) }
        return rows
    }
}

@available(*, unavailable, message: "a store connection belongs to one thread at a time")
extension StoreReader: Sendable {}
