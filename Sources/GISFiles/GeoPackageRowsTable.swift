import CSQLite

/// The rows of one `GeoPackageRows` batch as an eponymous SQLite virtual table, so that one
/// `INSERT INTO "cells" (...) SELECT * FROM "<module>"` inserts the whole batch: SQLite asks
/// each value of the table (`xColumn`) where it would otherwise take it from a bound
/// variable. A bound variable costs a call into SQLite per value, each taking the
/// connection's mutex, then a copy into the statement's register; a million cells' 26 values
/// were about half of SQLite's work (callgrind of the same inserts: 14.7 k instructions a row
/// bound, 10.4 k read from the table). The values are given as binding gave them (text up to
/// a NUL, booleans as integers, non-finite reals as null: `GeoPackageRows.Batch.keep`); the
/// rows go in the batch's order.
///
/// The module's name is the layer's, registered on GDAL's connection while the layer's rows
/// are inserted and dropped afterwards; nothing of it is stored in the file.
enum GeoPackageRowsTable {
    /// What a cursor reads while its statement steps: the batch the inserting thread has
    /// handed over, kept alive by the `GeoPackageRows` stepping it.
    struct Rows {
        var values: UnsafeBufferPointer<Value>
        var columns: Int
        /// Each row's blob as (start, end) in `bytes`, or (-1, -1) for a row without geometry.
        var blobRanges: UnsafeBufferPointer<(start: Int, end: Int)>
        /// The blobs and texts.
        var bytes: UnsafeRawBufferPointer

        static var empty: Rows {
            Rows(values: UnsafeBufferPointer(start: nil, count: 0), columns: 0, blobRanges: UnsafeBufferPointer(start: nil, count: 0),
                 bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// A value as SQLite is given it; a text is its UTF-8 bytes' range in the rows' `bytes`.
    enum Value { case null, integer(Int64), real(Double), text(start: Int, end: Int) }

    /// Where the stepping batch is found: set by the inserting thread around each step.
    final class Source {
        let columns: Int
        var rows = Rows.empty
        init(columns: Int) { self.columns = columns }
    }

    /// Registers the table `name` over `source` on `database` (`source` must stay alive until `drop`).
    static func register(_ name: String, source: Source, on database: OpaquePointer) -> Bool {
        sqlite3_create_module(database, name, module, Unmanaged.passUnretained(source).toOpaque()) == SQLITE_OK
    }

    /// Drops the table `name` from `database` (its statements finalized before).
    static func drop(_ name: String, on database: OpaquePointer) {
        sqlite3_create_module(database, name, nil, nil)
    }

    /// The table's virtual-table memory: SQLite's header, then the source (unretained).
    private struct Table { var base: sqlite3_vtab; var source: UnsafeMutableRawPointer }
    /// A cursor: SQLite's header, then the row it is on and the rows it reads.
    private struct Cursor { var base: sqlite3_vtab_cursor; var row: Int; var rows: Rows }

    private static func source(_ raw: UnsafeMutableRawPointer) -> Source { Unmanaged<Source>.fromOpaque(raw).takeUnretainedValue() }

    /// The module: eponymous only (no `xCreate`: the table exists on the connection without
    /// `CREATE VIRTUAL TABLE`, so the file's schema does not change), read-only, one full scan.
    nonisolated(unsafe) private static let module: UnsafeMutablePointer<sqlite3_module> = {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { database, aux, _, _, table, _ in
            guard let database, let aux, let table else { return SQLITE_ERROR }
            let names = (0...source(aux).columns).map { "c\($0)" }.joined(separator: ", ")
            guard sqlite3_declare_vtab(database, "CREATE TABLE x(\(names))") == SQLITE_OK else { return SQLITE_ERROR }
            let memory = UnsafeMutablePointer<Table>.allocate(capacity: 1)
            memory.initialize(to: Table(base: sqlite3_vtab(), source: aux))
            table.pointee = UnsafeMutableRawPointer(memory).assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xDisconnect = { table in
            table.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Table.self).deallocate() }
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in
            info?.pointee.estimatedCost = 1
            return SQLITE_OK
        }
        module.pointee.xOpen = { table, cursor in
            guard let table, let cursor else { return SQLITE_ERROR }
            let aux = UnsafeMutableRawPointer(table).assumingMemoryBound(to: Table.self).pointee.source
            let memory = UnsafeMutablePointer<Cursor>.allocate(capacity: 1)
            memory.initialize(to: Cursor(base: sqlite3_vtab_cursor(), row: 0, rows: source(aux).rows))
            cursor.pointee = UnsafeMutableRawPointer(memory).assumingMemoryBound(to: sqlite3_vtab_cursor.self)
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in
            cursor.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Cursor.self).deallocate() }
            return SQLITE_OK
        }
        module.pointee.xFilter = { cursor, _, _, _, _ in
            cursor.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Cursor.self).pointee.row = 0 }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in
            cursor.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Cursor.self).pointee.row += 1 }
            return SQLITE_OK
        }
        module.pointee.xEof = { cursor in
            guard let cursor else { return 1 }
            let c = UnsafeMutableRawPointer(cursor).assumingMemoryBound(to: Cursor.self).pointee
            return c.row < c.rows.blobRanges.count ? 0 : 1
        }
        module.pointee.xRowid = { cursor, rowid in
            guard let cursor, let rowid else { return SQLITE_ERROR }
            rowid.pointee = sqlite3_int64(UnsafeMutableRawPointer(cursor).assumingMemoryBound(to: Cursor.self).pointee.row)
            return SQLITE_OK
        }
        module.pointee.xColumn = { cursor, context, column in
            guard let cursor, let context else { return SQLITE_ERROR }
            let c = UnsafeMutableRawPointer(cursor).assumingMemoryBound(to: Cursor.self)
            give(c.pointee.rows, row: c.pointee.row, column: Int(column), to: context)
            return SQLITE_OK
        }
        return module
    }()

    /// Gives SQLite a row's value: column 0 its blob (or null), then its values in order.
    private static func give(_ rows: Rows, row: Int, column: Int, to context: OpaquePointer) {
        // Blobs and texts are given in place (static: the batch outlives the step).
        guard column > 0 else {
            let (start, end) = rows.blobRanges[row]
            guard start >= 0, let base = rows.bytes.baseAddress else { return sqlite3_result_null(context) }
            return sqlite3_result_blob(context, base + start, Int32(end - start), nil)
        }
        switch rows.values[row * rows.columns + column - 1] {
        case .null: sqlite3_result_null(context)
        case .integer(let n): sqlite3_result_int64(context, n)
        case .real(let x): sqlite3_result_double(context, x)
        case .text(let start, let end):
            guard let base = rows.bytes.baseAddress else { return sqlite3_result_text(context, "", 0, transient) }  // no bytes yet: ''
            sqlite3_result_text(context, base.assumingMemoryBound(to: CChar.self) + start, Int32(end - start), nil)
        }
    }

    /// SQLite's `SQLITE_TRANSIENT` (copy the text now), a C macro Swift does not import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
