import Foundation
import SmolCore

/// Translation pairs from gettext catalogues: each translated message becomes a `translation` record
/// (msgid → msgstr) with the catalogue as `meta.file` and the entry's index as `meta.index`.
///
/// Skipped, and counted by reason: the header, untranslated messages (empty msgstr), plural messages
/// (their forms follow the language's plural rule, not a 1:1 pair), messages with no letters ("%s",
/// "%d%%"), translations equal to the message, repeats of a pair already kept and, when a target
/// language is required, translations `LanguageID` does not identify as that language.
public enum GettextPairs {
    public struct Options: Sendable {
        /// The source language code written on each record.
        public var sourceLanguage = "en"
        /// The target language; nil takes each catalogue's `Language:` header.
        public var targetLanguage: String?
        /// Skip translations not identified as the target language (a name left in English, say).
        public var requireTargetLanguage = false

        public init(sourceLanguage: String = "en", targetLanguage: String? = nil, requireTargetLanguage: Bool = false) {
            self.sourceLanguage = sourceLanguage
            self.targetLanguage = targetLanguage
            self.requireTargetLanguage = requireTargetLanguage
        }
    }

    /// Why an entry was not kept.
    public enum SkipReason: String, Sendable, CaseIterable {
        case header, untranslated, plural
        case noLetters = "no_letters"
        case identical
        case duplicate
        case otherLanguage = "other_language"
    }

    /// One skipped entry: where it was and why.
    public struct Skip: Sendable, Equatable {
        public var file: String
        public var index: Int
        public var reason: SkipReason
    }

    /// Canonical translation records of the catalogues at `paths`, in order, and what was skipped.
    public static func records(paths: [String], options: Options = Options()) throws -> (records: [JSONValue], skipped: [Skip]) {
        var records: [JSONValue] = []
        var skipped: [Skip] = []
        var seen = Set<[UInt8]>()
        for path in paths {
            let catalogue = try GettextCatalog.read(path: path)
            let file = (path as NSString).lastPathComponent
            let target = options.targetLanguage ?? catalogue.language ?? "und"
            for (index, entry) in catalogue.entries.enumerated() {
                if let reason = skipReason(entry, target: target, options: options) {
                    skipped.append(Skip(file: file, index: index, reason: reason))
                    continue
                }
                let source = entry.msgid, translation = entry.msgstr[0]
                guard seen.insert(Array(source.utf8) + [0] + Array(translation.utf8)).inserted else {
                    skipped.append(Skip(file: file, index: index, reason: .duplicate))
                    continue
                }
                var record = RecordID.assign(.object([("source", .string(source)), ("target", .string(translation)),
                                                      ("source_lang", .string(options.sourceLanguage)), ("target_lang", .string(target))]))
                record = record.setting("meta", to: .object([("file", .string(file)), ("index", .number(Double(index)))]))
                records.append(record)
            }
        }
        RecordID.makeUnique(&records)
        return (records, skipped)
    }

    /// A translation dataset of the catalogues at `paths` (see `records`).
    public static func dataset(paths: [String], name: String, options: Options = Options()) throws -> (dataset: Dataset, skipped: [Skip]) {
        let (records, skipped) = try records(paths: paths, options: options)
        return (Dataset(schema: .translation, records: records, name: name), skipped)
    }

    /// The `.mo` files at `path`: the file itself, or every `*.mo` below a folder, sorted by path.
    public static func catalogues(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DatasetError.io(path: path, message: "no such file or folder")
        }
        guard isFolder.boolValue else { return [path] }
        let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".mo") }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !found.isEmpty else { throw DatasetError.io(path: path, message: "no .mo files below this folder") }
        return found.map { path + "/" + $0 }
    }

    /// `text` without printf conversions (`%s`, `%5.2f`, `%1$s`, `%%`) and `{name}`-style fields.
    static func withoutPlaceholders(_ text: String) -> String {
        text.replacingOccurrences(of: #"%(\d+\$)?[-+ #0']*\d*(\.\d+)?(hh|h|ll|l|L|z|j|t)?[a-zA-Z%]|\{[A-Za-z0-9_]*\}"#,
                                  with: " ", options: .regularExpression)
    }

    static func skipReason(_ entry: GettextCatalog.Entry, target: String, options: Options) -> SkipReason? {
        if entry.msgid.isEmpty && entry.context == nil { return .header }
        if entry.msgidPlural != nil { return .plural }
        guard let translation = entry.msgstr.first, !translation.isEmpty else { return .untranslated }
        if !withoutPlaceholders(entry.msgid).unicodeScalars.contains(where: { CharacterSet.letters.contains($0) }) { return .noLetters }
        if translation == entry.msgid { return .identical }
        if options.requireTargetLanguage && LanguageID.identify(translation) != target { return .otherLanguage }
        return nil
    }
}
