// Normalizers of tokenizer.json that apply to byte-level BPE models.

import Foundation
import SmolCore

/// A text normaliser run before pre-tokenisation (HF `normalizer`).
indirect enum Normalizer: Sendable, Equatable {
    case nfc, nfd, nfkc, nfkd, lowercase
    case sequence([Normalizer])

    /// The normalised text.
    func apply(_ text: String) -> String {
        switch self {
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        case .lowercase: return text.lowercased()
        case .sequence(let steps): return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// Reads a `normalizer` object; unknown types are an error naming the type.
    static func parse(_ json: JSONValue, path: String) throws -> Normalizer {
        guard let type = json["type"]?.stringValue else {
            throw TokenizerError.invalidField(path: path, field: "normalizer.type", reason: "is missing")
        }
        switch type {
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "Sequence":
            guard let items = json["normalizers"]?.arrayValue else {
                throw TokenizerError.invalidField(path: path, field: "normalizer.normalizers", reason: "must be an array")
            }
            return .sequence(try items.map { try parse($0, path: path) })
        default:
            throw TokenizerError.unsupported(path: path, component: "normalizer", type: type)
        }
    }

    /// The tokenizer.json object for this normaliser.
    var json: JSONValue {
        switch self {
        case .nfc: return .object([("type", .string("NFC"))])
        case .nfd: return .object([("type", .string("NFD"))])
        case .nfkc: return .object([("type", .string("NFKC"))])
        case .nfkd: return .object([("type", .string("NFKD"))])
        case .lowercase: return .object([("type", .string("Lowercase"))])
        case .sequence(let steps): return .object([("type", .string("Sequence")), ("normalizers", .array(steps.map(\.json)))])
        }
    }
}
