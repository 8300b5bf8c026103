import Foundation

/// Functions built into the language. Calling one records nothing in the ledger.
enum Builtin: String, CaseIterable {
    case range, len, str, abs, min, max, round, floor, sqrt, exp, log, pow

    /// How many arguments the function accepts.
    var arity: ClosedRange<Int> {
        switch self {
        case .range: 1...3
        case .min, .max: 1...Int.max
        case .pow: 2...2
        default: 1...1
        }
    }

    /// How a call reads, for messages.
    var usage: String {
        switch self {
        case .range: "range(n), range(a, b) or range(a, b, step)"
        case .len: "len(x)"
        case .str: "str(x)"
        case .min, .max: "\(rawValue)(a, b, …) or \(rawValue)(list)"
        case .pow: "pow(x, y)"
        default: "\(rawValue)(x)"
        }
    }

    /// Applies the function to evaluated arguments.
    func call(_ args: [Value], at loc: Loc, limits: Limits) throws(ScriptError) -> Value {
        switch self {
        case .range:
            let bounds = try Builtin.rangeBounds(args, at: loc)
            let count = bounds.count
            if count > limits.maxCollectionCount {
                throw ScriptError(loc, Limit.collection(limits.maxCollectionCount))
            }
            return .list(bounds.values.map { .number($0) })
        case .len:
            switch args[0] {
            case .list(let xs): return .number(Double(xs.count))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.fields.count))
            default: throw ScriptError(loc, "len expects a list, string, record or dataset, got \(args[0].typeName)")
            }
        case .str:
            guard let s = Value.write(args[0], quoteStrings: false, limit: limits.maxStringLength) else {
                throw ScriptError(loc, Limit.string(limits.maxStringLength))
            }
            return .string(s)
        case .min, .max:
            var xs = args
            if args.count == 1 {
                guard case .list(let list) = args[0] else {
                    throw ScriptError(loc, "\(rawValue) of one argument expects a list, got \(args[0].typeName)")
                }
                xs = list
            }
            guard var best = xs.first else { throw ScriptError(loc, "\(rawValue) of an empty list") }
            for x in xs.dropFirst() {
                let less = try Builtin.compare(x, best, at: loc)
                if self == .min ? less < 0 : less > 0 { best = x }
            }
            return best
        case .pow:
            return .number(Foundation.pow(try number(args[0], at: loc), try number(args[1], at: loc)))
        case .abs: return .number(Swift.abs(try number(args[0], at: loc)))
        case .round: return .number((try number(args[0], at: loc)).rounded(.toNearestOrAwayFromZero))
        case .floor: return .number((try number(args[0], at: loc)).rounded(.down))
        case .exp: return .number(Foundation.exp(try number(args[0], at: loc)))
        case .sqrt:
            let x = try number(args[0], at: loc)
            if x < 0 { throw ScriptError(loc, "sqrt of a negative number (\(Value.number(x)))") }
            return .number(x.squareRoot())
        case .log:
            let x = try number(args[0], at: loc)
            if x <= 0 { throw ScriptError(loc, "log of a number that is not positive (\(Value.number(x)))") }
            return .number(Foundation.log(x))
        }
    }

    private func number(_ value: Value, at loc: Loc) throws(ScriptError) -> Double {
        guard case .number(let x) = value else {
            throw ScriptError(loc, "\(rawValue) expects a Number, got \(value.typeName)")
        }
        return x
    }

    /// The numbers `range` produces, without building them.
    struct RangeBounds {
        var start: Double, stop: Double, step: Double
        var count: Int {
            let n = ((stop - start) / step).rounded(.up)
            return n > 0 ? (n > Double(Int.max / 2) ? Int.max / 2 : Int(n)) : 0
        }
        var values: [Double] { (0..<count).map { start + Double($0) * step } }
    }

    static func rangeBounds(_ args: [Value], at loc: Loc) throws(ScriptError) -> RangeBounds {
        var numbers: [Double] = []
        for arg in args {
            guard case .number(let x) = arg, x == x.rounded(), x.isFinite else {
                throw ScriptError(loc, "range expects integer arguments, got \(arg)")
            }
            numbers.append(x)
        }
        switch numbers.count {
        case 1: return RangeBounds(start: 0, stop: numbers[0], step: 1)
        case 2: return RangeBounds(start: numbers[0], stop: numbers[1], step: 1)
        default:
            if numbers[2] == 0 { throw ScriptError(loc, "range step must not be 0") }
            return RangeBounds(start: numbers[0], stop: numbers[1], step: numbers[2])
        }
    }

    /// -1, 0 or 1 for two numbers or two strings; an error for anything else.
    static func compare(_ a: Value, _ b: Value, at loc: Loc) throws(ScriptError) -> Int {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
        default: throw ScriptError(loc, "cannot compare \(a.typeName) and \(b.typeName)")
        }
    }
}
