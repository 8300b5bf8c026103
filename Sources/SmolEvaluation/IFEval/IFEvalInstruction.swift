import Foundation
import SmolCore
import SmolDatasets

/// The 25 verifiable instructions of IFEval (Google's `instructions_registry.INSTRUCTION_DICT`), each a
/// check of a response against its kwargs, as `instructions.py` defines them (see `IFEvalText` for the
/// two checks that use NLTK there; language detection uses SmolDatasets' `LanguageID`, and text it
/// cannot place counts as followed, as langdetect's exception does in the original).
public enum IFEvalInstruction {
    /// Every instruction id, in the registry's order.
    public static let ids = [
        "keywords:existence", "keywords:frequency", "keywords:forbidden_words", "keywords:letter_frequency",
        "language:response_language", "length_constraints:number_sentences", "length_constraints:number_paragraphs",
        "length_constraints:number_words", "length_constraints:nth_paragraph_first_word", "detectable_content:number_placeholders",
        "detectable_content:postscript", "detectable_format:number_bullet_lists", "detectable_format:constrained_response",
        "detectable_format:number_highlighted_sections", "detectable_format:multiple_sections", "detectable_format:json_format",
        "detectable_format:title", "combination:two_responses", "combination:repeat_prompt", "startend:end_checker",
        "change_case:capital_word_frequency", "change_case:english_capital", "change_case:english_lowercase",
        "punctuation:no_comma", "startend:quotation",
    ]

    /// The options of `detectable_format:constrained_response`.
    static let constrainedResponses = ["My answer is yes.", "My answer is no.", "My answer is maybe."]

