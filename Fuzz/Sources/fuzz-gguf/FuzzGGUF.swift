import FuzzSupport
import SmolFormats
import SmolTokenizers

private let scratch = ScratchFile(name: "input.gguf")

/// GGUF header, metadata and tensor infos (`SmolFormats.GGUFFile`), then the tensor data and the
/// embedded tokenizer (`Tokenizer.load(ggufPath:)`): any file either opens or throws a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    scratch.write(UnsafeBufferPointer(start: data, count: size))
    let file: GGUFFile
    do { file = try GGUFFile(path: scratch.path) } catch is FormatError { return 0 } catch {
        fatalError("GGUFFile threw a non-FormatError: \(error)")
    }
    for info in file.tensors {
        precondition(info.offset >= file.dataOffset && info.byteCount <= size - info.offset, "tensor '\(info.name)' lies outside the file")
        _ = try? file.withRawBytes(of: info.name) { $0.count }
        do { _ = try file.floats(info.name) } catch is FormatError {} catch { fatalError("floats threw a non-FormatError: \(error)") }
    }
    for (key, _) in file.metadata { precondition(file.value(key) != nil, "metadata key '\(key)' not indexed") }
    do {
        let tokenizer = try Tokenizer.load(ggufPath: scratch.path)
        let ids = tokenizer.encode("Hello, world 123 <|endoftext|>", addSpecialTokens: true)
        _ = tokenizer.decode(ids)
    } catch is TokenizerError {} catch is FormatError {} catch {
        fatalError("Tokenizer.load(ggufPath:) threw an untyped error: \(error)")
    }
    return 0
}
