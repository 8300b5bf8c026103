import Foundation
import SmolCore

/// What the decoder produced for one segment text.
public struct StoredTranslation: Sendable, Equatable {
    /// The continuation's text, cut before a stop string (untrimmed, unchecked).
    public var text: String
    /// The new tokens.
    public var tokens: [Int]
    /// Tokens of the prompt.
    public var promptTokens: Int
    /// Why decoding ended: "stop" (EOS or a stop string), "length" (max tokens), or "skipped" (the
    /// prompt left no room for new tokens).
    public var finish: String
    /// Wall-clock seconds this segment's share of its batch took (when it was decoded).
    public var seconds: Double
    /// CPU seconds (user + system, all threads) of its share: what CPU-hours extrapolate from, less
    /// sensitive than wall time to other processes on a shared machine.
    public var cpuSeconds: Double

    public init(text: String, tokens: [Int], promptTokens: Int, finish: String, seconds: Double, cpuSeconds: Double = 0) {
        self.text = text
        self.tokens = tokens
        self.promptTokens = promptTokens
        self.finish = finish
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
    }

    var json: JSONValue {
        .object([("text", .string(text)), ("tokens", .array(tokens.map { .number(Double($0)) })),
                 ("prompt_tokens", .number(Double(promptTokens))), ("finish", .string(finish)), ("seconds", .number(seconds)),
                 ("cpu_seconds", .number(cpuSeconds))])
    }

    init?(json: JSONValue) {
        guard let text = json["text"]?.stringValue, let tokens = json["tokens"]?.arrayValue?.compactMap(\.intValue),
              let finish = json["finish"]?.stringValue else { return nil }
        self.init(text: text, tokens: tokens, promptTokens: json["prompt_tokens"]?.intValue ?? 0, finish: finish,
                  seconds: json["seconds"]?.doubleValue ?? 0, cpuSeconds: json["cpu_seconds"]?.doubleValue ?? 0)
    }
}

/// Finished segments of one (model, decoding settings) pair, one file per segment text, so a run that
/// is killed resumes where it stopped.
///
/// Invariants:
/// 1. A folder holds the segments of exactly one key (`DecodingSettings.key(modelHash:)`), written in
///    its `settings.json`; another model or setting has another folder, so nothing is ever reused
///    across them.
/// 2. A segment's file is named by the SHA-256 of its text and written atomically (temporary file,
///    fsync, rename): after a `kill -9` it is either complete or absent, never half written.
/// 3. A text is stored once whatever the number of segments holding it; a second save of the same
///    text replaces the file with identical content (decoding is deterministic).
/// 4. A file that does not parse (damaged outside smol) counts as absent and is decoded again.
public struct SegmentStore: Sendable {
    /// The key's folder.
    public let folder: String

    /// The store of `key` under `root` (e.g. `<workspace>/translations`), created with its settings file.
    public init(root: String, key: String, settings: JSONValue) throws {
        folder = root + "/" + key
        let settingsPath = folder + "/settings.json"
        if !FileManager.default.fileExists(atPath: settingsPath) {
            do { try AtomicFile.write(settings.canonicalBytes() + [0x0A], to: settingsPath) } catch {
                throw TranslationError.store(path: settingsPath, "cannot write the decoding store (\(error.localizedDescription)); check the workspace's permissions")
            }
        }
    }

    func path(_ hash: String) -> String { folder + "/" + hash.prefix(2) + "/" + hash + ".json" }

    /// The stored translation of the text whose hash is `hash`, or nil.
    public func load(_ hash: String) -> StoredTranslation? {
        guard let data = FileManager.default.contents(atPath: path(hash)), let json = try? JSONParser.parse(Array(data)) else { return nil }
        return StoredTranslation(json: json)
    }

    /// Stores a finished segment (atomically).
    public func save(_ hash: String, _ translation: StoredTranslation) throws {
        do { try AtomicFile.write(translation.json.canonicalBytes() + [0x0A], to: path(hash)) } catch {
            throw TranslationError.store(path: path(hash), "cannot store a finished segment (\(error.localizedDescription)); check free space and permissions")
        }
    }

    /// The number of stored segments (files named `<hash>.json`).
    public func count() -> Int {
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".json") && $0 != "settings.json" && !$0.contains("/.tmp-") }.count
    }
}
