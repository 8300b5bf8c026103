import SmolCore
import SmolScript
import Testing

/// SmolScript measures diagnostics' carets with its own copy of the terminal-width table (it depends on
/// nothing of ours); the dataset tables use `SmolCore.DisplayWidth`. A caret and a table must agree.
@Suite struct DisplayWidthAgreementTests {
    @Test func everyScalarHasTheSameWidthInBothTables() {
        var disagreements: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }   // surrogates
            let core = DisplayWidth.of(scalar), script = Diagnostic.displayWidth(scalar)
            if core != script { disagreements.append("U+\(String(value, radix: 16, uppercase: true)): \(core) vs \(script)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) scalars differ, first: \(disagreements.prefix(5))")
    }

    @Test func controlAndZeroWidthCharactersTakeNoCell() {
        for scalar: Unicode.Scalar in ["\u{200B}", "\u{200D}", "\u{07}", "\u{1B}", "\u{301}"] {
            #expect(DisplayWidth.of(scalar) == 0 && Diagnostic.displayWidth(scalar) == 0, "U+\(String(scalar.value, radix: 16))")
        }
    }
}
