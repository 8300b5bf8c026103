import SmolCore

/// Strict JSON (`SmolCore.JSONParser`): any bytes either parse or throw `JSONError`; a parsed value
/// re-serialises to canonical bytes that parse back to the same canonical bytes, and the
/// position-recording parser agrees with the fast one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let fast: Result<JSONValue, JSONError>
    do { fast = .success(try JSONParser.parse(bytes)) } catch let error as JSONError { fast = .failure(error) } catch {
        fatalError("JSONParser threw a non-JSONError: \(error)")
    }
    let recorded: Result<JSONValue, JSONError>
    do { recorded = .success(try JSONParser.parseWithPositions(bytes).0) } catch let error as JSONError { recorded = .failure(error) } catch {
        fatalError("JSONParser.parseWithPositions threw a non-JSONError: \(error)")
    }
    switch (fast, recorded) {
    case let (.success(a), .success(b)):
        // Canonical bytes (sorted keys) stand in for `==`, whose member-by-member search is quadratic
        // on a 200,000-key object and would time the harness out, not the parser.
        let canonical = a.canonicalBytes()
        precondition(b.canonicalBytes() == canonical, "parse and parseWithPositions disagree")
        guard let again = try? JSONParser.parse(canonical) else {
            fatalError("canonical bytes do not parse: \(String(decoding: canonical, as: UTF8.self))")
        }
        precondition(again.canonicalBytes() == canonical, "canonical bytes are not a fixed point")
    case let (.failure(a), .failure(b)):
        precondition(a == b, "parse and parseWithPositions report different errors: \(a) vs \(b)")
        precondition(a.line >= 1 && a.column >= 1 && a.byteOffset >= 0 && a.byteOffset <= size, "error position out of range: \(a)")
    default:
        fatalError("parse and parseWithPositions disagree on success")
    }
    return 0
}
