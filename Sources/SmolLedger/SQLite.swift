import CSQLite
import Foundation

/// A value bound to, or read from, an SQL statement.
enum SQLValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    init(_ value: Bool) { self = .integer(value ? 1 : 0) }
}

/// A thin wrapper over one SQLite connection: open, exec, prepare/bind/step/column, transactions.
///
/// Values reach SQL only through bound parameters; `exec` is for fixed statements (DDL, BEGIN) only.
/// The connection is opened FULLMUTEX, but callers (`Ledger`) still serialise whole transactions.
final class SQLiteDatabase {
    let path: String
    /// The connection; nil once `close()` ran.
    private var handle: OpaquePointer?

    /// Opens (creating if needed) the database at `path` with a busy timeout in milliseconds.
    init(path: String, busyTimeoutMilliseconds: Int32 = 30_000) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw LedgerError.sqlite(path: path, sql: "open", code: rc, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { close() }

    /// Checkpoints the WAL into the database file and closes the connection, so the data is in
    /// `ledger.sqlite` itself (the last connection's close also removes the `-wal` file). Later calls
    /// throw `LedgerError.closed`; a second close does nothing.
    func close() {
        guard let db = handle else { return }
        _ = sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nil, nil, nil)   // busy when another process reads: it checkpoints later
        sqlite3_close_v2(db)
        handle = nil
    }

    /// Whether `close()` ran.
    var isClosed: Bool { handle == nil }

    private func openHandle(_ sql: String) throws -> OpaquePointer {
        guard let handle else { throw LedgerError.closed(path: path) }
        return handle
    }

    /// Runs one or more fixed SQL statements that take no parameters.
    func exec(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(try openHandle(sql), sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? currentMessage
            sqlite3_free(errorMessage)
            throw LedgerError.sqlite(path: path, sql: sql, code: rc, message: message)
        }
    }

    /// Runs a statement with bound parameters, discarding any rows.
    func run(_ sql: String, _ parameters: [SQLValue] = []) throws {
        let statement = try prepare(sql, parameters)
        while try statement.step() {}
    }

    /// Runs a query with bound parameters and maps every row.
    func query<Row>(_ sql: String, _ parameters: [SQLValue] = [], _ map: (SQLiteStatement) throws -> Row) throws -> [Row] {
        let statement = try prepare(sql, parameters)
        var rows: [Row] = []
        while try statement.step() { rows.append(try map(statement)) }
        return rows
    }

    /// Prepares a statement and binds its parameters (1-based, in order).
    func prepare(_ sql: String, _ parameters: [SQLValue] = []) throws -> SQLiteStatement {
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v2(try openHandle(sql), sql, -1, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql) }
        let statement = SQLiteStatement(raw, database: self, sql: sql)
        for (offset, value) in parameters.enumerated() { try statement.bind(value, at: Int32(offset + 1)) }
        return statement
    }

    /// The rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    func immediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    var currentMessage: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "the connection is closed" }

    func error(_ code: Int32, _ sql: String) -> LedgerError {
        .sqlite(path: path, sql: sql, code: code, message: currentMessage)
    }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    private let raw: OpaquePointer
    private let database: SQLiteDatabase
    let sql: String

    init(_ raw: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.raw = raw
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(raw) }

    func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(raw, index)
        case .integer(let v): rc = sqlite3_bind_int64(raw, index, v)
        case .real(let v): rc = sqlite3_bind_double(raw, index, v)
        case .text(let v):
            // Explicit byte length: text may contain NUL, which a C-string bind would cut off.
            // An empty array has no base address and a NULL pointer would bind SQL NULL, so keep a 0 byte.
            let utf8 = Array(v.utf8) + [0]
            rc = utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(raw, index, $0.baseAddress, Int32(buffer.count - 1), smol_sqlite_transient())
                }
            }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql) }
    }

    /// Advances to the next row: true when a row is available, false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql)
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(raw, column) else { return "" }
        let count = Int(sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
