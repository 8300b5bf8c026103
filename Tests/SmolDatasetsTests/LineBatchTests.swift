import Testing
@testable import SmolDatasets

/// A batch of `count` lines "line N" of varied lengths, with an overlong entry every 97 lines.
private func sampleBatch(_ count: Int) -> LineBatch {
    var batch = LineBatch()
    for n in 1...count {
        if n % 97 == 0 { batch.append(n, .overlong(bytesSeen: n)); continue }
        let text = Array("line \(n) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: (n * 37) % 300)
        text.withUnsafeBufferPointer { batch.append(n, .text($0, endsWithNewline: n < count)) }
    }
    return batch
}

private func describe(_ entry: LineBatch.Entry, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
    switch entry {
    case let .text(number, _, _, ends): return "\(number) \(ends) " + String(decoding: bytes, as: UTF8.self)
    case let .overlong(number, seen): return "\(number) overlong \(seen)"
    }
}

@Test func parallelMapGivesTheSameResultsInFileOrderForAnyWorkerCount() {
    let batch = sampleBatch(1000)
    let serial = batch.map(from: 0, workers: 1) { describe($0, $1) }
    #expect(serial.count == 1000)
    #expect(serial[0].hasPrefix("1 true line 1 ") && serial[96] == "97 overlong 97" && serial[999].hasPrefix("1000 false line 1000"))
    for workers in [2, 3, 7, 64] {
        #expect(batch.map(from: 0, workers: workers) { describe($0, $1) } == serial, "workers: \(workers)")
        #expect(batch.map(from: 500, workers: workers) { describe($0, $1) } == Array(serial[500...]), "workers: \(workers), from 500")
    }
    #expect(batch.map(from: 1000, workers: 4) { describe($0, $1) }.isEmpty)
}

@Test func aLoadSpanningSeveralBatchesReportsProblemsInFileOrder() throws {
    // More lines than one batch holds, with problems on both sides of the batch boundaries: the
    // parse error, the normalisation error and the record order must be exactly as line-by-line.
    let count = LineBatch.maxLines * 2 + 500
    let bad: [Int: String] = [
        3: "{\"text\": 5}",                            // wrong type (normaliser), column 10
        LineBatch.maxLines: "{\"text\": \"a\",}",      // trailing comma (parser), column 13
        LineBatch.maxLines + 1: "{\"text\": \"é\", \"x\": 1}",  // unknown field, column 15
        count: "[1]",                                  // not an object, column 1
    ]
    var text = ""
    for n in 1...count { text += (bad[n] ?? "{\"text\": \"record \(n)\"}") + "\n" }
    let path = writeTemp(text)
    let (dataset, skipped) = try DatasetReader.load(path: path, skipInvalid: true)
    #expect(skipped.map(\.line) == bad.keys.sorted())
    #expect(skipped.map(\.column) == [10, 13, 15, 1])
    #expect(dataset.count == count - bad.count)
    let expected = (1...count).filter { bad[$0] == nil }.map { "record \($0)" }
    #expect(dataset.records.map { $0["text"]?.stringValue ?? "" } == expected)
    let strict = loadError(path)
    #expect(strict?.line == 3 && strict?.column == 10, "without skipInvalid the first problem stops the load")
}
