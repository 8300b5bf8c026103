#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file, unmapped when the last reference goes away.
///
/// Invariants:
/// 1. The mapping is `PROT_READ` + `MAP_PRIVATE`: nothing in this module can write through it.
/// 2. `bytes` covers exactly `count` bytes; every reader bounds-checks against `count` before loading.
/// 3. Tensors keep a strong reference to their `MappedFile`, so their bytes outlive the container object.
final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from (used in error messages).
    let path: String
    /// The mapped bytes (`count` of them; nil base when the file is empty).
    let bytes: UnsafeRawBufferPointer

    /// Maps `path` read-only.
    init(path: String) throws(FormatError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, "cannot open (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, "cannot stat (\(String(cString: strerror(errno))))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .io(path: path, "not a regular file") }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let base, base != MAP_FAILED else {
            throw .io(path: path, "cannot mmap \(size) bytes (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// The file size in bytes.
    var count: Int { bytes.count }

    /// A sub-range that the caller has already bounds-checked.
    func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && length >= 0 && offset <= count - length, "unchecked slice")
        guard length > 0, let base = bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }
}
