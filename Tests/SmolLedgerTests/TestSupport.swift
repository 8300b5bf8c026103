import Foundation
@testable import SmolLedger

/// A fresh, empty folder under the system temporary directory.
func temporaryDirectory(_ label: String = #function) -> String {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "smol-ledger-tests/\(safe)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A workspace in a fresh temporary folder.
func temporaryWorkspace(_ label: String = #function) throws -> Workspace {
    try Workspace(root: temporaryDirectory(label) + "/ws")
}

/// A plausible session description.
func sampleSession(_ mode: SessionMode = .script) -> SessionInfo {
    SessionInfo(mode: mode, scriptPath: mode == .script ? "scripts/sweep.smol" : nil, scriptSHA256: nil, toolVersion: "0.1.0",
                gitCommit: "0123456789abcdef", gitDirty: true, platform: "linux-x86_64", cpuModel: "Test CPU",
                instructionSet: "x86-64-avx2-fma", threadCount: 2, matrixBackend: "smol")
}

/// Records an ok command with the next sequence number of `session`.
@discardableResult
func recordCommand(_ ledger: Ledger, session: Int64, name: String, params: String = "{}",
                   inputs: [ArtifactRef] = [], outputs: [ArtifactRef] = [], metrics: [MetricPoint] = [],
                   status: CommandStatus = .ok, errorText: String? = nil, cacheKey: String? = nil,
                   cachedFrom: Int64? = nil, tables: [TableSpec] = []) throws -> Int64 {
    let sequence = try ledger.nextSequence(session: session)
    return try ledger.record(CommandRecord(sessionID: session, sequence: sequence, sourceText: "\(name)(…)", name: name,
                                           paramsJSON: params, startedAt: 1_800_000_000, endedAt: 1_800_000_001.5,
                                           status: status, errorText: errorText, cacheKey: cacheKey, cachedFrom: cachedFrom,
                                           inputs: inputs, outputs: outputs, metrics: metrics, tables: tables))
}

/// Opens the raw SQLite database of a ledger for checks the public API does not expose.
func rawDatabase(_ ledger: Ledger) throws -> SQLiteDatabase { try SQLiteDatabase(path: ledger.path) }

/// Integer result of a one-value query.
func scalar(_ db: SQLiteDatabase, _ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
    try db.query(sql, parameters) { $0.int(0) }.first ?? -1
}
