@testable import SmolScript
import Testing

private let signature = CommandSignature("train.sft", summary: "", parameters: [
    Parameter("base", .handle("model"), positional: true, doc: ""),
    Parameter("data", .handle("dataset"), positional: true, doc: ""),
    Parameter("lr", .number, doc: ""),
    Parameter("batch", .integer, default: .number(8), doc: ""),
    Parameter("note", .optional(.string), doc: ""),
])

private let here = Loc(file: 0, line: 1, column: 1)

private func arguments(_ labels: [String?]) -> [Argument] {
    labels.map { Argument(label: $0, labelLoc: here, value: .literal(.number(1), here)) }
}

@Test func positionalArgumentsBindInOrderAndLabelsInAnyOrder() {
    let (binding, errors) = CommandBinding.bind(arguments([nil, nil, "batch", "lr"]), to: signature, at: here)
    #expect(errors.isEmpty)
    #expect(binding == [0, 1, 3, 2, nil])
}

@Test func leftOutOptionalAndDefaultedParametersAreNotErrors() {
    let (binding, errors) = CommandBinding.bind(arguments([nil, nil, "lr"]), to: signature, at: here)
    #expect(errors.isEmpty)
    #expect(binding == [0, 1, 2, nil, nil])
}

@Test func bindingReportsEveryMistake() {
    let (_, errors) = CommandBinding.bind(arguments([nil, nil, nil, "lrate", "batch", "batch", "base"]), to: signature, at: here)
    let messages = errors.map(\.message)
    #expect(messages.contains { $0.hasPrefix("too many positional arguments to 'train.sft': it takes 2 positional arguments") })
    #expect(messages.contains("unknown argument label 'lrate' for 'train.sft'; did you mean 'lr'?"))
    #expect(messages.contains("duplicate argument 'batch' in call to 'train.sft'"))
    #expect(messages.contains("argument 'base' of 'train.sft' is positional; pass it without the label 'base:'"))
    #expect(messages.contains("missing argument 'lr' in call to 'train.sft' (pass it as 'lr: …')"))
    #expect(errors.allSatisfy { $0.notes == ["declared as \(signature.declaration)"] })
}

@Test func literalValuesAreKnownStatically() {
    #expect(CommandBinding.literalValue(.literal(.string("x"), here)) == .string("x"))
    #expect(CommandBinding.literalValue(.list([.literal(.number(1), here)], here)) == .list([.number(1)]))
    #expect(CommandBinding.literalValue(.variable(VariableRef(name: "x", loc: here))) == nil)
}

@Test func aLabelOnAPositionalParameterIsTheOnlyErrorReported() {
    // `train.sft(base: m, d, lr: 1)`: the label is wrong, but 'base' is given and 'd' is the data.
    let (binding, errors) = CommandBinding.bind(arguments(["base", nil, "lr"]), to: signature, at: here)
    #expect(errors.map(\.message) == ["argument 'base' of 'train.sft' is positional; pass it without the label 'base:'"])
    #expect(binding == [0, 1, 2, nil, nil])
}
