import FuzzSupport
import SmolDatasets

private let files = [ScratchFile(name: "input.jsonl"), ScratchFile(name: "input.json"), ScratchFile(name: "input.csv")]

/// Dataset readers (`DatasetReader.load`): the first byte picks JSONL, JSON array or CSV and whether
/// invalid lines are skipped; the rest is the file. Any file loads or throws `DatasetError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDatasets(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let file = files[selector % 3]
    let skipInvalid = (selector / 3) % 2 == 1
    file.write(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        let (dataset, skipped) = try DatasetReader.load(path: file.path, skipInvalid: skipInvalid, maxLineBytes: 1 << 16)
        precondition(skipInvalid || skipped.isEmpty, "lines were skipped without skipInvalid")
        precondition(skipped.allSatisfy { $0.line >= 1 && $0.column >= 1 }, "a skipped line has no position: \(skipped)")
        _ = dataset.count
    } catch let error as DatasetError {
        if case let .malformed(_, line, column, _, _) = error {
            precondition(line >= 1 && column >= 1, "error without a position: \(error)")
        }
    } catch {
        fatalError("DatasetReader.load threw a non-DatasetError: \(error)")
    }
    return 0
}
