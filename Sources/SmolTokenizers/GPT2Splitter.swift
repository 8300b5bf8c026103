// A hand-written scanner equivalent to the GPT-2 / ByteLevel pre-tokenizer regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// over UTF-8 bytes. Alternatives are tried in the regex's order at each position, so the
// pieces are exactly the regex's leftmost matches (which cover the whole input).

enum GPT2Splitter {
    /// Appends the regex's matches inside `range` of `p` to `out`.
    static func split(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [Range<Int>]) {
        let end = range.upperBound
        var i = range.lowerBound
        while i < end {
            let b = p[i]
            // 's 't 'm 'd 're 've 'll (case-sensitive, as in GPT-2).
            if b == 0x27, i + 1 < end {
                let c1 = p[i + 1]
                if c1 == 0x73 || c1 == 0x74 || c1 == 0x6D || c1 == 0x64 {
                    out.append(i..<(i + 2)); i += 2; continue
                }
                if i + 2 < end {
                    let c2 = p[i + 2]
                    if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) {
                        out.append(i..<(i + 3)); i += 3; continue
                    }
                }
            }
            let (c, n) = decodeScalar(p, i)
            var cls = ScalarClasses.of(c)
            var j = i + n
            // " ?X+" where X is letter, number or other: an optional single U+0020 then a run.
            if c == 0x20, j < end {
                let (c2, n2) = decodeScalar(p, j)
                let cls2 = ScalarClasses.of(c2)
                if cls2 != .space { cls = cls2; j += n2 }
            }
            if cls != .space {
                while j < end {
                    let (cj, nj) = decodeScalar(p, j)
                    if ScalarClasses.of(cj) != cls { break }
                    j += nj
                }
                out.append(i..<j)
                i = j
                continue
            }
            // Whitespace: \s+(?!\S) takes the run but leaves its last scalar when a non-space follows;
            // a single whitespace before a non-space falls to \s+.
            var lastStart = i
            while j < end {
                let (cj, nj) = decodeScalar(p, j)
                if ScalarClasses.of(cj) != .space { break }
                lastStart = j
                j += nj
            }
            if j < end && lastStart > i {
                out.append(i..<lastStart); i = lastStart
            } else {
                out.append(i..<j); i = j
            }
        }
    }
}
