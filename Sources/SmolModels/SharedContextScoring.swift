import SmolKernels
import SmolTensor

/// Continuations to score after one shared context (the choices of a multiple-choice item).
public struct ContinuationGroup: Sendable, Equatable {
    /// The context tokens (at least one: lm-evaluation-harness puts a BOS/EOS token before an empty context).
    public var context: [Int]
    /// The continuations; an empty one scores 0 and counts as greedy.
    public var continuations: [[Int]]

    public init(context: [Int], continuations: [[Int]]) {
        self.context = context
        self.continuations = continuations
    }
}

extension LanguageModel {
    /// Scores every continuation of every group (forward only), running each group's context once:
    /// its keys and values are kept in a cache, the first continuation token of every choice is read
    /// from the context's last row, and the remaining tokens of each continuation run against a copy of
    /// that cache. Groups are batched, contexts of several groups in one prefill and the continuations
    /// of those groups in one pass, so a pass stays near `rowBudget` token rows.
    ///
    /// The result equals `logProbabilities(context + continuation)` restricted to the continuation's
    /// tokens up to float rounding (matrix shapes differ, not the arithmetic).
    ///
    /// Precondition: every context is non-empty, tokens are inside the vocabulary, and context +
    /// continuation − 1 ≤ `maxPositionEmbeddings` (callers truncate contexts from the left first).
    ///
    /// groups: G × (context, C_g continuations) -> G × C_g scores (one per continuation token)
    public func scoreContinuations(_ groups: [ContinuationGroup], engine: EngineOptions = EngineOptions(),
                                   rowBudget: Int = 1024) -> [[TokenScores]] {
        var results = groups.map { group in
            group.continuations.map { _ in TokenScores(logProbabilities: [], isGreedy: []) }
        }
        var start = 0
        while start < groups.count {
            var end = start, rows = 0
            repeat {
                let g = groups[end]
                rows += g.context.count + g.continuations.reduce(0) { $0 + max($1.count - 1, 0) }
                end += 1
            } while end < groups.count && rows + groups[end].context.count <= rowBudget
            scoreChunk(groups, start..<end, into: &results, engine: engine)
            start = end
        }
        return results
    }

    /// One prefill of the contexts of `range`, then one pass over their continuations' tails.
    private func scoreChunk(_ groups: [ContinuationGroup], _ range: Range<Int>, into results: inout [[TokenScores]],
                            engine: EngineOptions) {
        let c = config, width = c.numKeyValueHeads * c.headDim
        let chunk = Array(groups[range])
        for group in chunk {
            precondition(!group.context.isEmpty, "scoreContinuations: a context needs at least one token (a BOS or EOS before an empty one)")
            let longest = group.continuations.map(\.count).max() ?? 0
            precondition(group.context.count + longest - 1 <= c.maxPositionEmbeddings,
                         "scoreContinuations: context + continuation exceed max_position_embeddings; truncate the context first")
        }
        let positions = chunk.map { $0.context.count + ($0.continuations.map(\.count).max() ?? 0) }.max()!
        let tables = RotaryTables(headDim: c.headDim, theta: c.ropeTheta, positions: max(positions, 1))

        // Prefill: every context once; its last row predicts the first token of each continuation.
        let caches = chunk.map { KVCache(layers: c.numHiddenLayers, width: width, capacity: $0.context.count) }
        let hidden = cachedHiddenStates(Tape(engine: engine, recording: false), chunk.map(\.context), caches: caches, tables: tables)  // [ΣT, d]
        var lastRows: [Int] = []
        var offset = 0
        for group in chunk {
            offset += group.context.count
            lastRows.append(offset - 1)
        }
        var firstRows: [Int] = [], firstLabels: [Int] = []
        for (g, group) in chunk.enumerated() {
            for continuation in group.continuations where !continuation.isEmpty {
                firstRows.append(lastRows[g])
                firstLabels.append(continuation[0])
            }
        }
        let first = labelScores(hidden, rows: firstRows, labels: firstLabels, engine: engine)

        // Tails: token t + 1 of a continuation is read from row t of its own pass over tokens 0..<m-1.
        var tailTokens: [[Int]] = [], tailCaches: [KVCache] = [], owners: [(group: Int, choice: Int)] = []
        for (g, group) in chunk.enumerated() {
            for (k, continuation) in group.continuations.enumerated() where continuation.count >= 2 {
                let copy = KVCache(layers: c.numHiddenLayers, width: width, capacity: group.context.count + continuation.count - 1)
                for l in 0..<c.numHiddenLayers {
                    copy.keys[l].update(from: caches[g].keys[l], count: group.context.count * width)
                    copy.values[l].update(from: caches[g].values[l], count: group.context.count * width)
                }
                copy.length = group.context.count
                tailTokens.append(Array(continuation.dropLast()))
                tailCaches.append(copy)
                owners.append((g, k))
            }
        }
        var tails: [[(logProbability: Float, isGreedy: Bool)]] = []
        if !tailTokens.isEmpty {
            let tailHidden = cachedHiddenStates(Tape(engine: engine, recording: false), tailTokens, caches: tailCaches, tables: tables)
            var labels: [Int] = [], rowsWanted: [Int] = []
            var row = 0
            for (s, tokens) in tailTokens.enumerated() {
                let continuation = chunk[owners[s].group].continuations[owners[s].choice]
                for t in 0..<tokens.count {
                    rowsWanted.append(row + t)
                    labels.append(continuation[t + 1])
                }
                row += tokens.count
            }
            let picked = labelScores(tailHidden, rows: rowsWanted, labels: labels, engine: engine)
            var cursor = 0
            for tokens in tailTokens {
                tails.append(Array(picked[cursor..<cursor + tokens.count]))
                cursor += tokens.count
            }
        }

        var tailIndex = 0, firstIndex = 0
        for (g, group) in chunk.enumerated() {
            for (k, continuation) in group.continuations.enumerated() {
                guard !continuation.isEmpty else { continue }
                var scores = TokenScores(logProbabilities: [first[firstIndex].logProbability], isGreedy: [first[firstIndex].isGreedy])
                firstIndex += 1
                if continuation.count >= 2 {
                    for entry in tails[tailIndex] {
                        scores.logProbabilities.append(entry.logProbability)
                        scores.isGreedy.append(entry.isGreedy)
                    }
                    tailIndex += 1
                }
                results[range.lowerBound + g][k] = scores
            }
        }
    }

    /// log p(label | row) and whether the label is the row's argmax, for chosen rows of `hidden`; the
    /// head runs over at most 256 rows at a time so the logits stay small. hidden: [N, d] -> R entries
    private func labelScores(_ hidden: Tensor, rows: [Int], labels: [Int], engine: EngineOptions) -> [(logProbability: Float, isGreedy: Bool)] {
        let d = config.hiddenSize, vocab = config.vocabSize
        var out: [(logProbability: Float, isGreedy: Bool)] = []
        out.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let end = min(start + 256, rows.count)
            let tape = Tape(engine: engine, recording: false)
            let selected = Tensor(zeros: [end - start, d])
            for i in start..<end { (selected.data + (i - start) * d).update(from: hidden.data + rows[i] * d, count: d) }
            let logits = tape.linear(selected, lmHead)                                         // [r, V]
            let scores = tape.tokenLogProbabilities(logits, labels: Array(labels[start..<end])) // [r]
            for i in start..<end {
                let r = i - start
                out.append((scores.data[r], Sampler.argmax(logits.data + r * vocab, count: vocab) == labels[i]))
            }
            start = end
        }
        return out
    }
}
