import SmolTestSupport
import SmolKernels
import SmolModels
import SmolTensor
import Testing

@Suite struct GenerationTests {
    static func model() throws -> LanguageModel { try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a")) }

    /// Greedy decoding with the KV cache equals re-running the whole sequence and taking the argmax.
    @Test func cachedGreedyEqualsUncachedRecomputation() throws {
        let m = try Self.model()
        let prompt = [5, 17, 42, 99, 3]
        let generated = try m.generate([prompt], options: GenerationOptions(maxNewTokens: 12))[0]
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
        #expect(try m.generate(prompts, options: options, engine: EngineOptions(threads: 2, backend: .openblas)) == m.generate(prompts, options: options))
    }

    @Test func batchedPromptsOfDifferentLengthsMatchSeparateRuns() throws {
        let m = try Self.model()
        let prompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200]]
        let options = GenerationOptions(maxNewTokens: 6, temperature: 0.8, topK: 40, topP: 0.9, seed: 11)
        let together = try m.generate(prompts, options: options, engine: EngineOptions(threads: 2))
        for (i, prompt) in prompts.enumerated() {
            // Alone, prompt i must use the same stream i: pad the batch with earlier prompts.
            let alone = try m.generate(Array(prompts[...i]), options: options, engine: EngineOptions(threads: 1))[i]
            #expect(together[i] == alone, "prompt \(i)")
            _ = prompt
        }
    }

    @Test func samplingIsSeededAndTopKOneIsGreedy() throws {
        let m = try Self.model()
        let prompt = [[4, 5, 6]]
        let sampled = GenerationOptions(maxNewTokens: 10, temperature: 1.0, seed: 3)
        #expect(try m.generate(prompt, options: sampled) == m.generate(prompt, options: sampled))
        var other = sampled
        other.seed = 4
        #expect(try m.generate(prompt, options: sampled) != m.generate(prompt, options: other))
        let greedy = try m.generate(prompt, options: GenerationOptions(maxNewTokens: 10))
        #expect(try m.generate(prompt, options: GenerationOptions(maxNewTokens: 10, temperature: 1.5, topK: 1, seed: 9)) == greedy)
        #expect(try m.generate(prompt, options: GenerationOptions(maxNewTokens: 10, temperature: 1.5, topP: 1e-6, seed: 9)) == greedy)
    }

    /// Outputs recorded from the engine before KV caches grew in chunks (caches then held prompt +
    /// maxNewTokens rows from the start); 40 new tokens cross the first 32-row chunk.
    static let recordedPrompts = [[1, 2, 3], [7, 8, 9, 10, 11, 12, 13], [200], [5, 17, 42, 99, 3]]
    static let recordedSampled: [[Int]] = [
        [154, 151, 154, 124, 239, 1, 299, 238, 144, 151, 151, 119, 168, 164, 315, 99, 99, 191, 151, 235, 215, 158, 114, 195, 136, 71, 264, 173, 102, 197, 305, 239, 140, 25, 136, 120, 136, 251, 208, 136],
        [6, 28, 77, 77, 12, 276, 264, 59, 94, 290, 4, 17, 59, 235, 301, 43, 1, 113, 31, 62, 32, 131, 131, 50, 50, 279, 31, 102, 124, 239, 246, 25, 306, 282, 91, 196, 1, 29, 221, 84],
        [196, 36, 8, 239, 268, 268, 248, 36, 248, 191, 26, 136, 28, 240, 176, 134, 159, 271, 41, 158, 10, 302, 215, 240, 155, 276, 25, 169, 130, 6, 96, 218, 216, 37, 254, 187, 254, 93, 121, 121],
        [52, 165, 232, 123, 19, 19, 232, 3, 120, 174, 136, 24, 43, 187, 289, 206, 47, 136, 231, 77, 123, 213, 226, 136, 134, 115, 47, 299, 151, 151, 151, 148, 42, 96, 163, 90, 120, 65, 68, 27],
    ]

    @Test func growingCachesGiveTheOutputsRecordedBeforeTheChange() throws {
        let m = try Self.model()
        let sampled = GenerationOptions(maxNewTokens: 40, temperature: 0.8, topK: 40, topP: 0.9, seed: 11)
        #expect(try m.generate(Self.recordedPrompts, options: sampled, engine: EngineOptions(threads: 2)) == Self.recordedSampled)
        let greedy = try m.generate(Self.recordedPrompts, options: GenerationOptions(maxNewTokens: 40), engine: EngineOptions(threads: 2))
        #expect(greedy == [3, 13, 200, 3].map { [Int](repeating: $0, count: 40) })
    }

    @Test func greedyBatchEqualsEachPromptAlone() throws {
        let m = try Self.model()
        let prompts = Self.recordedPrompts + [[250, 1, 77, 3, 3, 9, 14, 15, 16, 200, 201]]
        let options = GenerationOptions(maxNewTokens: 40)
        let together = try m.generate(prompts, options: options, engine: EngineOptions(threads: 2))
        for (i, prompt) in prompts.enumerated() {
            #expect(try m.generate([prompt], options: options, engine: EngineOptions(threads: 1))[0] == together[i], "prompt \(i)")
        }
    }

    @Test func invalidPromptsAndOptionsThrowInsteadOfCrashing() throws {
        let m = try Self.model()   // 256 positions, 320 tokens
        func rejects(_ prompts: [[Int]], _ options: GenerationOptions, _ fragment: String) {
            do {
                _ = try m.generate(prompts, options: options)
                Issue.record("accepted \(prompts) \(options)")
            } catch {
                #expect("\(error)".contains(fragment), "\(error)")
            }
        }
        rejects([[1, 2], []], GenerationOptions(maxNewTokens: 4), "prompt 1 is empty")
        rejects([[1, 320]], GenerationOptions(maxNewTokens: 4), "token 320 outside the vocabulary")
        rejects([[1, 2, 3]], GenerationOptions(maxNewTokens: 254), "lower maxNewTokens to at most 253")
        rejects([[1]], GenerationOptions(maxNewTokens: 100_000_000_000), "max_position_embeddings")
        rejects([[1]], GenerationOptions(maxNewTokens: Int.max), "max_position_embeddings")
        rejects([[1]], GenerationOptions(maxNewTokens: -1), "maxNewTokens is -1")
        rejects([[1]], GenerationOptions(temperature: -0.5), "temperature is -0.5")
        rejects([[1]], GenerationOptions(temperature: .nan), "temperature is nan")
        rejects([[1]], GenerationOptions(topK: -2), "topK is -2")
        rejects([[1]], GenerationOptions(topP: 0), "topP is 0.0")
        rejects([[1]], GenerationOptions(topP: 1.5), "topP is 1.5")
        rejects([[1]], GenerationOptions(topP: .nan), "topP is nan")
        // The limits themselves are fine: exactly all positions, and zero new tokens.
        #expect(try m.generate([[1, 2, 3]], options: GenerationOptions(maxNewTokens: 253))[0].count == 253)
        #expect(try m.generate([[1], [2, 3]], options: GenerationOptions(maxNewTokens: 0)) == [[], []])
    }

    /// A stop string ends only the sequence whose text contains it; the tokens up to the one completing
    /// it are returned (the caller cuts the text), the other sequences run on.
    @Test func stopStringsEndEachSequenceOfABatchOnItsOwn() throws {
        let m = try Self.model()
        let sampled = GenerationOptions(maxNewTokens: 40, temperature: 0.8, topK: 40, topP: 0.9, seed: 11)
        let decode: ([Int]) -> String = { $0.map { "<\($0)>" }.joined() }
        // Sequence 1 continues 6, 28, 77, 77, 12, …: "77><12>" spans two tokens.
        var stopped = sampled
        stopped.stopStrings = ["77><12>"]
        let out = try m.generate(Self.recordedPrompts, options: stopped, engine: EngineOptions(threads: 2), decode: decode)
        #expect(out[1] == [6, 28, 77, 77, 12])
        #expect(StopStrings(stopped.stopStrings, decode: decode).cut(decode(out[1])) == "<6><28><77><")
        for i in [0, 2, 3] { #expect(out[i] == Self.recordedSampled[i], "prompt \(i)") }
    }

    @Test func stopTokensEndASequenceAndCancellationStopsEarly() throws {
        let m = try Self.model()
        let greedy = try m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8))[0]
        let stop = greedy[3]
        let firstStop = greedy.firstIndex(of: stop)!
        let stopped = try m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8, stopTokens: [stop]))[0]
        #expect(stopped == Array(greedy[..<firstStop]))
        var calls = 0
        let cancelled = try m.generate([[9, 9, 9]], options: GenerationOptions(maxNewTokens: 8),
                                       isCancelled: { calls += 1; return calls > 2 })
        #expect(cancelled[0] == Array(greedy.prefix(2)))
    }
}

