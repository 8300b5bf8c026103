import SmolKernels
import SmolModels
import SmolTensor
import Testing

@Suite struct GenerationTests {
    static func model() throws -> LanguageModel { try LanguageModel.load(path: try Fixtures.path("tiny-llama-a")) }

    /// Greedy decoding with the KV cache equals re-running the whole sequence and taking the argmax.
    @Test func cachedGreedyEqualsUncachedRecomputation() throws {
        let m = try Self.model()
        let prompt = [5, 17, 42, 99, 3]
        let generated = m.generate([prompt], options: GenerationOptions(maxNewTokens: 12))[0]
        #expect(generated.count == 12)
        var sequence = prompt
        for _ in 0..<12 {
            let logits = m.logits(Tape(recording: false), ids: sequence, batch: 1, length: sequence.count)
            let last = Array(logits.values.suffix(m.config.vocabSize))
            sequence.append(last.indices.max { last[$0] < last[$1] || (last[$0] == last[$1] && $0 > $1) }!)
        }
        #expect(generated == Array(sequence.dropFirst(prompt.count)))
    }

    /// The OpenBLAS cross-check backend continues the same prompts with the same greedy tokens.
    @Test func openBLASBackendGivesTheSameGreedyTokens() throws {
        let m = try Self.model()
        let prompts = [[5, 17, 42, 99, 3], [8, 1]]
        let options = GenerationOptions(maxNewTokens: 10)
        #expect(m.generate(prompts, options: options, threads: 2, backend: .openblas) == m.generate(prompts, options: options))
    }

    @Test func batchedPromptsOfDifferentLengthsMatchSeparateRuns() throws {
        let m = try Self.model()
        let prompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200]]
        let options = GenerationOptions(maxNewTokens: 6, temperature: 0.8, topK: 40, topP: 0.9, seed: 11)
        let together = m.generate(prompts, options: options, threads: 2)
        for (i, prompt) in prompts.enumerated() {
            // Alone, prompt i must use the same stream i: pad the batch with earlier prompts.
            let alone = m.generate(Array(prompts[...i]), options: options, threads: 1)[i]
            #expect(together[i] == alone, "prompt \(i)")
            _ = prompt
        }
    }

    @Test func samplingIsSeededAndTopKOneIsGreedy() throws {
        let m = try Self.model()
        let prompt = [[4, 5, 6]]
        let sampled = GenerationOptions(maxNewTokens: 10, temperature: 1.0, seed: 3)
        #expect(m.generate(prompt, options: sampled) == m.generate(prompt, options: sampled))
        var other = sampled
        other.seed = 4
        #expect(m.generate(prompt, options: sampled) != m.generate(prompt, options: other))
        let greedy = m.generate(prompt, options: GenerationOptions(maxNewTokens: 10))
        #expect(m.generate(prompt, options: GenerationOptions(maxNewTokens: 10, temperature: 1.5, topK: 1, seed: 9)) == greedy)
        #expect(m.generate(prompt, options: GenerationOptions(maxNewTokens: 10, temperature: 1.5, topP: 1e-6, seed: 9)) == greedy)
    }

    @Test func stopTokensEndASequenceAndCancellationStopsEarly() throws {
        let m = try Self.model()
        let greedy = m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8))[0]
        let stop = greedy[3]
        let firstStop = greedy.firstIndex(of: stop)!
        let stopped = m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8, stopTokens: [stop]))[0]
        #expect(stopped == Array(greedy[..<firstStop]))
        var calls = 0
        let cancelled = m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8)) { calls += 1; return calls > 2 }
        #expect(cancelled[0] == Array(greedy.prefix(2)))
    }
}
