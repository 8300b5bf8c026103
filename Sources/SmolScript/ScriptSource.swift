import Foundation

/// Reads a script file as UTF-8, locating the first byte that is not (`file:line:col`).
public enum ScriptSource {
    /// Why a script could not be read.
    public struct ReadError: Error, CustomStringConvertible {
        /// `path: error: …` or `path:line:col: error: …`, with how to fix it.
        public var description: String
    }

    /// The text of the file at `path`; fails on an unreadable file or invalid UTF-8.
    public static func read(_ path: String) throws(ReadError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "\(path): error: cannot read the script (no such file, or not readable)")
        }
        return try decode([UInt8](data), path: path)
    }

    /// Decodes UTF-8 bytes; the error names the line and column (in Unicode scalars, as diagnostics
    /// count them) of the first invalid byte.
    public static func decode(_ bytes: [UInt8], path: String) throws(ReadError) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var (line, column, offset) = (1, 1, 0)
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF8.width(scalar)
                if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
            case .emptyInput:
                return String(scalars)
            case .error:
                let byte = offset < bytes.count ? bytes[offset] : 0
                let hex = String(byte, radix: 16, uppercase: true)
                throw ReadError(description: "\(path):\(line):\(column): error: invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset)); save the script as UTF-8")
            }
        }
    }
}
