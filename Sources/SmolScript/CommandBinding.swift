/// Matching a call's arguments to a command's parameters, Swift style: positional parameters take the
/// unlabeled arguments in order, labeled parameters take arguments by label in any order, and left-out
/// parameters take their defaults (an optional type defaults to nil).
enum CommandBinding {
    /// `binding[p]` is the index of the argument bound to parameter `p`, or nil when it is left out.
    static func bind(_ arguments: [Argument], to signature: CommandSignature,
                     at callLoc: Loc) -> (binding: [Int?], errors: [ScriptError]) {
        let parameters = signature.parameters
        var binding = [Int?](repeating: nil, count: parameters.count)
        var errors: [ScriptError] = []
        let note = "declared as \(signature.declaration)"
        let positional = parameters.indices.filter { parameters[$0].isPositional }
        var nextPositional = 0
        for (argumentIndex, argument) in arguments.enumerated() {
            guard let label = argument.label else {
                // Skip positional parameters already given (wrongly) by label.
                while nextPositional < positional.count, binding[positional[nextPositional]] != nil { nextPositional += 1 }
                if nextPositional < positional.count {
                    binding[positional[nextPositional]] = argumentIndex
                    nextPositional += 1
                } else {
                    let takes = positional.count == 1 ? "1 positional argument" : "\(positional.count) positional arguments"
                    let hint = parameters.contains { !$0.isPositional } ? "; pass the others with labels, e.g. '\(parameters.first { !$0.isPositional }!.name): …'" : ""
                    errors.append(ScriptError(argument.value.loc, "too many positional arguments to '\(signature.name)': it takes \(takes)\(hint)", notes: [note]))
                }
                continue
            }
            let labelLoc = argument.labelLoc ?? argument.value.loc
            guard let p = parameters.firstIndex(where: { $0.name == label }) else {
                let labeled = parameters.filter { !$0.isPositional }.map(\.name)
                errors.append(ScriptError(labelLoc, DidYouMean.message("unknown argument label '\(label)' for '\(signature.name)'",
                                                                        for: label, among: labeled), notes: [note]))
                continue
            }
            if parameters[p].isPositional {
                errors.append(ScriptError(labelLoc, "argument '\(label)' of '\(signature.name)' is positional; pass it without the label '\(label):'", notes: [note]))
                // Count it as given, so the error is about the label and not also about a missing argument.
                if binding[p] == nil, !positional[..<nextPositional].contains(p) { binding[p] = argumentIndex }
                continue
            }
            if binding[p] != nil {
                errors.append(ScriptError(labelLoc, "duplicate argument '\(label)' in call to '\(signature.name)'", notes: [note]))
                continue
            }
            binding[p] = argumentIndex
        }
        for (p, parameter) in parameters.enumerated() where binding[p] == nil && parameter.isRequired {
            let how = parameter.isPositional ? "" : " (pass it as '\(parameter.name): …')"
            errors.append(ScriptError(callLoc, "missing argument '\(parameter.name)' in call to '\(signature.name)'\(how)", notes: [note]))
        }
        return (binding, errors)
    }

    /// The literal value of an argument, when it is known before running.
    static func literalValue(_ expr: Expr) -> Value? {
        switch expr {
        case .literal(let v, _): return v
        case .list(let elements, _):
            var values: [Value] = []
            for e in elements {
                guard let v = literalValue(e) else { return nil }
                values.append(v)
            }
            return .list(values)
        default: return nil
        }
    }

    /// "argument 'lr' of 'train.sft' expects Number, got String".
    static func typeMismatch(_ parameter: Parameter, of signature: CommandSignature, got value: Value) -> String {
        let got: String = if case .handle(let h) = value { "\(value.typeName) (\(h.kind) handle)" } else { value.typeName }
        return "argument '\(parameter.name)' of '\(signature.name)' expects \(parameter.type), got \(got)"
    }
}
