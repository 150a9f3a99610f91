import CSQLite
import Dispatch
import Model

/// The rows of one GeoPackage layer inserted straight into its table through GDAL's own SQLite
/// connection (inside GDAL's open transaction), many rows per `INSERT` statement: the same rows
/// GDAL's feature path writes (values bound as GDAL binds them, geometry blobs as GDAL builds
/// them: `GeoPackageBlob`), at about a third of its cost, for the big layers (the cells). The
/// layer's feature count and extent, which GDAL keeps for the rows it wrote itself, are written
/// by `GeoPackageWriter.finish()` from `count` and `extent`.
///
/// With `insertThread`, each full statement's rows are bound and stepped on a second thread
/// while the caller keeps the next rows (two batches take turns): the same statements in the
/// same order on the same connection, one at a time (the caller waits for the last before it
/// inserts a shorter one, flushes or goes), so the same file.
///
/// Owns its prepared statements (finalized when it goes, before GDAL closes the connection);
/// the connection belongs to GDAL's dataset. `@unchecked Sendable`: the inserting thread only
/// reads a handed-over batch and the statement, which the caller touches only after waiting.
final class GeoPackageRows: @unchecked Sendable {
    let table: String
    private let path: String
    private let database: OpaquePointer
    private let kinds: [GeoPackageField.Kind]
    /// The quoted column names in the order of the values: the geometry, then the fields.
    private let columnList: String
    private let rowsPerStatement: Int
    private var full: OpaquePointer?  // the INSERT of `rowsPerStatement` rows, prepared on first use
    /// The rows not yet inserted, and the batch the inserting thread has had last.
    private var filling: Batch, spare: Batch
    private let inserter: DispatchQueue?
    private let inserting = DispatchGroup()
    private var inserterFailure: InputError?
    private(set) var count = 0
    private(set) var extent: GeoPackageExtent?

    /// Rows kept for one statement: their values, and their blobs one after another in `blobs`.
    final class Batch: @unchecked Sendable {  // handed between the two threads, used by one at a time
        var values: [GeoPackageValue] = []
        var blobEnds: [Int?] = []
        var blobs: [UInt8] = []
        func clear() {
            values.removeAll(keepingCapacity: true); blobEnds.removeAll(keepingCapacity: true); blobs.removeAll(keepingCapacity: true)
        }
    }

