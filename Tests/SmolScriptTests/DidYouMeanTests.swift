@testable import SmolScript
import Testing

@Test func didYouMeanFindsTheClosestName() {
    #expect(DidYouMean.suggestion(for: "data.lod", among: ["data.load", "data.generate", "print"]) == "data.load")
    #expect(DidYouMean.suggestion(for: "lrr", among: ["lr", "batch"]) == "lr")
    #expect(DidYouMean.suggestion(for: "pritn", among: ["print", "hash"]) == "print")
    #expect(DidYouMean.suggestion(for: "zzzz", among: ["print", "hash"]) == nil)
    #expect(DidYouMean.suggestion(for: "x", among: ["x"]) == nil)
}

@Test func editDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
    func d(_ a: String, _ b: String) -> Int { DidYouMean.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) }
    #expect(d("kitten", "sitting") == 3)
    #expect(d("", "abc") == 3)
    #expect(d("ab", "ba") == 1)
    #expect(d("same", "same") == 0)
}

@Test func didYouMeanAcceptsPrefixes() {
    #expect(DidYouMean.suggestion(for: "lrate", among: ["lr", "batch"]) == "lr")
    #expect(DidYouMean.suggestion(for: "data", among: ["dataset_path", "seed"]) == "dataset_path")
}
