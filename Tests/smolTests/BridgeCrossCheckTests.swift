import Foundation
import SmolTestSupport
import Testing

/// scripts/bridge-crosscheck.sh (SFT and DPO on smol vs TRL, log-likelihoods vs lm-evaluation-harness,
/// EPOCHS=1) when the bridge environment exists: SMOL_BRIDGE_PYTHON, exported by scripts/test.sh when
/// scripts/bridge-env.sh has built it. A few minutes on two cores.
@Test(.enabled(if: ProcessInfo.processInfo.environment["SMOL_BRIDGE_PYTHON"] != nil,
               "SMOL_BRIDGE_PYTHON is not set; build the bridge environment with scripts/bridge-env.sh to run the TRL / lm-eval cross-check"))
func theBridgeCrossCheckAgrees() throws {
    let out = NSTemporaryDirectory() + "bridge-crosscheck-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.root + "/scripts/bridge-crosscheck.sh")
    process.arguments = [out]
    var environment = ProcessInfo.processInfo.environment
    environment["EPOCHS"] = "1"
    environment["SMOL"] = try SmolBuild.debug.executable()
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(output)")
    let lines = output.split(separator: "\n")
    for check in ["sft:", "dpo:", "lm-eval:"] {
        #expect(lines.contains { $0.hasPrefix(check) && $0.hasSuffix("-> ok") }, "\(output)")
    }
}
