import Foundation
import SmolCore

/// JSONL lines gathered into one buffer so that a batch can be parsed and normalised on several threads.
///
/// Invariants:
/// 1. results come back in file order, whatever the number of workers: a worker handles one
///    contiguous range of lines and writes only its own slot, and slots are concatenated in order;
/// 2. each line is processed on its own (the only shared input is read-only: the bytes and what the
///    caller captured, such as the schema fixed before the batch), so the bytes and errors produced
///    are identical to processing the lines one by one;
/// 3. `bytes` is not modified while workers run, so each line's buffer stays valid for all the
///    work (including re-parsing it to locate a problem).
struct LineBatch {
    /// One line of the batch: its bytes in `bytes`, or a line that exceeded the size cap.
    enum Entry {
        case text(number: Int, start: Int, count: Int, endsWithNewline: Bool)
        case overlong(number: Int, bytesSeen: Int)
    }

    /// The text of every `.text` entry, back to back (no separators).
    private(set) var bytes: [UInt8] = []
    /// The lines, in file order.
    private(set) var entries: [Entry] = []

    /// Flush when the batch holds this many bytes (or `maxLines` lines).
    static let targetBytes = 1 << 20
    static let maxLines = 8192

    var isFull: Bool { bytes.count >= LineBatch.targetBytes || entries.count >= LineBatch.maxLines }
    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ number: Int, _ line: LineReader.Line) {
        switch line {
        case .overlong(let seen): entries.append(.overlong(number: number, bytesSeen: seen))
        case .text(let text, let endsWithNewline):
            entries.append(.text(number: number, start: bytes.count, count: text.count, endsWithNewline: endsWithNewline))
            bytes.append(contentsOf: text)
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with entry `k` and its line buffer.
    func withEntry<R>(_ k: Int, _ body: (Entry, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            if case .text(_, let start, let count, _) = entries[k] {
                return try body(entries[k], UnsafeBufferPointer(rebasing: buffer[start..<start + count]))
            }
            return try body(entries[k], UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    /// The number of worker threads used for a batch: `SMOL_LOAD_THREADS` when set, else one per core
    /// (at most 8). The output is the same for every value (invariant 1); only the speed changes.
    /// (On 2 cores, 100 MB of short SFT records: 2 threads ran 1.75x faster than 1 when the second
    /// core was idle, and 5-10% slower when another process kept it busy.)
    static let workers: Int = {
        if let text = ProcessInfo.processInfo.environment["SMOL_LOAD_THREADS"], let n = Int(text), n >= 1 { return min(n, 64) }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }()

    /// `transform` applied to entries `first...` (each with its line buffer), in file order, spread over
    /// `workers` threads in contiguous ranges of about equal bytes.
    func map<Result: Sendable>(from first: Int, workers: Int = LineBatch.workers,
                               _ transform: @Sendable (Entry, UnsafeBufferPointer<UInt8>) -> Result) -> [Result] {
        let count = entries.count - first
        guard count > 0 else { return [] }
        return bytes.withUnsafeBufferPointer { buffer in
            let shared = SendableLines(buffer: buffer, entries: entries)
            let ranges = shared.split(first..<entries.count, into: min(workers, count))
            if ranges.count == 1 { return shared.run(ranges[0], transform) }
            var slots = [[Result]](repeating: [], count: ranges.count)
            slots.withUnsafeMutableBufferPointer { out in
                let results = UnsafeMutableSendablePointer(out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { w in
                    results[w] = shared.run(ranges[w], transform)   // worker w writes only slot w (invariant 1)
                }
            }
            return Array(slots.joined())
        }
    }
}

/// The batch's read-only bytes and entries, shared with the worker threads (invariant 3).
private struct SendableLines: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    let entries: [LineBatch.Entry]

    func run<Result>(_ range: Range<Int>, _ transform: (LineBatch.Entry, UnsafeBufferPointer<UInt8>) -> Result) -> [Result] {
        var out: [Result] = []
        out.reserveCapacity(range.count)
        for k in range {
            switch entries[k] {
            case .text(_, let start, let count, _):
                out.append(transform(entries[k], UnsafeBufferPointer(rebasing: buffer[start..<start + count])))
            case .overlong:
                out.append(transform(entries[k], UnsafeBufferPointer(start: nil, count: 0)))
            }
        }
        return out
    }

    /// Contiguous ranges covering `range`, cut where the running byte count passes each share.
    func split(_ range: Range<Int>, into parts: Int) -> [Range<Int>] {
        guard parts > 1 else { return [range] }
        func size(_ k: Int) -> Int { if case .text(_, _, let count, _) = entries[k] { return count + 1 } else { return 1 } }
        let total = range.reduce(0) { $0 + size($1) }
        var ranges: [Range<Int>] = []
        var start = range.lowerBound, running = 0
        for k in range {
            running += size(k)
            if running * parts >= total * (ranges.count + 1) && ranges.count < parts - 1 {
                ranges.append(start..<k + 1)
                start = k + 1
            }
        }
        ranges.append(start..<range.upperBound)
        return ranges.filter { !$0.isEmpty }
    }
}

