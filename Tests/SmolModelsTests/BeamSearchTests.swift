import SmolTestSupport
import SmolKernels
import SmolModels
import SmolTensor
import Testing

/// Beam search: width 1 is greedy; a beam as wide as the vocabulary finds the exhaustive best; results
/// do not depend on the thread count or on which prompts share a batch.
@Suite struct BeamSearchTests {
    static func model() throws -> LanguageModel { try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a")) }
    static let prompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200], [5, 17, 42, 99, 3]]

    @Test func widthOneIsGreedy() throws {
        let m = try Self.model()
        let greedy = try m.generate(Self.prompts, options: GenerationOptions(maxNewTokens: 24))
        let beam = try m.beamSearch(Self.prompts, options: BeamSearchOptions(beamWidth: 1, maxNewTokens: 24))
        #expect(beam.map(\.tokens) == greedy)
    }

    /// With width = vocabulary size and two steps, every two-token continuation is kept, so the best
    /// one is the exhaustive maximum of log p(t1) + log p(t2 | t1); its reported log-probability is
    /// the one the scorer gives the sequence.
    @Test func fullWidthBeamFindsTheExhaustiveBest() throws {
        let m = try Self.model()
        let prompt = [5, 17, 42]
        let V = m.config.vocabSize
        let beam = try m.beamSearch([prompt], options: BeamSearchOptions(beamWidth: V, lengthPenalty: 0, maxNewTokens: 2,
                                                                         stopAtEndOfSequence: false))[0]
        var best = -Double.infinity
        var bestPair = [Int]()
        let pairs = (0..<V).flatMap { t1 in (0..<V).map { t2 in [t1, t2] } }
        for (pair, scores) in zip(pairs, m.logProbabilities(pairs.map { prompt + $0 })) {
            // log p(t1 | prompt) + log p(t2 | prompt, t1)
            let total = Double(scores.logProbabilities[prompt.count - 1]) + Double(scores.logProbabilities[prompt.count])
            if total > best { best = total; bestPair = pair }
        }
        #expect(beam.tokens == bestPair)
        #expect(abs(beam.logProbability - best) < 1e-3)
    }

    @Test func identicalAcrossThreadsAndBatches() throws {
        let m = try Self.model()
        let options = BeamSearchOptions(beamWidth: 4, lengthPenalty: 1.0, maxNewTokens: 20)
        let together = try m.beamSearch(Self.prompts, options: options, engine: EngineOptions(threads: 1))
        #expect(try m.beamSearch(Self.prompts, options: options, engine: EngineOptions(threads: 2)) == together)
        for (i, prompt) in Self.prompts.enumerated() {
            #expect(try m.beamSearch([prompt], options: options, engine: EngineOptions(threads: 2))[0] == together[i], "prompt \(i)")
        }
        #expect(try m.beamSearch(Self.prompts, options: options) == together)   // a second run
    }

    @Test func wideBeamScoresAtLeastGreedyAtFixedLength() throws {
        let m = try Self.model()
        let fixed = { (w: Int) in BeamSearchOptions(beamWidth: w, lengthPenalty: 0, maxNewTokens: 12, stopAtEndOfSequence: false) }
        let greedy = try m.beamSearch(Self.prompts, options: fixed(1))
        let wide = try m.beamSearch(Self.prompts, options: fixed(6))
        for (g, w) in zip(greedy, wide) {
            #expect(w.tokens.count == 12 && w.logProbability >= g.logProbability - 1e-9)
        }
    }

    @Test func invalidOptionsAreErrors() throws {
        let m = try Self.model()
        #expect(throws: ModelError.self) { try m.beamSearch([[1]], options: BeamSearchOptions(beamWidth: 0)) }
        #expect(throws: ModelError.self) { try m.beamSearch([[1]], options: BeamSearchOptions(stopStrings: ["x"])) }
    }
}
