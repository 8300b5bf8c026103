import Testing
@testable import SmolDatasets

private func answer(_ spelled: String) -> (index: Int?, reason: String?) {
    let line = #"{"question": "Q?", "choices": ["a", "b", "c", "d"], "answer": \#(spelled)}"# + "\n"
    let path = writeTemp(line)
    if let error = loadError(path) { return (nil, error.reason) }
    return ((try? DatasetReader.load(path: path))?.dataset.records.first?["answer"]?.intValue, nil)
}

@Test func answerLettersInAnyCaseAndPaddingGiveTheirIndex() {
    #expect(answer(#""A""#).index == 0)
    #expect(answer(#""d""#).index == 3)
    #expect(answer(#"" C ""#).index == 2)
    #expect(answer("1").index == 1)
}

@Test func answerLettersBeyondTheChoicesAreRejected() {
    #expect(answer(#""E""#).reason?.contains("answer \"E\" is not a choice letter or index") == true)
    #expect(answer(#""@""#).reason?.contains("is not a choice letter or index") == true)
    #expect(answer(#""2""#).reason?.contains("the answer index is a string") == true)
    #expect(answer("7").reason?.contains("answer index 7 is out of range for 4 choices") == true)
}
