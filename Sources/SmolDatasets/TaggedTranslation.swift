/// The layout a conditional translation model learns and is prompted with: `<en> source <ar>`, continued by
/// a space, the target and an end-of-sequence token. `train.sft` trains it from translation pairs and
/// `translate.run(…, format: "tagged")` decodes it, so both read the prompt from here.
public enum TaggedTranslation {
    /// The prompt for `source`, from language code `from` into `to`.
    public static func prompt(_ source: String, from: String, to: String) -> String {
        "<\(from)> \(source) <\(to)>"
    }

    /// What follows the prompt in training: the target, after one space (the EOS is the tokenizer's).
    public static func continuation(_ target: String) -> String { " " + target }
}