    /// `database`: GDAL's connection; the table exists (GDAL's deferred creation has run).
    init(table: String, fields: [GeoPackageField], database: OpaquePointer, path: String, insertThread: Bool = false) {
        self.table = table
        self.path = path
        self.database = database
        kinds = fields.map(\.kind)
        columnList = (["geom"] + fields.map(\.name)).map(Self.quoted).joined(separator: ", ")
        let variables = Int(sqlite3_limit(database, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        rowsPerStatement = max(1, min(100, variables / (fields.count + 1)))
        filling = Batch(); spare = Batch()
        filling.values.reserveCapacity(rowsPerStatement * fields.count)
        inserter = insertThread ? DispatchQueue(label: "twinreach.gpkg-rows") : nil
    }

    deinit { close() }

    /// Waits for the inserting thread and finalizes the statement, before GDAL closes the
    /// connection (also when the writer goes without finishing, e.g. after a refused value,
    /// while a statement may still be stepping there).
    func close() {
        inserting.wait()
        sqlite3_finalize(full)
        full = nil
    }

    /// Keeps one row; inserts the kept rows once there are enough for one statement.
    func insert(geometry: GeoPackageGeometry?, values: [GeoPackageValue]) throws {
        for (value, kind) in zip(values, kinds) where !Self.fits(value, kind) {
            throw InputError(.internalError, file: path, .file, "layer \(table): a value \(value) in a column of \(kind)")
        }
        if let geometry {
            if let box = GeoPackageBlob.append(geometry, srsID: 4326, to: &filling.blobs) {
                if extent == nil { extent = box } else { extent?.merge(box) }
            }
            filling.blobEnds.append(filling.blobs.count)
        } else {
            filling.blobEnds.append(nil)
        }
        filling.values.append(contentsOf: values)
        count += 1
        if filling.blobEnds.count == rowsPerStatement { try insertFull() }
    }

    /// Inserts the kept rows (the last, shorter statement of a layer), after the inserting
    /// thread's last statement.
    func flush() throws {
        try waitForInserter()
        if !filling.blobEnds.isEmpty { try insertRows(filling) }
    }

    /// A full statement's rows: inserted here, or handed to the inserting thread once it has
    /// inserted the previous ones (then the caller keeps rows in the batch it gave back).
    private func insertFull() throws {
        guard let inserter else { return try insertRows(filling) }
        try waitForInserter()
        let batch = filling
        filling = spare
        spare = batch
        inserting.enter()
        inserter.async { [self] in
            do { try insertRows(batch) } catch let error as InputError { inserterFailure = error } catch {
                inserterFailure = failure("cannot write a feature of \(table): \(error)")
            }
            inserting.leave()
        }
    }

    /// Waits until the inserting thread is done; rethrows what it failed with.
    private func waitForInserter() throws {
        inserting.wait()
        if let failure = inserterFailure { throw failure }
    }

    /// Whether GDAL's feature path would store `value` as it is in a column of `kind` (a null
    /// goes anywhere); anything else it would convert, which this path does not copy.
    static func fits(_ value: GeoPackageValue, _ kind: GeoPackageField.Kind) -> Bool {
        switch (value, kind) {
        case (.null, _), (.text, .text), (.integer, .integer), (.real, .real), (.boolean, .boolean): true
        default: false
        }
    }

    /// Inserts a batch's rows in one statement and clears the batch.
    private func insertRows(_ batch: Batch) throws {
        let rows = batch.blobEnds.count
        let statement = try rows == rowsPerStatement ? fullStatement() : prepare(rows: rows)
        defer { if rows != rowsPerStatement { sqlite3_finalize(statement) } }
        // The blobs are bound in place (SQLite's static binding): stepped while they are at hand.
        let stepped = batch.blobs.withUnsafeBytes { bytes in
            bind(statement, batch, blobs: bytes) ? sqlite3_step(statement) : SQLITE_MISUSE
        }
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        guard stepped == SQLITE_DONE else { throw failure("cannot write a feature of \(table)") }
        batch.clear()
    }

    private func fullStatement() throws -> OpaquePointer {
        if let full { return full }
        let statement = try prepare(rows: rowsPerStatement)
        full = statement
        return statement
    }

    /// `INSERT INTO "table" ("geom", "a", ...) VALUES (?, ?, ...), ... ` for this many rows.
    private func prepare(rows: Int) throws -> OpaquePointer {
        let one = "(" + Array(repeating: "?", count: kinds.count + 1).joined(separator: ",") + ")"
        let sql = "INSERT INTO \(Self.quoted(table)) (\(columnList)) VALUES " + Array(repeating: one, count: rows).joined(separator: ",")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw failure("cannot add rows to \(table)")
        }
        return statement
    }

    /// Binds a batch's rows, each its blob (or null) then its values; false when SQLite refuses one.
    private func bind(_ statement: OpaquePointer, _ batch: Batch, blobs bytes: UnsafeRawBufferPointer) -> Bool {
        let columns = kinds.count
        var start = 0
        for (row, end) in batch.blobEnds.enumerated() {
            let first = Int32(row * (columns + 1) + 1)
            if let end, let base = bytes.baseAddress {
                guard sqlite3_bind_blob(statement, first, base + start, Int32(end - start), nil) == SQLITE_OK else { return false }
                start = end
            } else {
                guard sqlite3_bind_null(statement, first) == SQLITE_OK else { return false }
            }
            for k in 0..<columns where !Self.bind(batch.values[row * columns + k], to: statement, at: first + 1 + Int32(k)) {
                return false
            }
        }
        return true
    }

    /// Binds one value as GDAL's GPKG driver does: text as text (up to a NUL, as a C string),
    /// integers and booleans as 64-bit integers, non-finite reals as null.
    private static func bind(_ value: GeoPackageValue, to statement: OpaquePointer, at i: Int32) -> Bool {
        let result: Int32
        switch value {
        case .null: result = sqlite3_bind_null(statement, i)
        case .text(let s): result = s.withCString { sqlite3_bind_text(statement, i, $0, -1, transient) }
        case .integer(let n): result = sqlite3_bind_int64(statement, i, sqlite3_int64(n))
        case .real(let x): result = x.isFinite ? sqlite3_bind_double(statement, i, x) : sqlite3_bind_null(statement, i)
        case .boolean(let b): result = sqlite3_bind_int64(statement, i, b ? 1 : 0)
        }
        return result == SQLITE_OK
    }

    /// SQLite's `SQLITE_TRANSIENT` (copy the text now), a C macro Swift does not import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Writes the layer's feature count and extent where GDAL keeps them (`gpkg_ogr_contents`,
    /// `gpkg_contents`), as GDAL does for the rows it wrote itself; no extent without geometries.
    /// The extent goes, as in GDAL, through SQLite's printf with 18 digits, whose rendering is
    /// not exact in the last digits: the same text, so the same stored values as GDAL's path.
    func recordCountAndExtent() throws {
        try execute(sql("UPDATE gpkg_ogr_contents SET feature_count = %lld WHERE lower(table_name) = lower('%q')", [Int64(count)]))
        guard let e = extent else { return }
        try execute(sql("UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
                        + "WHERE lower(table_name) = lower('%q') AND Lower(data_type) = 'features'", [e.minX, e.minY, e.maxX, e.maxY]))
    }

    /// SQLite's printf of `format` with these arguments and then the table's name.
    private func sql(_ format: String, _ arguments: [CVarArg]) -> String {
        table.withCString { name in
            let text = withVaList(arguments + [name]) { sqlite3_vmprintf(format, $0) }
            defer { sqlite3_free(text) }
            return text.map { String(cString: $0) } ?? ""
        }
    }

    private func execute(_ sql: String) throws {
        guard !sql.isEmpty, sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw failure("cannot record the feature count and extent of \(table)")
        }
    }

    private func failure(_ what: String) -> InputError {
        InputError(.ioError, file: path, .file, "\(what): \(String(cString: sqlite3_errmsg(database)))")
    }
}
