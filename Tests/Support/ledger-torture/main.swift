// Writer process for the ledger crash and concurrency tests.
//
// Usage: ledger-torture <workspace> <count> [tag]
// Opens the workspace, begins a session, then records <count> commands. Each command has one input
// (a shared artifact) and one output (unique bytes) — 2 edges — and `metricsPerCommand` metric points.
// After each commit it prints `commit <command id> <session id> <seq>` and flushes, so a test may
// SIGKILL it at any moment and know which commits were acknowledged.
import Foundation
import SmolLedger

let metricsPerCommand = 25

let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: ledger-torture <workspace> <count> [tag]\n".utf8))
    exit(64)
}
let tag = arguments.count > 3 ? arguments[3] : "torture"

do {
    let workspace = try Workspace(root: arguments[1])
    let info = SessionInfo(mode: .cli, toolVersion: "ledger-torture", platform: "test", cpuModel: "test",
                           instructionSet: "test", threadCount: 1, matrixBackend: "none")
    let session = try workspace.ledger.beginSession(info)
    let input = try workspace.store.put(Array("shared torture input\n".utf8), kind: .dataset).named("data")
    for i in 0..<count {
        let sequence = try workspace.ledger.nextSequence(session: session)
        let payload = Array("\(tag) session \(session) command \(i)\n".utf8) + [UInt8](repeating: UInt8(i & 0xFF), count: 4096)
        let output = try workspace.store.put(payload, kind: .model).named("model")
        let now = Date().timeIntervalSince1970
        let metrics = (0..<metricsPerCommand).map { MetricPoint(name: "loss", step: $0, value: 1.0 / Double($0 + 1)) }
        let id = try workspace.ledger.record(CommandRecord(
            sessionID: session, sequence: sequence, sourceText: "torture.step(\(i))", name: "torture.step",
            paramsJSON: "{\"i\":\(i),\"tag\":\"\(tag)\"}", startedAt: now, endedAt: now,
            inputs: [input], outputs: [output], metrics: metrics))
        FileHandle.standardOutput.write(Data("commit \(id) \(session) \(sequence)\n".utf8)) // unbuffered
    }
    try workspace.ledger.endSession(session)
} catch {
    FileHandle.standardError.write(Data("ledger-torture: \(error)\n".utf8))
    exit(1)
}
