import Foundation
import Testing
@testable import SmolDatasets

/// The `.mo` reader: Debian's real Arabic catalogues (checked against Python's own `gettext`), both
/// byte orders, and a typed error for every kind of corruption.
@Suite struct GettextCatalogTests {
    /// The system's Arabic catalogues, and those scripts/fetch-gettext.sh unpacks from iso-codes.
    static let folders = ["/usr/share/locale/ar/LC_MESSAGES", repositoryRoot + "/downloads/gettext/ar"]
    static var realCatalogues: [String] {
        folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".mo") }.sorted().map { folder + "/" + $0 }
        }
    }

    static let sample: [GettextCatalog.Entry] = [
        .init(context: nil, msgid: "", msgidPlural: nil, msgstr: ["Language: ar\nContent-Type: text/plain; charset=UTF-8\n"]),
        .init(context: nil, msgid: "Algeria", msgidPlural: nil, msgstr: ["الجزائر"]),
        .init(context: "menu", msgid: "Open", msgidPlural: nil, msgstr: ["فتح"]),
        .init(context: nil, msgid: "%d file", msgidPlural: "%d files", msgstr: ["%d ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]),
        .init(context: nil, msgid: "Untranslated", msgidPlural: nil, msgstr: [""]),
    ]

    @Test(arguments: [GettextCatalog.ByteOrder.littleEndian, .bigEndian])
    func roundTripsInEitherByteOrder(order: GettextCatalog.ByteOrder) throws {
        let bytes = GettextCatalog.encode(Self.sample, order: order)
        #expect(bytes[0..<4] == (order == .bigEndian ? [0x95, 0x04, 0x12, 0xde] : [0xde, 0x12, 0x04, 0x95]))
        let catalogue = try GettextCatalog.parse(bytes, path: "sample.mo")
        #expect(catalogue.byteOrder == order)
        #expect(catalogue.entries == Self.sample)
        #expect(catalogue.language == "ar")
    }

    /// Every real catalogue parses; its entries equal what Python's `gettext.GNUTranslations` reads, and
    /// re-encoded big-endian it reads back the same.
    @Test func readsDebiansArabicCataloguesLikePython() throws {
        let paths = Self.realCatalogues
        guard !paths.isEmpty else {
            print("skipped: no Arabic catalogues in \(Self.folders) (run scripts/fetch-gettext.sh)")
            return
        }
        var total = 0
        for path in paths {
            let catalogue = try GettextCatalog.read(path: path)
            #expect(catalogue.byteOrder == .littleEndian)
            total += catalogue.entries.count
            let bigEndian = GettextCatalog.encode(catalogue.entries, order: .bigEndian)
            #expect(try GettextCatalog.parse(bigEndian, path: path).entries == catalogue.entries, "\(path)")
        }
        #expect(total > 100)
        for iso in paths where iso.hasSuffix("/iso_3166-1.mo") {
            let catalogue = try GettextCatalog.read(path: iso)
            #expect(catalogue.entries.contains { $0.msgid == "Algeria" && $0.msgstr == ["الجزائر"] })
            #expect(catalogue.entries.count > 400 && catalogue.language == "ar")
        }
        guard let python = pythonCatalogues(paths) else { return }
        for path in paths {
            let ours = try GettextCatalog.read(path: path)
            var singular: [String: String] = [:]
            for e in ours.entries where e.msgidPlural == nil {
                singular[(e.context.map { $0 + "\u{4}" } ?? "") + e.msgid] = e.msgstr[0]
            }
            let theirs = python[path] ?? [:]
            #expect(singular.count == theirs.count, "\(path)")
            for (key, value) in theirs where singular[key] != value { Issue.record("\(path): \(key) differs"); break }
        }
    }

    /// Python's reading of each catalogue's singular messages (msgid with context → msgstr), or nil without python3.
    func pythonCatalogues(_ paths: [String]) -> [String: [String: String]]? {
        let script = """
        import gettext, json, os, sys
        out = {}
        for p in sys.argv[1:]:
            with open(p, 'rb') as f:
                t = gettext.GNUTranslations(f)
            out[p] = {k: v for k, v in t._catalog.items() if isinstance(k, str)}
        print(json.dumps(out, ensure_ascii=False))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try? JSONDecoder().decode([String: [String: String]].self, from: data)
    }

    func error(_ bytes: [UInt8]) -> GettextError? {
        do { _ = try GettextCatalog.parse(bytes, path: "bad.mo"); return nil } catch { return error }
    }

    @Test func corruptCataloguesAreRejectedWithTypedErrors() {
        let good = GettextCatalog.encode(Self.sample, order: .littleEndian)
        #expect(error(Array(good[0..<20])) == .truncated(path: "bad.mo", size: 20))
        var magic = good
        magic[0] = 0x00
        #expect(error(magic) == .badMagic(path: "bad.mo", found: [0x00, 0x12, 0x04, 0x95]))
        var revision = good
        revision[6] = 2   // major revision 2
        #expect(error(revision) == .unsupportedRevision(path: "bad.mo", major: 2, minor: 0))
        #expect(error(Array(good[0..<40])) == .tableOutOfBounds(path: "bad.mo", table: "original", offset: 28, entries: 5, size: 40))
        var length = good
        length[28] = 0xFF; length[29] = 0xFF   // first original string: 65535 bytes
        if case .stringOutOfBounds(_, "original", 0, _, 65535, _)? = error(length) {} else { Issue.record("\(String(describing: error(length)))") }
        var terminator = good
        let offset = Int(GettextCatalog.word(good, 28 + 8 + 4, .littleEndian)), count = Int(GettextCatalog.word(good, 28 + 8, .littleEndian))
        terminator[offset + count] = 0x41   // the NUL after "Algeria"
        #expect(error(terminator) == .missingTerminator(path: "bad.mo", table: "original", index: 1, offset: offset + count))
        var utf8 = good
        utf8[offset] = 0xFF
        #expect(error(utf8) == .invalidUTF8(path: "bad.mo", table: "original", index: 1))
        let latin1 = GettextCatalog.encode([.init(context: nil, msgid: "", msgidPlural: nil, msgstr: ["Content-Type: text/plain; charset=ISO-8859-6\n"])],
                                           order: .littleEndian)
        #expect(error(latin1) == .unsupportedCharset(path: "bad.mo", charset: "ISO-8859-6"))
        for e in [error(Array(good[0..<20]))!, error(magic)!] { #expect(e.description.hasPrefix("bad.mo: error: ")) }
    }

    /// `data.load` of a .mo: translated singular messages as translation pairs; the rest reported as skipped.
    @Test func loadsACatalogueAsTranslationPairs() throws {
        let path = writeTemp(GettextCatalog.encode(Self.sample, order: .bigEndian), ext: "mo")
        let (dataset, skipped) = try DatasetReader.load(path: path)
        #expect(dataset.schema == .translation)
        #expect(dataset.records.map { $0["source"]!.stringValue! } == ["Algeria", "Open"])
        #expect(dataset.records.map { $0["target_lang"]!.stringValue! } == ["ar", "ar"])
        #expect(skipped.map(\.line) == [4, 5])
        #expect(loadError(path, schema: .text) != nil)
    }

    @Test func pairsSkipByReason() throws {
        let path = writeTemp(GettextCatalog.encode(Self.sample + [
            .init(context: nil, msgid: "%s: %5.2f%% {count}", msgidPlural: nil, msgstr: ["%s: %5.2f%%"]),
            .init(context: nil, msgid: "Debian", msgidPlural: nil, msgstr: ["Debian"]),
            .init(context: "other", msgid: "Algeria", msgidPlural: nil, msgstr: ["الجزائر"]),
            .init(context: nil, msgid: "Yes", msgidPlural: nil, msgstr: ["Oui"]),
        ], order: .littleEndian), ext: "mo")
        let (records, skipped) = try GettextPairs.records(paths: [path], options: .init(requireTargetLanguage: true))
        #expect(records.count == 2)
        #expect(skipped.map(\.reason) == [.header, .plural, .untranslated, .noLetters, .identical, .duplicate, .otherLanguage])
        #expect(GettextPairs.withoutPlaceholders("Saved %d of %s (%1$s) 50%%").filter(\.isLetter) == "Savedof")
    }
}
