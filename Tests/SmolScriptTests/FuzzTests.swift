import Foundation
import SmolScript
import Testing

/// A small deterministic generator (SplitMix64), so failures reproduce.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

private let seeds = [
    "let base = model.init(preset: \"tiny\", seed: 1)\nfor lr in [1e-4, 3e-4] { print(train.sft(base, data.load(\"x\"), lr: lr).name) }",
    "func f(n) { if n < 2 { return n }; return f(n - 1) + f(n - 2) }\nprint(f(8))",
    "var r = [lr: 1, xs: [1, 2, [3]]]\nr.xs[2][0] += 1\nprint(\"r=\\(r) \\(len(r.xs))\")",
    "var i = 0\nwhile i < 5 { i += 1; if i % 2 == 0 { continue }; print(i) }",
    "let s = \"a\\tb\\\"c\"\nfor c in s { print(c + str(1)) }",
    "metric(\"loss\", 1.5, step: 2)\nprint(min(3, 1) <= max([4, 5]) && !false || nil == nil)",
]

private let fragments = ["(", ")", "[", "]", "{", "}", "\"", "\\(", ",", ":", ".", "=", "+=", "-", "!", "&&", "||",
                         "\n", ";", "let", "var", "func", "for", "in", "while", "if", "else", "return", "break",
                         "continue", "x", "print", "data.load", "1e", "0", "3.5", "nil", "true", "#", "@", "é", "[:]",
                         "range(3)", "f(", "x[0]", "r.lr", " "]

private func mutate(_ source: String, _ rng: inout SplitMix) -> String {
    var scalars = Array(source.unicodeScalars)
    for _ in 0..<(1 + rng.below(3)) {
        let at = scalars.isEmpty ? 0 : rng.below(scalars.count + 1)
        switch rng.below(7) {
        case 4, 5: // replace a digit or an operator with another (keeps most programs valid)
            let digits = Array("0123456789".unicodeScalars), operators = Array("+-*/%<>".unicodeScalars)
            let candidates = scalars.indices.filter { digits.contains(scalars[$0]) || operators.contains(scalars[$0]) }
            if !candidates.isEmpty {
                let i = candidates[rng.below(candidates.count)]
                let pool = digits.contains(scalars[i]) ? digits : operators
                scalars[i] = pool[rng.below(pool.count)]
            }
        case 0: // insert a fragment
            scalars.insert(contentsOf: fragments[rng.below(fragments.count)].unicodeScalars, at: at)
        case 1: // delete a span
            if !scalars.isEmpty {
                let start = min(at, scalars.count - 1)
                scalars.removeSubrange(start..<min(scalars.count, start + 1 + rng.below(6)))
            }
        case 2: // random printable ASCII
            scalars.insert(Unicode.Scalar(UInt8(32 + rng.below(95))), at: at)
        default: // duplicate a span
            if !scalars.isEmpty {
                let start = min(at, scalars.count - 1)
                let span = Array(scalars[start..<min(scalars.count, start + 1 + rng.below(12))])
                scalars.insert(contentsOf: span, at: rng.below(scalars.count + 1))
            }
        }
    }
    return String(String.UnicodeScalarView(scalars))
}

/// Thousands of mutated and random inputs: every one ends in a value or in diagnostics, never a crash
/// or a hang (the limits are small so runaway mutants stop quickly).
@Test func fuzzedInputsEndInDiagnostics() {
    // SMOL_FUZZ_ROUNDS / SMOL_FUZZ_SEED run a longer or different campaign by hand.
    let environment = ProcessInfo.processInfo.environment
    let rounds = environment["SMOL_FUZZ_ROUNDS"].flatMap(Int.init) ?? 3_000
    var rng = SplitMix(state: environment["SMOL_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED)
    let limits = Limits(maxSteps: 20_000, maxCallDepth: 40, maxNesting: 60, maxCollectionCount: 5_000, maxStringLength: 50_000)
    var compileErrors = 0, runtimeErrors = 0, successes = 0
    for round in 0..<rounds {
        let source: String
        if round % 10 == 9 {
            source = (0..<(1 + rng.below(30))).map { _ in fragments[rng.below(fragments.count)] }.joined()
        } else {
            source = mutate(seeds[rng.below(seeds.count)], &rng)
        }
        let host = MockHost()
        let interpreter = Interpreter(host: host, limits: limits)
        let checked = interpreter.check(source, file: "fuzz.smol")
        do {
            try interpreter.run(source, file: "fuzz.smol")
            successes += 1
            #expect(checked.isEmpty, "check and run disagree on:\n\(source)")
        } catch {
            switch error {
            case .compile(let diagnostics):
                compileErrors += 1
                #expect(diagnostics.map(\.message) == checked.map(\.message), "check and run disagree on:\n\(source)")
                #expect(host.invocations.isEmpty)
            case .runtime(let diagnostic):
                runtimeErrors += 1
                #expect(checked.isEmpty)
                #expect(!diagnostic.message.isEmpty)
            }
            #expect(error.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        }
    }
    // The mix exercises all three outcomes.
    #expect(compileErrors > rounds / 10 && runtimeErrors > rounds / 100 && successes > rounds / 10, "\(compileErrors) \(runtimeErrors) \(successes)")
}
