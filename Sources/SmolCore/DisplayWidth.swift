/// How many terminal cells text takes: East Asian wide and fullwidth characters and emoji take two,
/// combining marks, format characters (U+200B, U+200D…) and control characters none, everything else
/// one (a simplified wcwidth).
///
/// `SmolScript` (which depends on nothing of ours) keeps its own copy for diagnostics' carets,
/// `Diagnostic.displayWidth`; `SmolKitTests.DisplayWidthAgreementTests` holds the two equal for every
/// Unicode scalar.
public enum DisplayWidth {
    /// Cells taken by `text`.
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// Cells taken by one grapheme: its first scalar decides (a combining mark after it adds nothing),
    /// and an emoji variation selector (U+FE0F) makes it a two-cell picture.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return of(first)
    }

    /// Cells taken by one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` cut to at most `width` cells, ending in "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = "", used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }
}
