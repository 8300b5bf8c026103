import SmolModels
import Testing

@Suite struct StopStringsTests {
    /// A byte-level toy vocabulary: token i is the i-th string, decoded by concatenating the bytes, so a
    /// multi-byte character can be split over tokens (as byte-level BPE does).
    static let pieces: [[UInt8]] = [Array("The".utf8), Array(" answer".utf8), Array(" is".utf8), Array(":".utf8),
                                    Array(" 4".utf8), [0xC3], [0xA9], Array("\n".utf8), Array("x".utf8)]
    static func decode(_ ids: [Int]) -> String { String(decoding: ids.flatMap { pieces[$0] }, as: UTF8.self) }

    /// The continuation stops at the first token whose text completes a stop string.
    func firstStop(_ stops: StopStrings, _ ids: [Int]) -> Int? {
        (1...ids.count).first { stops.isReached(in: Array(ids.prefix($0))) }
    }

    @Test func stringsSpanningSeveralTokensOrPartOfOneAreFound() {
        let ids = [0, 1, 2, 3, 4, 7]   // "The answer is: 4\n"
        #expect(firstStop(StopStrings([" answer is"], decode: Self.decode), ids) == 3)
        #expect(firstStop(StopStrings(["is:"], decode: Self.decode), ids) == 4)
        #expect(firstStop(StopStrings(["answer"], decode: Self.decode), ids) == 2)
        #expect(firstStop(StopStrings(["nswe"], decode: Self.decode), ids) == 2)
        #expect(firstStop(StopStrings(["\n\n", "4\n"], decode: Self.decode), ids) == 6)
        #expect(firstStop(StopStrings(["answers"], decode: Self.decode), ids) == nil)
    }

    @Test func aCharacterSplitOverTokensMatchesOnlyWhenComplete() {
        let stops = StopStrings(["é"], decode: Self.decode)
        #expect(!stops.isReached(in: [0, 5]))
        #expect(stops.isReached(in: [0, 5, 6]))
    }

    @Test func onlyTheTailIsDecodedWhateverTheLength() {
        var longest = 0
        let stops = StopStrings([" answer is"]) { ids in longest = max(longest, ids.count); return Self.decode(ids) }
        let ids = [Int](repeating: 8, count: 5_000) + [1, 2]
        #expect(stops.isReached(in: ids))
        #expect(!stops.isReached(in: Array(ids.dropLast())))
        #expect(longest <= 64)
    }

    @Test func cutDropsTheEarliestStopStringAndEverythingAfter() {
        let stops = StopStrings(["is:", " answer"], decode: Self.decode)
        #expect(stops.cut("The answer is: 4") == "The")
        #expect(stops.cut("nothing here") == "nothing here")
        #expect(StopStrings(["é"], decode: Self.decode).cut("caféine") == "caf")
    }
}
