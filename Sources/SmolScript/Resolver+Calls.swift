/// Call resolution: what each call calls, and static checks of its arguments.
extension Resolver {
    func resolveCall(_ call: CallExpr) {
        switch call.callee {
        case .variable(let ref):
            for argument in call.arguments { resolve(argument.value) }
            if let found = lookup(ref.name) {
                ref.binding = binding(of: found)
                call.target = .dynamic
                rejectLabels(call, callee: "'\(ref.name)'")
                let function: FunctionDecl? = switch found {
                case .local(_, let local): local.function
                case .global(let global): global.function
                }
                if let function, function.parameters.count != call.arguments.count {
                    errors.append(ScriptError(call.parenLoc, arityMessage(function, given: call.arguments.count)))
                }
            } else if let signature = host.signature(of: ref.name) {
                bindCommand(call, signature)
            } else if let builtin = Builtin(rawValue: ref.name) {
                call.target = .builtin(builtin)
                rejectLabels(call, callee: "built-in '\(ref.name)'")
                if !builtin.arity.contains(call.arguments.count) {
                    errors.append(ScriptError(call.parenLoc, "wrong number of arguments to '\(ref.name)'; call it as \(builtin.usage)"))
                }
            } else if declared[ref.name] != nil {
                errors.append(ScriptError(ref.loc, "cannot use '\(ref.name)' before its declaration; move the declaration up"))
            } else if namespaces.contains(ref.name) {
                let example = host.commandNames.sorted().first { $0.hasPrefix(ref.name + ".") } ?? ref.name + ".…"
                errors.append(ScriptError(ref.loc, "'\(ref.name)' is a command namespace, not a function; call one of its commands, e.g. '\(example)(…)'"))
            } else {
                errors.append(ScriptError(ref.loc, DidYouMean.message("unknown function or command '\(ref.name)'", for: ref.name, among: candidates)))
            }
        case .member(let object, let name, let loc):
            for argument in call.arguments { resolve(argument.value) }
            if let (_, dotted) = dottedName(call.callee) {
                if let signature = host.signature(of: dotted) {
                    bindCommand(call, signature)
                } else if let (_, prefix) = dottedName(object), namespaces.contains(prefix) {
                    unknownCommand(dotted, at: loc)
                } else {
                    resolve(object)
                }
                return
            }
            if case .variable(let ref) = object, host.signature(of: ref.name + "." + name) != nil {
                errors.append(ScriptError(ref.loc, "'\(ref.name)' is a variable here, so '\(ref.name).\(name)(…)' is not the command \(ref.name).\(name); rename the variable (e.g. '\(ref.name)_set') to call the command"))
                resolve(object)
                return
            }
            call.target = .method(name)
            rejectLabels(call, callee: "'.\(name)'")
            if name == "append" {
                guard let place = Parser.place(object) else {
                    errors.append(ScriptError(loc, "'append' needs a variable to add to, e.g. 'xs.append(x)' with 'var xs = []'"))
                    resolve(object)
                    return
                }
                if call.arguments.count != 1 {
                    errors.append(ScriptError(call.parenLoc, "'append' takes exactly 1 argument"))
                }
                resolve(place, at: loc, purpose: "append to")
                call.appendTarget = place
            } else {
                resolve(object)
            }
        default:
            resolve(call.callee)
            for argument in call.arguments { resolve(argument.value) }
            call.target = .dynamic
            rejectLabels(call, callee: "this function")
        }
    }

    private func arityMessage(_ f: FunctionDecl, given: Int) -> String {
        let takes = f.parameters.count == 1 ? "1 argument" : "\(f.parameters.count) arguments"
        return "'\(f.name)' takes \(takes) but \(given) \(given == 1 ? "was" : "were") given"
    }

    /// Script functions, built-ins and methods take positional arguments only.
    private func rejectLabels(_ call: CallExpr, callee: String) {
        for argument in call.arguments {
            if let label = argument.label {
                errors.append(ScriptError(argument.labelLoc ?? argument.value.loc,
                                          "argument label '\(label):' is not allowed when calling \(callee); script functions take positional arguments only"))
            }
        }
    }

    /// Matches arguments to the command's parameters and checks literal arguments' types and choices.
    private func bindCommand(_ call: CallExpr, _ signature: CommandSignature) {
        let (binding, bindErrors) = CommandBinding.bind(call.arguments, to: signature, at: call.loc)
        errors += bindErrors
        for (p, argumentIndex) in binding.enumerated() {
            guard let argumentIndex else { continue }
            let parameter = signature.parameters[p]
            let argument = call.arguments[argumentIndex].value
            guard let literal = CommandBinding.literalValue(argument) else { continue }
            if !parameter.type.accepts(literal) {
                errors.append(ScriptError(argument.loc, CommandBinding.typeMismatch(parameter, of: signature, got: literal),
                                          notes: ["declared as \(signature.declaration)"]))
            } else if let message = parameter.choiceError(literal, of: signature) {
                errors.append(ScriptError(argument.loc, message, notes: ["declared as \(signature.declaration)"]))
            }
        }
        call.target = .command(signature, binding: binding)
    }
}
