import SmolDatasets

/// The gettext `.mo` reader (`GettextCatalog.parse`): any bytes parse or throw `GettextError`; what
/// parses re-encodes (both byte orders) to bytes that parse to the same entries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGettext(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let catalogue = try GettextCatalog.parse(bytes, path: "input.mo")
        for order in [GettextCatalog.ByteOrder.littleEndian, .bigEndian] {
            let again = try GettextCatalog.parse(GettextCatalog.encode(catalogue.entries, order: order), path: "again.mo")
            precondition(again.entries == catalogue.entries, "re-encoded catalogue reads back differently")
        }
    } catch is GettextError {
        return 0
    } catch {
        fatalError("GettextCatalog.parse threw a non-GettextError: \(error)")
    }
    return 0
}