@Suite struct GenerationStopTests {
    static func model() throws -> LanguageModel { try LanguageModel.load(path: try GoldenFixtures.path("tiny-llama-a")) }

    /// The config's end-of-sequence ids stop a sequence like stop tokens (not returned), unless
    /// `stopAtEndOfSequence` is off. tiny-llama-a's eos_token_id is 0; a sampled run that meets 0 shows both.
    @Test func endOfSequenceIdsStopUnlessTurnedOff() throws {
        let m = try Self.model()
        #expect(m.config.eosTokenIds == [0])
        let seed = try #require((UInt64(0)..<200).first { seed in
            let free = try? m.generate([[4, 5, 6]], options: GenerationOptions(maxNewTokens: 24, temperature: 1.5, seed: seed,
                                                                               stopAtEndOfSequence: false))[0]
            return free.map { $0.dropFirst().contains(0) } ?? false
        })
        var options = GenerationOptions(maxNewTokens: 24, temperature: 1.5, seed: seed, stopAtEndOfSequence: false)
        let free = try m.generate([[4, 5, 6]], options: options)[0]
        options.stopAtEndOfSequence = true
        let stopped = try m.generate([[4, 5, 6]], options: options)[0]
        #expect(stopped == Array(free[..<free.firstIndex(of: 0)!]))
    }

    @Test func stopStringsNeedADecoderAndMayNotBeEmpty() throws {
        let m = try Self.model()
        #expect(throws: ModelError.self) { try m.generate([[1]], options: GenerationOptions(stopStrings: ["x"])) }
        let empty = GenerationOptions(stopStrings: ["a", ""])
        #expect(throws: ModelError.self) { try empty.validate() }
        #expect(throws: ModelError.self) { try m.generate([[1]], options: empty, decode: { _ in "" }) }
    }

    /// Prompt errors carry the prompt's index (and, for a prompt too long, the numbers a caller needs to
    /// name its own argument).
    @Test func promptErrorsAreStructured() throws {
        let m = try Self.model()   // 256 positions
        do {
            _ = try m.generate([[1], [1, 2, 3]], options: GenerationOptions(maxNewTokens: 254))
            Issue.record("accepted a prompt too long")
        } catch let ModelError.promptTooLong(index, tokens, maxNewTokens, positions) {
            #expect([index, tokens, maxNewTokens, positions] == [1, 3, 254, 256])
        }
        do {
            _ = try m.generate([[1], []], options: GenerationOptions())
            Issue.record("accepted an empty prompt")
        } catch let ModelError.invalidPrompt(index, what) {
            #expect(index == 1 && what.hasPrefix("is empty"))
        }
    }
}
