import Foundation
import SmolCore

/// GSM8K the lm-evaluation-harness way (`gsm8k.yaml`): "Question: …\nAnswer:" prompts with k worked
/// examples (each "Question: q\nAnswer: solution", separated by a blank line), greedy generation until
/// "Question:", "</s>" or "<|im_end|>", then two answer extractions scored by exact match.
public enum GSMTask {
    /// Where generation stops (lm-evaluation-harness `until`).
    public static let stopStrings = ["Question:", "</s>", "<|im_end|>"]
    /// The text returned when an extraction regex finds nothing (lm-evaluation-harness `fallback`).
    public static let invalid = "[invalid]"

    /// The prompt of a question after `shots` (question, solution) pairs.
    public static func prompt(question: String, shots: [(question: String, answer: String)]) -> String {
        var text = ""
        for shot in shots { text += "Question: \(shot.question)\nAnswer: \(shot.answer)\n\n" }
        return text + "Question: \(question)\nAnswer:"
    }

    /// strict-match: the first "#### N" (regex `#### (\-?[0-9\.\,]+)`), or `invalid`.
    public static func strictMatch(_ output: String) -> String {
        guard let match = strictRegex.firstMatch(in: output, range: NSRange(output.startIndex..., in: output)),
              let range = Range(match.range(at: 1), in: output) else { return invalid }
        return String(output[range]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// flexible-extract: the last number-like run (regex `(-?[$0-9.,]{2,})|(-?[0-9]+)`, last match, its
    /// first non-empty group), or `invalid`.
    public static func flexibleExtract(_ output: String) -> String {
        let matches = flexibleRegex.matches(in: output, range: NSRange(output.startIndex..., in: output))
        guard let last = matches.last else { return invalid }
        for group in 1..<last.numberOfRanges {
            if let range = Range(last.range(at: group), in: output), !output[range].isEmpty {
                return String(output[range]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return invalid
    }

    /// The text exact match compares: lower-cased after removing ",", "$", everything through the last
    /// "#### ", and one final "." (lm-evaluation-harness `regexes_to_ignore`, `ignore_case`).
    public static func normalize(_ text: String) -> String {
        var s = text
        for regex in ignoreRegexes {
            s = regex.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "")
        }
        return s.lowercased()
    }

    /// Exact match of an extracted answer against a reference (a full solution ending "#### N", or N).
    public static func isCorrect(_ extracted: String, reference: String) -> Bool {
        normalize(extracted) == normalize(reference)
    }

    static let strictRegex = try! NSRegularExpression(pattern: "#### (\\-?[0-9\\.\\,]+)")
    static let flexibleRegex = try! NSRegularExpression(pattern: "(-?[$0-9.,]{2,})|(-?[0-9]+)")
    static let ignoreRegexes = [",", "\\$", "(?s).*#### ", "\\.$"].map { try! NSRegularExpression(pattern: $0) }
}
