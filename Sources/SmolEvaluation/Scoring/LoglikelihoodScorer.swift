import SmolCore
import SmolKernels
import SmolModels
import SmolTokenizers

/// A context and a continuation whose log-likelihood is wanted (lm-evaluation-harness `loglikelihood`).
public struct LoglikelihoodRequest: Hashable, Sendable {
    public var context: String
    public var continuation: String

    public init(context: String, continuation: String) {
        self.context = context
        self.continuation = continuation
    }
}

/// What scoring a request gives.
public struct LoglikelihoodResult: Sendable, Equatable {
    /// Σ log p(continuation tokens | context), natural log.
    public var logLikelihood: Double
    /// Whether every continuation token is the model's argmax (lm-evaluation-harness `is_greedy`).
    public var isGreedy: Bool
    /// Continuation tokens.
    public var tokens: Int

    public init(logLikelihood: Double, isGreedy: Bool, tokens: Int) {
        self.logLikelihood = logLikelihood
        self.isGreedy = isGreedy
        self.tokens = tokens
    }
}

/// Results known from earlier runs, by request key (see `LoglikelihoodScorer.key`).
public protocol LoglikelihoodCache: AnyObject {
    func results(for keys: [String]) -> [String: LoglikelihoodResult]
    func store(_ results: [String: LoglikelihoodResult])
}

/// Scores log-likelihood requests with one model, the lm-evaluation-harness way, reusing work:
///
/// 1. Encoding (HF `_encode_pair`): trailing whitespace of the context moves to the continuation; the
///    whole text is encoded once and split at the token length of the context alone; the model reads
///    context tokens + continuation tokens. An empty context becomes the prefix token (BOS, else EOS).
///    No special tokens are added otherwise. A context too long for the model loses tokens on the left.
/// 2. Requests whose context tokens agree are one group: the context runs once
///    (`LanguageModel.scoreContinuations`, KV-cache reuse), groups are batched.
/// 3. A result is cached under SHA-256(identity, context, continuation), where the identity names the
///    model's hash and the engine, so the same request is never scored twice by the same model.
public final class LoglikelihoodScorer {
    public let bundle: ModelBundle
    /// The model's artifact hash and the engine that runs it: part of every cache key.
    public let identity: String
    public var engine: EngineOptions
    public var cache: LoglikelihoodCache?
    /// Polled between batches; a true answer stops scoring with `EvaluationError.cancelled`.
    public var isCancelled: () -> Bool = { false }
    /// Called after each batch with (requests done, requests to score).
    public var progress: (Int, Int) -> Void = { _, _ in }
    /// Requests scored by the model, and answered from the cache, since creation.
    public private(set) var scoredCount = 0, cachedCount = 0
    /// Token rows run through the model (contexts once per group, continuation tails).
    public private(set) var forwardTokens = 0

    private let tokenizer: Tokenizer
    private var encodedContexts: [String: [Int]] = [:]

    public init(bundle: ModelBundle, identity: String, engine: EngineOptions = EngineOptions(), cache: LoglikelihoodCache? = nil) throws {
        guard let tokenizer = bundle.tokenizer else {
            throw EvaluationError.unsupported("the model has no tokenizer; load a folder with tokenizer.json or attach one with tokenizer:")
        }
        self.bundle = bundle
        self.identity = identity
        self.engine = engine
        self.cache = cache
        self.tokenizer = tokenizer
    }

    /// The cache key of a request for this scorer.
    public func key(_ request: LoglikelihoodRequest) -> String {
        var bytes = Array(identity.utf8)
        bytes.append(0)
        bytes += Array(request.context.utf8)
        bytes.append(0)
        bytes += Array(request.continuation.utf8)
        return SHA256.hex(of: bytes)
    }

    /// The token the model reads before a continuation with an empty context.
    public var prefixToken: Int {
        tokenizer.bosTokenID ?? tokenizer.eosTokenID ?? bundle.model.config.bosTokenId ?? bundle.model.config.eosTokenIds.sorted().first ?? 0
    }

    /// The (context, continuation) token ids of a request, as described on the type.
    public func encode(_ request: LoglikelihoodRequest) -> (context: [Int], continuation: [Int]) {
        if request.context.isEmpty { return ([prefixToken], tokenizer.encode(request.continuation)) }
        var context = request.context.unicodeScalars, continuation = request.continuation
        var moved = ""
        while let last = context.last, last.properties.isWhitespace {
            moved = String(last) + moved
            context.removeLast()
        }
        continuation = moved + continuation
        let contextText = String(context)
        let contextTokens: [Int]
        if let known = encodedContexts[contextText] {
            contextTokens = known
        } else {
            contextTokens = tokenizer.encode(contextText)
            encodedContexts[contextText] = contextTokens
        }
        let whole = tokenizer.encode(contextText + continuation)
        return (contextTokens, Array(whole.dropFirst(contextTokens.count)))
    }

    /// Scores `requests` (in any order; duplicates scored once) and returns their results in order.
    public func score(_ requests: [LoglikelihoodRequest]) throws -> [LoglikelihoodResult] {
        let keys = requests.map(key)
        var known = cache?.results(for: Array(Set(keys))) ?? [:]
        var pending: [Int] = []              // first index of each distinct unknown request
        var seen = Set<String>()
        for (i, k) in keys.enumerated() where known[k] == nil && seen.insert(k).inserted { pending.append(i) }
        cachedCount += requests.count - pending.count

        // Group the unknown requests by their context tokens.
        var groups: [ContinuationGroup] = [], members: [[Int]] = [], groupOf: [[Int]: Int] = [:]
        let positions = bundle.model.config.maxPositionEmbeddings
        for i in pending {
            let (context, continuation) = encode(requests[i])
            if let g = groupOf[context] {
                groups[g].continuations.append(continuation)
                members[g].append(i)
            } else {
                groupOf[context] = groups.count
                groups.append(ContinuationGroup(context: context, continuations: [continuation]))
                members.append([i])
            }
        }
        for g in groups.indices {
            let longest = groups[g].continuations.map(\.count).max() ?? 0
            let room = max(positions + 1 - longest, 1)
            if groups[g].context.count > room { groups[g].context = Array(groups[g].context.suffix(room)) }
        }

        // Batches of groups, each cached as soon as it is scored (a cancelled run keeps its work).
        var done = 0, start = 0
        progress(0, pending.count)
        while start < groups.count {
            if isCancelled() { throw EvaluationError.cancelled }
            var end = start, rows = 0
            repeat {
                rows += groups[end].context.count + groups[end].continuations.reduce(0) { $0 + max($1.count - 1, 0) }
                end += 1
            } while end < groups.count && rows < 2048
            let scores = bundle.model.scoreContinuations(Array(groups[start..<end]), engine: engine)
            var fresh: [String: LoglikelihoodResult] = [:]
            for (offset, groupScores) in scores.enumerated() {
                for (k, tokenScores) in groupScores.enumerated() {
                    let request = members[start + offset][k]
                    let tokens = groups[start + offset].continuations[k].count
                    let summed = tokenScores.continuation(lastTokens: tokens)
                    fresh[keys[request]] = LoglikelihoodResult(logLikelihood: summed.logLikelihood, isGreedy: summed.isGreedy, tokens: tokens)
                    done += 1
                }
            }
            forwardTokens += rows
            cache?.store(fresh)
            known.merge(fresh) { $1 }
            scoredCount += fresh.count
            progress(done, pending.count)
            start = end
        }
        return keys.map { known[$0]! }
    }
}
