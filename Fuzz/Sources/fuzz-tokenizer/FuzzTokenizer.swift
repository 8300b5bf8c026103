import FuzzSupport
import SmolTokenizers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let scratch = ScratchFile(name: "tokenizer.json")

/// The fixed real tokenizer the fuzz bytes are encoded with, from `$SMOL_FUZZ_TOKENIZER`
/// (scripts/fuzz.sh points it at Tests/Fixtures/tokenizer-a/tokenizer.json).
private let reference: Tokenizer? = {
    guard let path = getenv("SMOL_FUZZ_TOKENIZER") else { return nil }
    do { return try Tokenizer.load(path: String(cString: path)) } catch {
        fatalError("SMOL_FUZZ_TOKENIZER does not load: \(error)")
    }
}()

/// tokenizer.json loading (`Tokenizer.load(path:)`) from the fuzz bytes, then the same bytes as text
/// through a real tokenizer: encode never traps, every id is in the vocabulary, and decoding gives
/// back text (byte-level BPE round-trips valid UTF-8 exactly).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    scratch.write(bytes)
    do {
        let loaded = try Tokenizer.load(path: scratch.path)
        let ids = loaded.encode("Hello wörld 42 <|endoftext|> مرحبا", addSpecialTokens: true)
        _ = loaded.decode(ids)
        _ = loaded.decode(ids, skipSpecialTokens: true)
    } catch is TokenizerError {} catch {
        fatalError("Tokenizer.load threw an untyped error: \(error)")
    }
    if let reference {
        let text = String(decoding: bytes, as: UTF8.self)
        let ids = reference.encode(text)
        precondition(ids.allSatisfy { $0 >= 0 && $0 < reference.vocabularySize }, "encode produced an id outside the vocabulary")
        _ = reference.encode(text, addSpecialTokens: true)
        let decoded = reference.decode(ids)
        precondition(decoded == text, "decode(encode(text)) != text")
        // The bytes as ids too, including ids outside the vocabulary.
        let raw = bytes.map { Int($0) * 2 - 64 }
        _ = reference.decode(raw, skipSpecialTokens: true)
    }
    return 0
}
