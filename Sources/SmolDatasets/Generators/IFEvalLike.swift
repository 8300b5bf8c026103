import Foundation
import SmolCore

/// Verifiable formatting instructions with IFEval's instruction ids and kwargs, plus a response
/// writer that satisfies them and a checker (for SFT answers, preference pairs and evaluation).
public enum IFEvalLike {
    /// The instruction ids this generator uses (a subset of IFEval's 25).
    public static let instructionIDs = [
        "punctuation:no_comma", "length_constraints:number_words", "detectable_format:number_bullet_lists",
        "change_case:english_lowercase", "change_case:english_capital", "startend:end_checker", "detectable_format:title",
        "startend:quotation", "keywords:existence", "detectable_content:postscript",
    ]
    static let conflicts: Set<String> = [
        "change_case:english_lowercase|change_case:english_capital", "startend:end_checker|startend:quotation",
        "startend:end_checker|detectable_content:postscript", "detectable_content:postscript|startend:quotation",
    ]
    /// End phrases (no commas, so they survive `punctuation:no_comma`).
    static let endPhrases = ["Is there anything else I can help with?", "That is all for today.", "Thank you for reading.", "Let me know if you have questions.",
                             "Hope this helps.", "Have a nice day.", "That is the whole story.", "Happy learning!", "See you next time.", "Any other questions?"]
    static let keywordPool = ["science", "nature", "energy", "history", "simple", "careful", "example", "future", "garden", "curious",
                              "season", "journey", "balance", "pattern", "window", "market"]

    static func conflict(_ a: String, _ b: String) -> Bool { conflicts.contains("\(a)|\(b)") || conflicts.contains("\(b)|\(a)") }

    static func make(_ d: inout Draw) -> (key: String, record: JSONValue) {
        let topic = d.pick(Vocabulary.topics)
        let count = d.int(1, 3)
        var ids: [String] = []
        for id in d.shuffled(instructionIDs) where ids.count < count && !ids.contains(where: { conflict($0, id) }) { ids.append(id) }
        var texts: [String] = []
        var kwargs: [JSONValue] = []
        for id in ids {
            switch id {
            case "punctuation:no_comma":
                texts.append(IFEvalPhrasing.noComma(&d)); kwargs.append([:])
            case "length_constraints:number_words":
                let atLeast = d.chance(0.5)
                let n = atLeast ? 10 * d.int(3, 8) : 10 * d.int(8, 15)
                texts.append(IFEvalPhrasing.numberWords(atLeast: atLeast, n, &d))
                kwargs.append(["relation": .string(atLeast ? "at least" : "less than"), "num_words": .number(Double(n))])
            case "detectable_format:number_bullet_lists":
                let n = d.int(2, 5)
                texts.append(IFEvalPhrasing.bullets(n, &d))
                kwargs.append(["num_bullets": .number(Double(n))])
            case "change_case:english_lowercase":
                texts.append(IFEvalPhrasing.lowercase(&d)); kwargs.append([:])
            case "change_case:english_capital":
                texts.append(IFEvalPhrasing.capital(&d)); kwargs.append([:])
            case "startend:end_checker":
                let phrase = d.pick(endPhrases)
                texts.append(IFEvalPhrasing.endPhrase(phrase, &d))
                kwargs.append(["end_phrase": .string(phrase)])
            case "detectable_format:title":
                texts.append(IFEvalPhrasing.title(&d)); kwargs.append([:])
            case "startend:quotation":
                texts.append(IFEvalPhrasing.quotation(&d)); kwargs.append([:])
            case "keywords:existence":
                let words = d.distinct(keywordPool, 2)
                texts.append(IFEvalPhrasing.keywords(words[0], words[1], &d))
                kwargs.append(["keywords": .array(words.map { .string($0) })])
            default:
                texts.append(IFEvalPhrasing.postscript(&d))
                kwargs.append(["postscript_marker": "P.S."])
            }
        }
        let task = IFEvalPhrasing.task(topic, &d)
        let prompt = ([task] + texts.enumerated().map { $0 == 0 ? $1 : IFEvalPhrasing.glue(&d, $1) }).joined(separator: " ")
        // The key is the item's meaning (topic, instructions, kwargs), not its wording: one meaning, one split.
        // The instructions are sorted so the same set in another order is the same item (same split).
        let key = "\(topic)|" + zip(ids, kwargs).map { "\($0)=\($1.canonicalText())" }.sorted().joined(separator: ";")
        return (key, ["prompt": .string(prompt), "instruction_id_list": .array(ids.map { .string($0) }), "kwargs": .array(kwargs)])
    }

    static func generate(n: Int, seed: UInt64, split: String) throws -> Dataset {
        let records = try collect(task: "ifeval-like", n: n, seed: seed, split: split, make)
        return Dataset(schema: .instruction, records: records, name: "ifeval-like-\(split)")
    }

