import Foundation
import SmolCore

/// Multiple choice through lm-evaluation-harness: `export` writes one task per (condition, request
/// kind) whose documents carry smol's prompts verbatim (the context and every continuation, as smol's
/// scorer would send them) and everything a per-item record needs; `records` reads lm-eval's
/// per-sample logs (`samples_<task>_*.jsonl`, `--log_samples`) back into `ItemRecord`s, so every
/// scoring and leaderboard runs on log-likelihoods computed elsewhere.
///
/// Invariants:
/// 1. A task's YAML names document fields, never templates (`doc_to_text: context`), and
///    `target_delimiter` is empty: lm-eval sends exactly (context, continuation) as smol does.
/// 2. `records` accepts a sample only when its document says which condition, kind, item and slots it
///    is; anything else is an error naming the file and line.
public enum LMEvalHarness {
    /// The lm-eval task name of a condition and kind (letters, digits and underscores).
    public static func taskName(_ task: String, condition: String, kind: RequestKind) -> String {
        let raw = "smol_\(task)_\(condition)_\(kind.rawValue)"
        return String(raw.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_" })
    }

    /// Writes `tasks/<name>.yaml` and `tasks/<name>.jsonl` under `folder` for every condition × kind;
    /// returns the files by relative path and the task names. `encode` gives a request's tokens (the
    /// continuation's count is recorded, as smol's scorer counts it).
    public static func export(items: [MCQItem], pool: [MCQItem], settings: MCQSettings,
                              encode: (LoglikelihoodRequest) -> (context: [Int], continuation: [Int]),
                              to folder: String) throws -> (files: [String: String], tasks: [String]) {
        try settings.validate()
        try FileManager.default.createDirectory(atPath: folder + "/tasks", withIntermediateDirectories: true)
        var files: [String: String] = [:], tasks: [String] = []
        for condition in settings.conditions {
            var byKind: [RequestKind: [UInt8]] = [:]
            for (index, item) in items.enumerated() {
                let prepared = try MCQEvaluation.prepare(item, index: index, condition: condition, settings: settings, pool: pool,
                                                         kinds: settings.kinds)
                let p = prepared.presented
                for kind in settings.kinds {
                    let context = prepared.contexts[kind]!
                    let continuations = p.order.indices.map { MCQPrompt.continuation(kind, p, slot: $0, delimiter: prepared.delimiter) }
                    let tokens = continuations.map { encode(LoglikelihoodRequest(context: context, continuation: $0)).continuation.count }
                    let doc: JSONValue = [
                        "task": .string(settings.task), "condition": .string(condition.name), "kind": .string(kind.rawValue),
                        "doc_index": .number(Double(index)), "item_id": .string(p.item.id), "item_hash": .string(p.item.contentHash),
                        "subject": .string(p.item.subject), "gold": .number(Double(p.gold)),
                        "injected": p.injectedSlot.map { .number(Double($0)) } ?? .null,
                        "labels": .array(p.labels.map(JSONValue.string)), "order": .array(p.order.map { .number(Double($0)) }),
                        "texts": .array(p.order.indices.map { .string(p.text($0)) }),
                        "context": .string(context), "continuations": .array(continuations.map(JSONValue.string)),
                        "tokens": .array(tokens.map { .number(Double($0)) }),
                    ]
                    byKind[kind, default: []] += doc.canonicalBytes() + [0x0A]
                }
            }
            for kind in settings.kinds {
                let name = taskName(settings.task, condition: condition.name, kind: kind)
                tasks.append(name)
                try AtomicFile.write(byKind[kind] ?? [], to: "\(folder)/tasks/\(name).jsonl")
                try AtomicFile.write(Array(yaml(name).utf8), to: "\(folder)/tasks/\(name).yaml")
                files["tasks/\(name).jsonl"] = "\(folder)/tasks/\(name).jsonl"
                files["tasks/\(name).yaml"] = "\(folder)/tasks/\(name).yaml"
            }
        }
        return (files, tasks)
    }

    /// A multiple-choice task over its JSONL documents (paths relative to the bundle, where run.sh runs).
    static func yaml(_ name: String) -> String {
        """
        task: \(name)
        dataset_path: json
        dataset_kwargs:
          data_files:
            test: tasks/\(name).jsonl
        test_split: test
        output_type: multiple_choice
        doc_to_text: context
        doc_to_choice: continuations
        doc_to_target: gold
        target_delimiter: ""
        metric_list:
          - metric: acc
            aggregation: mean
            higher_is_better: true
        metadata:
          version: 1

        """
    }

    /// Every item record in lm-eval's per-sample logs under `folder` (searched recursively), for the
    /// model named `model`; records sorted by condition (first-seen order) and item.
    public static func records(resultsFolder folder: String, model: String) throws -> (records: [ItemRecord], task: String, conditions: [String]) {
        let fm = FileManager.default
        let sampleFiles = (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix("samples_") && $0.hasSuffix(".jsonl") }.sorted()
        guard !sampleFiles.isEmpty else {
            throw EvaluationError.malformedResult("\(folder): no samples_*.jsonl; run lm_eval with --log_samples (the bundle's run.sh does)")
        }
        var records: [String: ItemRecord] = [:], order: [String] = [], conditions: [String] = [], task = ""
        for relative in sampleFiles {
            let path = folder + "/" + relative
            guard let data = fm.contents(atPath: path) else { throw EvaluationError.malformedResult("\(path): cannot be read") }
            for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                func fail(_ what: String) -> EvaluationError { .malformedResult("\(path):\(n + 1): \(what)") }
                let sample: JSONValue
                do { sample = try JSONParser.parse(String(line)) } catch { throw fail("not JSON (\(error)); the file is truncated?") }
                guard let doc = sample["doc"], let condition = doc["condition"]?.stringValue,
                      let kind = doc["kind"]?.stringValue.flatMap(RequestKind.init), let index = doc["doc_index"]?.intValue,
                      let continuations = doc["continuations"]?.arrayValue?.compactMap(\.stringValue),
                      let tokens = doc["tokens"]?.arrayValue?.compactMap(\.intValue), let gold = doc["gold"]?.intValue else {
                    throw fail("the sample's doc is not one smol exported (condition, kind, doc_index, continuations, tokens, gold)")
                }
                guard let responses = sample["resps"]?.arrayValue, responses.count == continuations.count, tokens.count == continuations.count else {
                    throw fail("resps has \(sample["resps"]?.arrayValue?.count ?? 0) entries for \(continuations.count) choices")
                }
                let key = "\(condition)\u{1F}\(index)"
                if records[key] == nil {
                    let labels = doc["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    let originals = doc["order"]?.arrayValue?.compactMap(\.intValue) ?? []
                    let texts = doc["texts"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    guard labels.count == continuations.count, originals.count == continuations.count, texts.count == continuations.count else {
                        throw fail("labels, order and texts must have one entry per choice")
                    }
                    records[key] = ItemRecord(
                        model: model, task: doc["task"]?.stringValue ?? "", condition: condition, index: index,
                        itemID: doc["item_id"]?.stringValue ?? "", itemHash: doc["item_hash"]?.stringValue ?? "",
                        subject: doc["subject"]?.stringValue ?? "", gold: gold, injected: doc["injected"]?.intValue,
                        choices: continuations.indices.map { ChoiceRecord(slot: $0, label: labels[$0], original: originals[$0], text: texts[$0]) })
                    order.append(key)
                    if !conditions.contains(condition) { conditions.append(condition) }
                    task = doc["task"]?.stringValue ?? task
                }
                records[key]!.contexts[kind] = doc["context"]?.stringValue ?? ""
                for (slot, response) in responses.enumerated() {
                    // lm-eval logs each request's response as [[log-likelihood, is_greedy]] (numbers or strings).
                    let pair = response.arrayValue?.first?.arrayValue ?? response.arrayValue ?? []
                    guard pair.count == 2, let ll = number(pair[0]), let greedy = flag(pair[1]) else {
                        throw fail("resps[\(slot)] is not [[log-likelihood, is_greedy]]")
                    }
                    records[key]!.choices[slot].scores[kind] = ScoredContinuation(continuation: continuations[slot], logLikelihood: ll,
                                                                                 isGreedy: greedy, tokens: tokens[slot])
                }
            }
        }
        let sorted = order.map { records[$0]! }.sorted {
            (conditions.firstIndex(of: $0.condition)!, $0.index) < (conditions.firstIndex(of: $1.condition)!, $1.index)
        }
        return (sorted, task, conditions)
    }

    static func number(_ value: JSONValue) -> Double? { value.doubleValue ?? value.stringValue.flatMap(Double.init) }
    static func flag(_ value: JSONValue) -> Bool? {
        if let b = value.boolValue { return b }
        switch value.stringValue { case "True"?, "true"?: return true; case "False"?, "false"?: return false; default: return nil }
    }
}
