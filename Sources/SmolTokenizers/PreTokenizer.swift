// Pre-tokenizers: split normalised text into the pieces BPE encodes one by one.
// Pieces are byte ranges into a UTF-8 buffer; a stage that must insert bytes (ByteLevel's
// add_prefix_space) rebuilds the buffer.

import Foundation

/// How a Split pre-tokenizer treats the pieces its pattern matches (HF `SplitDelimiterBehavior`).
enum SplitBehavior: String, Sendable {
    case removed = "Removed", isolated = "Isolated", mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext", contiguous = "Contiguous"
}

/// A compiled Split pattern: a literal string or a regular expression (ICU, through NSRegularExpression).
final class SplitPattern: @unchecked Sendable, Equatable {
    // NSRegularExpression is immutable once built and documented as safe to share between threads.
    let isRegex: Bool
    let source: String
    let regex: NSRegularExpression?

    init(isRegex: Bool, source: String, path: String) throws {
        self.isRegex = isRegex
        self.source = source
        if isRegex {
            do { regex = try NSRegularExpression(pattern: source, options: []) } catch {
                throw TokenizerError.invalidField(path: path, field: "pre_tokenizer.pattern.Regex",
                                                  reason: "is not a valid regular expression (\(source))")
            }
        } else {
            regex = nil
        }
    }

    static func == (a: SplitPattern, b: SplitPattern) -> Bool { a.isRegex == b.isRegex && a.source == b.source }

    /// Byte ranges of the non-empty matches of the pattern inside `range`.
    func matches(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        if let regex {
            // The regex reports UTF-16 offsets. They are converted to byte offsets by walking the UTF-8
            // bytes scalar by scalar, never through String.Index: a match may start or end inside a
            // grapheme cluster (a letter and its combining mark), which Character-based ranges reject.
            let piece = UnsafeBufferPointer(rebasing: p[range])
            let text = String(decoding: piece, as: UTF8.self)
            var cursor = UTF16ToUTF8Cursor(piece)
            for m in regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)) where m.range.length > 0 {
                let lo = cursor.byteOffset(ofUTF16Offset: m.range.location)
                let hi = cursor.byteOffset(ofUTF16Offset: m.range.location + m.range.length)
                result.append((range.lowerBound + lo)..<(range.lowerBound + hi))
            }
        } else {
            let needle = Array(source.utf8)
            guard !needle.isEmpty else { return [] }
            var i = range.lowerBound
            while i + needle.count <= range.upperBound {
                var same = true
                for k in 0..<needle.count where p[i + k] != needle[k] { same = false; break }
                if same { result.append(i..<(i + needle.count)); i += needle.count } else { i += 1 }
            }
        }
        return result
    }
}

/// Converts increasing UTF-16 offsets into byte offsets of a valid UTF-8 buffer in one forward pass.
struct UTF16ToUTF8Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private var unit = 0
    private var byte = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The byte offset where UTF-16 offset `target` falls; targets must not decrease between calls.
    mutating func byteOffset(ofUTF16Offset target: Int) -> Int {
        while unit < target && byte < bytes.count {
            let lead = bytes[byte]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            unit += length == 4 ? 2 : 1   // scalars above U+FFFF are a surrogate pair in UTF-16
            byte = min(bytes.count, byte + length)
        }
        return byte
    }
}