    static func arguments(_ record: JSONValue) -> [(id: String, kwargs: JSONValue)] {
        let ids = record["instruction_id_list"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let kwargs = record["kwargs"]?.arrayValue ?? []
        return ids.enumerated().map { ($1, $0 < kwargs.count ? kwargs[$0] : [:]) }
    }

    /// A response to a canonical instruction record that follows every instruction it lists.
    public static func respond(to record: JSONValue) -> String {
        let prompt = record["prompt"]?.stringValue ?? ""
        let topic = Vocabulary.topics.first { prompt.contains($0) } ?? Vocabulary.topics[0]
        let facts = (Vocabulary.sentencesAbout[topic] ?? ["this is a topic worth learning about"]).map { ARCLike.capitalized($0) + "." }
        let args = arguments(record)
        func has(_ id: String) -> JSONValue? { args.first { $0.id == id }?.kwargs }
        let extras = ["This is a simple idea.", "It helps to look at an example.", "Many people find this useful.", "It is easy to remember."]
        var body: [String] = []
        if let k = has("detectable_format:number_bullet_lists"), let n = k["num_bullets"]?.intValue {
            body = (0..<n).map { "* " + (facts + extras)[$0 % (facts.count + extras.count)] }
        } else {
            body = [facts.joined(separator: " ")]
        }
        if let k = has("keywords:existence") {
            let words = k["keywords"]?.arrayValue?.compactMap(\.stringValue) ?? []
            body.append("This note is about \(words.joined(separator: " and ")).")
        }
        var tail: [String] = []
        if has("detectable_content:postscript") != nil { tail.append("P.S. Thank you for asking.") }
        if let k = has("startend:end_checker"), let phrase = k["end_phrase"]?.stringValue { tail.append(phrase) }
        func words(_ parts: [String]) -> Int { wordCount(parts.joined(separator: " ")) }
        if let k = has("length_constraints:number_words"), let n = k["num_words"]?.intValue, let relation = k["relation"]?.stringValue {
            if relation == "at least" {
                var i = 0
                while words(body + tail) < n { body.append(extras[i % extras.count]); i += 1 }
            } else {
                while words(body + tail) >= n && body.count > 1 { body.removeLast() }
            }
        }
        var text = ""
        if has("detectable_format:title") != nil { text += "<<" + ARCLike.capitalized(topic) + ">>\n\n" }
        text += body.joined(separator: has("detectable_format:number_bullet_lists") != nil ? "\n" : " ")
        if !tail.isEmpty { text += "\n\n" + tail.joined(separator: "\n\n") }
        if has("punctuation:no_comma") != nil { text = text.replacingOccurrences(of: ",", with: "") }
        if has("change_case:english_lowercase") != nil { text = text.lowercased() }
        if has("change_case:english_capital") != nil { text = text.uppercased() }
        if has("startend:quotation") != nil {
            // A bullet must start its line, so a quoted bulleted answer opens with a line break.
            text = has("detectable_format:number_bullet_lists") != nil ? "\"\n" + text + "\n\"" : "\"" + text + "\""
        }
        return text
    }

    /// A response that breaks the record's first instruction but otherwise reads normally.
    public static func violate(_ record: JSONValue) -> String {
        let good = respond(to: record)
        guard let (id, kwargs) = arguments(record).first else { return good }
        switch id {
        case "punctuation:no_comma": return good + " Also, keep this in mind."
        case "length_constraints:number_words":
            let n = kwargs["num_words"]?.intValue ?? 10
            if kwargs["relation"]?.stringValue == "at least" { return good.split(separator: " ").prefix(max(1, n / 3)).joined(separator: " ") }
            return good + String(repeating: " And there is more to say.", count: n / 5 + 1)
        case "detectable_format:number_bullet_lists": return good + "\n* One more point."
        case "change_case:english_lowercase": return good.prefix(1).uppercased() + good.dropFirst() + " See Section A."
        case "change_case:english_capital": return good + " see more below."
        case "startend:end_checker": return good + " Goodbye."
        case "detectable_format:title": return good.replacingOccurrences(of: "<<", with: "").replacingOccurrences(of: ">>", with: "")
        case "startend:quotation": return String(good.dropFirst())
        case "keywords:existence":
            var text = good
            for word in kwargs["keywords"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                text = text.replacingOccurrences(of: word, with: "it", options: .caseInsensitive)
            }
            return text
        default: return good.replacingOccurrences(of: "P.S.", with: "", options: .caseInsensitive)
        }
    }

    /// Words as IFEval counts them: runs of letters, digits and underscores.
    public static func wordCount(_ text: String) -> Int {
        text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.count
    }

    /// Whether `response` follows each instruction of `record` (in `instruction_id_list` order).
    public static func check(_ response: String, against record: JSONValue) -> [Bool] {
        arguments(record).map { id, kwargs in
            switch id {
            case "punctuation:no_comma": return !response.contains(",")
            case "length_constraints:number_words":
                let count = wordCount(response)
                let n = kwargs["num_words"]?.intValue ?? 0
                return kwargs["relation"]?.stringValue == "at least" ? count >= n : count < n
            case "detectable_format:number_bullet_lists":
                let bullets = response.split(separator: "\n").filter {
                    let t = $0.drop { $0 == " " }
                    return (t.hasPrefix("* ") || t.hasPrefix("- ")) && !t.hasPrefix("**")
                }
                return bullets.count == kwargs["num_bullets"]?.intValue
            case "change_case:english_lowercase": return response == response.lowercased()
            case "change_case:english_capital": return response == response.uppercased()
            case "startend:end_checker":
                let text = response.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                return text.hasSuffix((kwargs["end_phrase"]?.stringValue ?? "").lowercased())
            case "detectable_format:title":
                return response.range(of: "<<[^\\n]+>>", options: .regularExpression) != nil
            case "startend:quotation":
                let text = response.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.count > 1 && text.hasPrefix("\"") && text.hasSuffix("\"")
            case "keywords:existence":
                return (kwargs["keywords"]?.arrayValue?.compactMap(\.stringValue) ?? []).allSatisfy { response.range(of: $0, options: .caseInsensitive) != nil }
            case "detectable_content:postscript":
                return response.range(of: kwargs["postscript_marker"]?.stringValue ?? "P.S.", options: .caseInsensitive) != nil
            default: return false
            }
        }
    }
}
