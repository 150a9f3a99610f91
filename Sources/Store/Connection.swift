// SpatiaLite owner: one SQLite database per district with SpatiaLite metadata, so that QGIS,
// `ogrinfo` and the `spatialite` CLI open it. Only this module touches sqlite3 / SpatiaLite.
import CSpatiaLite
import Foundation

/// What went wrong in the store.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite (or a SpatiaLite SQL function) failed: the statement, the result code and SQLite's message.
    case sqlite(sql: String, code: Int32, message: String)
    /// A file operation on the store failed.
    case io(path: String, message: String)
    /// Data that does not fit the table it is written to (wrong value count, type, geometry kind).
    case schema(String)

    public var description: String {
        switch self {
        case .sqlite(let sql, let code, let message):
            return "SQLite error \(code) (\(message)) in: \(sql)"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .schema(let message):
            return message
        }
    }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Owns one sqlite3 connection with SpatiaLite loaded into it (its own SpatiaLite cache) and
/// closes both exactly once: on `close()` or else in deinit.
final class Connection {
    private(set) var db: OpaquePointer?
    private var cache: UnsafeMutableRawPointer?
    let path: String

    init(path: String, create: Bool, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        let flags = readOnly ? SQLITE_OPEN_READONLY
            : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let handle { sqlite3_close_v2(handle) }
            throw .sqlite(sql: "open \(path)", code: status, message: message)
        }
        db = handle
        guard let cache = spatialite_alloc_connection() else {
            sqlite3_close_v2(handle)
            db = nil
            throw .sqlite(sql: "spatialite_alloc_connection", code: SQLITE_NOMEM, message: "cannot allocate the SpatiaLite cache")
        }
        self.cache = cache
        spatialite_init_ex(handle, cache, 0)
    }

    deinit { closeHandles() }

    /// Closes the connection now (statements must be finalized first); later calls do nothing.
    func close() throws(StoreError) {
        guard let db else { return }
        let status = sqlite3_close(db)
        guard status == SQLITE_OK else {
            throw .sqlite(sql: "close \(path)", code: status, message: String(cString: sqlite3_errmsg(db)))
        }
        self.db = nil
        if let cache { spatialite_cleanup_ex(cache) }
        cache = nil
    }

    private func closeHandles() {
        if let db { sqlite3_close_v2(db) }
        if let cache { spatialite_cleanup_ex(cache) }
        db = nil
        cache = nil
    }

    func error(_ sql: String, _ code: Int32) -> StoreError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed"
        return .sqlite(sql: sql, code: code, message: message)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(StoreError) {
        guard let db else { throw .sqlite(sql: sql, code: SQLITE_MISUSE, message: "connection closed") }
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(db, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(message)
            throw .sqlite(sql: sql, code: status, message: text)
        }
    }

    /// A SpatiaLite SQL function that reports failure by returning 0 (AddGeometryColumn, ...):
    /// SpatiaLite then explains on stderr only, so the error names the call.
    func executeChecked(_ sql: String) throws(StoreError) {
        let statement = try prepare(sql)
        guard try statement.step() else { throw .sqlite(sql: sql, code: SQLITE_ERROR, message: "no result") }
        guard case .integer(let result) = statement.value(at: 0), result == 1 else {
            throw .sqlite(sql: sql, code: SQLITE_ERROR, message: "SpatiaLite returned \(statement.value(at: 0))")
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement {
        guard let db else { throw .sqlite(sql: sql, code: SQLITE_MISUSE, message: "connection closed") }
        var stmt: OpaquePointer?
        let status = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard status == SQLITE_OK, let stmt else { throw error(sql, status) }
        return Statement(self, stmt, sql)
    }
}

/// Owns one prepared statement and finalizes it once. Keeps its connection open meanwhile.
final class Statement {
    let connection: Connection
    let stmt: OpaquePointer
    let sql: String

    init(_ connection: Connection, _ stmt: OpaquePointer, _ sql: String) {
        self.connection = connection
        self.stmt = stmt
        self.sql = sql
    }

    deinit { sqlite3_finalize(stmt) }

    func bind(_ value: Value, at index: Int32) throws(StoreError) {
        let status: Int32
        switch value {
        case .null: status = sqlite3_bind_null(stmt, index)
        case .integer(let v): status = sqlite3_bind_int64(stmt, index, v)
        case .real(let v): status = sqlite3_bind_double(stmt, index, v)
        case .text(let v): status = sqlite3_bind_text(stmt, index, v, -1, transient)
        case .blob(let v):
            status = v.withUnsafeBytes { bytes in
                sqlite3_bind_blob(stmt, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(v.count), transient)
            }
        }
        guard status == SQLITE_OK else { throw connection.error(sql, status) }
    }

    /// Binds a blob the caller frees after the call (SQLite copies it).
    func bindBlob(_ bytes: UnsafeRawPointer, count: Int32, at index: Int32) throws(StoreError) {
        let status = sqlite3_bind_blob(stmt, index, bytes, count, transient)
        guard status == SQLITE_OK else { throw connection.error(sql, status) }
    }

    /// One step: true when a row is available, false when done.
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(stmt)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(sql, status)
        }
    }

    func reset() {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
    }

    var columnCount: Int32 { sqlite3_column_count(stmt) }

    func value(at column: Int32) -> Value {
        switch sqlite3_column_type(stmt, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(stmt, column) else { return .text("") }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(stmt, column))
            guard let bytes = sqlite3_column_blob(stmt, column), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// The raw bytes of a blob column, valid until the next step (no copy).
    func blob(at column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(stmt, column) == SQLITE_BLOB, let bytes = sqlite3_column_blob(stmt, column) else {
            return nil
        }
        return UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(stmt, column)))
    }
}