/// A pre-tokenizer of a byte-level BPE tokenizer.json.
indirect enum PreTokenizer: Sendable, Equatable {
    /// GPT-2's regex split (when `useRegex`), optional leading space; bytes become the byte-level alphabet later.
    case byteLevel(addPrefixSpace: Bool, trimOffsets: Bool, useRegex: Bool)
    /// Numbers isolated: every digit alone (`individual`) or runs of digits.
    case digits(individual: Bool)
    /// A pattern split with a delimiter behaviour; `invert` splits on what does not match.
    case split(SplitPattern, behavior: SplitBehavior, invert: Bool)
    /// Each pre-tokenizer applied to the pieces of the previous one.
    case sequence([PreTokenizer])

    /// Splits `pieces` (ranges into `buffer`) further; empty pieces are dropped.
    func apply(_ buffer: inout [UInt8], _ pieces: inout [Range<Int>]) {
        switch self {
        case .sequence(let stages):
            for stage in stages { stage.apply(&buffer, &pieces) }
        case .byteLevel(let addPrefixSpace, _, let useRegex):
            if addPrefixSpace { PreTokenizer.prefixSpaces(&buffer, &pieces) }
            guard useRegex else { return }
            var out: [Range<Int>] = []
            out.reserveCapacity(pieces.count * 2)
            buffer.withUnsafeBufferPointer { p in
                for r in pieces { GPT2Splitter.split(p, r, into: &out) }
            }
            pieces = out
        case .digits(let individual):
            var out: [Range<Int>] = []
            buffer.withUnsafeBufferPointer { p in
                for r in pieces { PreTokenizer.splitDigits(p, r, individual: individual, into: &out) }
            }
            pieces = out
        case .split(let pattern, let behavior, let invert):
            var out: [Range<Int>] = []
            buffer.withUnsafeBufferPointer { p in
                for r in pieces {
                    let found = pattern.matches(p, r)
                    PreTokenizer.applyBehavior(found, in: r, behavior: behavior, invert: invert, into: &out)
                }
            }
            pieces = out
        }
    }

    /// Inserts U+0020 before every piece that does not start with one (ByteLevel add_prefix_space).
    static func prefixSpaces(_ buffer: inout [UInt8], _ pieces: inout [Range<Int>]) {
        guard pieces.contains(where: { buffer[$0.lowerBound] != 0x20 }) else { return }
        var rebuilt: [UInt8] = []
        rebuilt.reserveCapacity(buffer.count + pieces.count)
        var ranges: [Range<Int>] = []
        for r in pieces {
            let start = rebuilt.count
            if buffer[r.lowerBound] != 0x20 { rebuilt.append(0x20) }
            rebuilt.append(contentsOf: buffer[r])
            ranges.append(start..<rebuilt.count)
        }
        buffer = rebuilt
        pieces = ranges
    }

    /// Isolates numeric scalars (general category Nd, Nl, No), each alone or as runs.
    static func splitDigits(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, individual: Bool, into out: inout [Range<Int>]) {
        var i = range.lowerBound
        var runStart = i
        var runIsNumber = false
        while i < range.upperBound {
            let (c, n) = decodeScalar(p, i)
            let isNumber = ScalarClasses.of(c) == .number
            if isNumber && individual {
                if runStart < i { out.append(runStart..<i) }
                out.append(i..<(i + n))
                runStart = i + n
            } else if i > runStart && isNumber != runIsNumber {
                out.append(runStart..<i)
                runStart = i
            }
            runIsNumber = isNumber
            i += n
        }
        if runStart < range.upperBound { out.append(runStart..<range.upperBound) }
    }

    /// HF's split-with-behaviour over the matches of one piece.
    static func applyBehavior(_ found: [Range<Int>], in range: Range<Int>, behavior: SplitBehavior, invert: Bool,
                              into out: inout [Range<Int>]) {
        // Cover the piece with (range, isMatch) parts, as HF's find_matches does.
        var parts: [(Range<Int>, Bool)] = []
        var previous = range.lowerBound
        for m in found {
            if m.lowerBound > previous { parts.append((previous..<m.lowerBound, invert)) }
            parts.append((m, !invert))
            previous = m.upperBound
        }
        if previous < range.upperBound { parts.append((previous..<range.upperBound, invert)) }

        var merged: [Range<Int>] = []
        switch behavior {
        case .isolated:
            merged = parts.map { $0.0 }
        case .removed:
            merged = parts.filter { !$0.1 }.map { $0.0 }
        case .mergedWithPrevious:
            var previousMatch = false
            for (r, isMatch) in parts {
                if isMatch && !previousMatch, let last = merged.last {
                    merged[merged.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    merged.append(r)
                }
                previousMatch = isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for (r, isMatch) in parts.reversed() {
                if isMatch && !previousMatch, let last = merged.last {
                    merged[merged.count - 1] = r.lowerBound..<last.upperBound
                } else {
                    merged.append(r)
                }
                previousMatch = isMatch
            }
            merged.reverse()
        case .contiguous:
            var previousMatch = false
            for (r, isMatch) in parts {
                if isMatch == previousMatch, let last = merged.last {
                    merged[merged.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    merged.append(r)
                }
                previousMatch = isMatch
            }
        }
        out.append(contentsOf: merged.filter { !$0.isEmpty })
    }
}
