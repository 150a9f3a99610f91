import CSQLite
import Dispatch
import Model

/// The rows of one GeoPackage layer inserted straight into its table through GDAL's own SQLite
/// connection (inside GDAL's open transaction), a batch of rows per `INSERT ... SELECT` from the
/// batch as a virtual table (`GeoPackageRowsTable`, no bound variables): the same rows
/// GDAL's feature path writes (values given as GDAL binds them, geometry blobs as GDAL builds
/// them: `GeoPackageBlob`), at about a third of its cost, for the big layers (the cells). The
/// layer's feature count and extent, which GDAL keeps for the rows it wrote itself, are written
/// by `GeoPackageWriter.finish()` from `count` and `extent`.
///
/// With `insertThread`, each full batch is inserted on a second thread while the caller keeps
/// the next rows (two batches take turns): the same statements in the same order on the same
/// connection, one at a time (the caller waits for the last before it inserts a shorter one,
/// flushes or goes), so the same file.
///
/// Owns its prepared statement and its virtual table's registration (finalized and dropped
/// when it goes, before GDAL closes the connection); the connection belongs to GDAL's dataset.
/// `@unchecked Sendable`: the inserting thread only reads a handed-over batch, the statement
/// and the table's source, which the caller touches only after waiting.
final class GeoPackageRows: @unchecked Sendable {
    let table: String
    private let path: String
    private let database: OpaquePointer
    private let kinds: [GeoPackageField.Kind]
    /// The quoted column names in the order of the values: the geometry, then the fields.
    private let columnList: String
    /// Rows kept before they are inserted (one statement).
    static let rowsPerStatement = 100
    /// The virtual table the statement reads (named after the layer) and what it reads.
    private let tableModule: String
    private let source: GeoPackageRowsTable.Source
    private var statement: OpaquePointer?  // the INSERT ... SELECT of a batch, prepared on first use
    /// The rows not yet inserted, and the batch the inserting thread has had last.
    private var filling: Batch, spare: Batch
    private let inserter: DispatchQueue?
    private let inserting = DispatchGroup()
    private var inserterFailure: InputError?
    private(set) var count = 0
    private(set) var extent: GeoPackageExtent?

    /// Rows kept for one statement: their values as SQLite is given them (plain numbers, no
    /// Strings to retain and release), and their blobs and texts one after another in `bytes`
    /// (each row's blob range there; (-1, -1) for a row without geometry).
    final class Batch: @unchecked Sendable {  // handed between the two threads, used by one at a time
        var values: [GeoPackageRowsTable.Value] = []
        var blobRanges: [(start: Int, end: Int)] = []
        var bytes: [UInt8] = []
        func clear() {
            values.removeAll(keepingCapacity: true); blobRanges.removeAll(keepingCapacity: true); bytes.removeAll(keepingCapacity: true)
        }

        /// Keeps a row's values (one access to each array per row, not per value).
        func keep(_ row: [GeoPackageValue]) { Self.keep(row, values: &values, bytes: &bytes) }

        /// Keeps values as GDAL's feature path binds them: text up to a NUL (as a C string),
        /// integers and booleans as 64-bit integers, non-finite reals as null.
        private static func keep(_ row: [GeoPackageValue], values: inout [GeoPackageRowsTable.Value], bytes: inout [UInt8]) {
            for value in row {
                switch value {
                case .null: values.append(.null)
                case .text(var s):
                    let start = bytes.count
                    s.withUTF8 { utf8 in bytes.append(contentsOf: utf8.prefix { $0 != 0 }) }
                    values.append(.text(start: start, end: bytes.count))
                case .integer(let n): values.append(.integer(Int64(n)))
                case .real(let x): values.append(x.isFinite ? .real(x) : .null)
                case .boolean(let b): values.append(.integer(b ? 1 : 0))
                }
            }
        }
    }

    /// `database`: GDAL's connection; the table exists (GDAL's deferred creation has run).
    init(table: String, fields: [GeoPackageField], database: OpaquePointer, path: String, insertThread: Bool = false) throws {
        self.table = table
        self.path = path
        self.database = database
        kinds = fields.map(\.kind)
        columnList = (["geom"] + fields.map(\.name)).map(Self.quoted).joined(separator: ", ")
        tableModule = "twinreach_rows_" + table
        source = GeoPackageRowsTable.Source(columns: fields.count)
        filling = Batch(); spare = Batch()
        filling.values.reserveCapacity(Self.rowsPerStatement * fields.count)
        inserter = insertThread ? DispatchQueue(label: "twinreach.gpkg-rows") : nil
        guard GeoPackageRowsTable.register(tableModule, source: source, on: database) else { throw failure("cannot add rows to \(table)") }
    }

    deinit { close() }

    /// Waits for the inserting thread, finalizes the statement and drops the virtual table,
    /// before GDAL closes the connection (also when the writer goes without finishing, e.g.
    /// after a refused value, while a statement may still be stepping there).
    func close() {
        inserting.wait()
        sqlite3_finalize(statement)
        statement = nil
        GeoPackageRowsTable.drop(tableModule, on: database)
    }

    /// Keeps one row; inserts the kept rows once there are enough for one statement.
    func insert(geometry: GeoPackageGeometry?, values: [GeoPackageValue]) throws {
        for (value, kind) in zip(values, kinds) where !Self.fits(value, kind) {
            throw InputError(.internalError, file: path, .file, "layer \(table): a value \(value) in a column of \(kind)")
        }
        if let geometry {
            let start = filling.bytes.count
            if let box = GeoPackageBlob.append(geometry, srsID: 4326, to: &filling.bytes) {
                if extent == nil { extent = box } else { extent?.merge(box) }
            }
            filling.blobRanges.append((start, filling.bytes.count))
        } else {
            filling.blobRanges.append((-1, -1))
        }
        filling.keep(values)
        count += 1
        if filling.blobRanges.count == Self.rowsPerStatement { try insertFull() }
    }

    /// Inserts the kept rows (the last, shorter statement of a layer), after the inserting
    /// thread's last statement.
    func flush() throws {
        try waitForInserter()
        if !filling.blobRanges.isEmpty { try insertRows(filling) }
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

    /// Inserts a batch's rows in one statement (which reads them through the virtual table
    /// while it steps) and clears the batch.
    private func insertRows(_ batch: Batch) throws {
        let statement = try insertStatement()
        let stepped = batch.values.withUnsafeBufferPointer { values in
            batch.blobRanges.withUnsafeBufferPointer { ranges in
                batch.bytes.withUnsafeBytes { bytes in
                    source.rows = GeoPackageRowsTable.Rows(values: values, columns: kinds.count, blobRanges: ranges, bytes: bytes)
                    defer { source.rows = .empty }
                    return sqlite3_step(statement)
                }
            }
        }
        sqlite3_reset(statement)
        guard stepped == SQLITE_DONE else { throw failure("cannot write a feature of \(table)") }
        batch.clear()
    }

    /// `INSERT INTO "table" ("geom", "a", ...) SELECT * FROM "twinreach_rows_table"`, prepared once.
    private func insertStatement() throws -> OpaquePointer {
        if let statement { return statement }
        let sql = "INSERT INTO \(Self.quoted(table)) (\(columnList)) SELECT * FROM \(Self.quoted(tableModule))"
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw failure("cannot add rows to \(table)")
        }
        statement = prepared
        return prepared
    }

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