    /// Whether `response` follows instruction `id` with `kwargs` (a JSON object; null members count as
    /// absent). Throws for an unknown id.
    public static func check(_ id: String, kwargs: JSONValue, response value: String) throws -> Bool {
        func string(_ key: String) -> String? { kwargs[key]?.stringValue }
        func int(_ key: String) -> Int { kwargs[key]?.intValue ?? kwargs[key]?.doubleValue.map { Int($0) } ?? 0 }
        func compare(_ count: Int, _ relationKey: String, _ thresholdKey: String) -> Bool {
            string(relationKey) == "less than" ? count < int(thresholdKey) : count >= int(thresholdKey)
        }
        switch id {
        case "keywords:existence":
            let keywords = (kwargs["keywords"]?.arrayValue ?? []).compactMap(\.stringValue)
            return keywords.allSatisfy { matches(pattern: $0, in: value, caseInsensitive: true) > 0 }
        case "keywords:frequency":
            let keyword = IFEvalText.pythonStrip(string("keyword") ?? "")
            return compare(matches(pattern: keyword, in: value, caseInsensitive: true), "relation", "frequency")
        case "keywords:forbidden_words":
            let words = (kwargs["forbidden_words"]?.arrayValue ?? []).compactMap(\.stringValue)
            return !words.contains { matches(pattern: "\\b" + $0 + "\\b", in: value, caseInsensitive: true) > 0 }
        case "keywords:letter_frequency":
            let letter = (string("letter") ?? "").lowercased()
            let count = letter.isEmpty ? 0 : value.lowercased().filter { String($0) == letter }.count
            return compare(count, "let_relation", "let_frequency")
        case "language:response_language":
            let detected = LanguageID.identify(value)
            return detected == "und" || detected == (string("language") ?? "")
        case "length_constraints:number_sentences":
            return compare(IFEvalText.countSentences(value), "relation", "num_sentences")
        case "length_constraints:number_paragraphs":
            let paragraphs = split(value, pattern: "\\s?\\*\\*\\*\\s?")
            var count = paragraphs.count
            for (index, paragraph) in paragraphs.enumerated() where IFEvalText.pythonStrip(paragraph).isEmpty {
                guard index == 0 || index == paragraphs.count - 1 else { return false }
                count -= 1
            }
            return count == int("num_paragraphs")
        case "length_constraints:number_words":
            return compare(IFEvalText.countWords(value), "relation", "num_words")
        case "length_constraints:nth_paragraph_first_word":
            let paragraphs = value.components(separatedBy: "\n\n")
            let count = paragraphs.filter { !IFEvalText.pythonStrip($0).isEmpty }.count
            let nth = int("nth_paragraph")
            guard nth >= 1, nth <= count else { return false }
            let paragraph = IFEvalText.pythonStrip(paragraphs[nth - 1])
            guard let firstToken = paragraph.split(whereSeparator: { $0.isWhitespace }).first else { return false }
            var word = Substring(firstToken)
            while word.first == "'" { word.removeFirst() }
            while word.first == "\"" { word.removeFirst() }
            var first = ""
            for character in word {
                if ".,?!'\"".contains(character) { break }
                first += character.lowercased()
            }
            return count == int("num_paragraphs") && first == (string("first_word") ?? "").lowercased()
        case "detectable_content:number_placeholders":
            return matches(pattern: "\\[.*?\\]", in: value) >= int("num_placeholders")
        case "detectable_content:postscript":
            let marker = IFEvalText.pythonStrip(string("postscript_marker") ?? "")
            let pattern: String
            switch marker {
            case "P.P.S": pattern = "\\s*p\\.\\s?p\\.\\s?s.*$"
            case "P.S.": pattern = "\\s*p\\.\\s?s\\..*$"
            default: pattern = "\\s*" + marker.lowercased() + ".*$"
            }
            return matches(pattern: pattern, in: value.lowercased(), lines: true) > 0
        case "detectable_format:number_bullet_lists":
            let stars = matches(pattern: "^\\s*\\*[^\\*].*$", in: value, lines: true)
            let dashes = matches(pattern: "^\\s*-.*$", in: value, lines: true)
            return stars + dashes == int("num_bullets")
        case "detectable_format:constrained_response":
            let text = IFEvalText.pythonStrip(value)
            return constrainedResponses.contains { text.contains($0) }
        case "detectable_format:number_highlighted_sections":
            var count = 0
            for highlight in strings(pattern: "\\*[^\\n\\*]*\\*", in: value)
                where !IFEvalText.pythonStrip(highlight.trimmingCharacters(in: CharacterSet(charactersIn: "*"))).isEmpty { count += 1 }
            for highlight in strings(pattern: "\\*\\*[^\\n\\*]*\\*\\*", in: value)
                where !IFEvalText.pythonStrip(String(highlight.dropFirst(2).dropLast(2))).isEmpty { count += 1 }
            return count >= int("num_highlights")
        case "detectable_format:multiple_sections":
            let splitter = IFEvalText.pythonStrip(string("section_spliter") ?? "")
            let sections = split(value, pattern: "\\s?" + splitter + "\\s?\\d+\\s?")
            return sections.count - 1 >= int("num_sections")
        case "detectable_format:json_format":
            var text = IFEvalText.pythonStrip(value)
            for prefix in ["```json", "```Json", "```JSON", "```"] where text.hasPrefix(prefix) {
                text.removeFirst(prefix.count)
                break
            }
            if text.hasSuffix("```") { text.removeLast(3) }
            return (try? JSONParser.parse(IFEvalText.pythonStrip(text))) != nil
        case "detectable_format:title":
            return strings(pattern: "<<[^\\n]+>>", in: value).contains { title in
                var inner = Substring(title)
                while inner.first == "<" { inner.removeFirst() }
                while inner.last == ">" { inner.removeLast() }
                return !IFEvalText.pythonStrip(String(inner)).isEmpty
            }
        case "combination:two_responses":
            let responses = value.components(separatedBy: "******")
            var valid: [String] = []
            for (index, response) in responses.enumerated() {
                if IFEvalText.pythonStrip(response).isEmpty {
                    if index != 0 && index != responses.count - 1 { return false }
                } else {
                    valid.append(response)
                }
            }
            return valid.count == 2 && IFEvalText.pythonStrip(valid[0]) != IFEvalText.pythonStrip(valid[1])
        case "combination:repeat_prompt":
            let prompt = IFEvalText.pythonStrip(string("prompt_to_repeat") ?? "").lowercased()
            return IFEvalText.pythonStrip(value).lowercased().hasPrefix(prompt)
        case "startend:end_checker":
            var text = IFEvalText.pythonStrip(value)
            while text.hasPrefix("\"") { text.removeFirst() }
            while text.hasSuffix("\"") { text.removeLast() }
            return text.lowercased().hasSuffix(IFEvalText.pythonStrip(string("end_phrase") ?? "").lowercased())
        case "change_case:capital_word_frequency":
            let capitals = IFEvalText.wordTokens(value).filter(IFEvalText.isUpper).count
            return compare(capitals, "capital_relation", "capital_frequency")
        case "change_case:english_capital":
            guard IFEvalText.isUpper(value) else { return false }
            let detected = LanguageID.identify(value)
            return detected == "en" || detected == "und"
        case "change_case:english_lowercase":
            guard IFEvalText.isLower(value) else { return false }
            let detected = LanguageID.identify(value)
            return detected == "en" || detected == "und"
        case "punctuation:no_comma":
            return !value.contains(",")
        case "startend:quotation":
            let text = IFEvalText.pythonStrip(value)
            return text.count > 1 && text.hasPrefix("\"") && text.hasSuffix("\"")
        default:
            throw EvaluationError.unknownName(kind: "IFEval instruction id", name: id, known: ids)
        }
    }

    /// Non-overlapping matches of `pattern` (a regex; when invalid, the literal text).
    static func matches(pattern: String, in text: String, caseInsensitive: Bool = false, lines: Bool = false) -> Int {
        guard !pattern.isEmpty else { return 0 }
        return regex(pattern, caseInsensitive: caseInsensitive, lines: lines)
            .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    static func strings(pattern: String, in text: String) -> [String] {
        regex(pattern).matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// `re.split(pattern, text)` (the pattern has no groups).
    static func split(_ text: String, pattern: String) -> [String] {
        var parts: [String] = [], cursor = text.startIndex
        for match in regex(pattern).matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            if range.isEmpty { continue }
            parts.append(String(text[cursor..<range.lowerBound]))
            cursor = range.upperBound
        }
        parts.append(String(text[cursor...]))
        return parts
    }

    static func regex(_ pattern: String, caseInsensitive: Bool = false, lines: Bool = false) -> NSRegularExpression {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if lines { options.insert(.anchorsMatchLines) }
        if let compiled = try? NSRegularExpression(pattern: pattern, options: options) { return compiled }
        return try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: pattern), options: options)
    }
}
