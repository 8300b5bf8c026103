import FuzzSupport
import SmolFormats

private let scratch = ScratchFile(name: "input.safetensors")

/// safetensors header + tensor table (`SmolFormats.SafeTensorsFile`): any file either opens or throws
/// `FormatError`; every tensor of a file that opens lies inside it and converts without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    scratch.write(UnsafeBufferPointer(start: data, count: size))
    let file: SafeTensorsFile
    do { file = try SafeTensorsFile(path: scratch.path) } catch is FormatError { return 0 } catch {
        fatalError("SafeTensorsFile threw a non-FormatError: \(error)")
    }
    for name in file.names {
        guard let tensor = file[name] else { fatalError("names lists '\(name)' but the subscript has none") }
        precondition(tensor.byteCount <= size, "tensor '\(name)' claims more bytes than the file has")
        let sum = tensor.withRawBytes { raw in raw.reduce(0) { $0 &+ Int($1) } }
        _ = sum
        do { _ = try tensor.floats() } catch is FormatError {} catch { fatalError("floats() threw a non-FormatError: \(error)") }
        do { _ = try tensor.int64s() } catch is FormatError {} catch { fatalError("int64s() threw a non-FormatError: \(error)") }
    }
    return 0
}
