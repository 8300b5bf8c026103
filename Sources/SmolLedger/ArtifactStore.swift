import Foundation
import SmolCore
#if canImport(Glibc)
import Glibc
#endif

/// The content-addressed object store under `<workspace>/objects/`.
///
/// Invariants (tests cite them as "Store invariant N"):
/// 1. An object's name is the SHA-256 of its bytes: `objects/ab/cdef…` holds bytes hashing to `abcdef…`.
/// 2. Bytes are staged under `objects/tmp/` with `SmolCore.AtomicFile` (temporary file, fsync, rename),
///    made read-only, then renamed to their final name and the shard directory is fsynced. A kill at
///    any point leaves at most a stray file in `objects/tmp/`, never a partial object under a final name.
/// 3. The same content is stored once: putting bytes that are already present writes nothing.
/// 4. Objects are read-only (0444) and never modified in place.
/// 5. `verify(expecting:)` re-hashes every object and reports each expected object the store lacks,
///    including the files named by an expected tree manifest. The store holds no reference to the ledger:
///    `Workspace.verify()` passes what the ledger references, so a released ledger can never turn
///    "missing" into "ok".
public final class ArtifactStore: @unchecked Sendable {
    /// The workspace root; objects live in `root/objects`.
    public let root: String
    /// `root/objects`.
    public let objectsDirectory: String
    private let stagingDirectory: String

    /// Opens (creating) the store under `root/objects`, removing staging strays of dead writers or older
    /// than an hour.
    public init(root: String) throws {
        self.root = root
        objectsDirectory = root + "/objects"
        stagingDirectory = objectsDirectory + "/tmp"
        do {
            try FileManager.default.createDirectory(atPath: stagingDirectory, withIntermediateDirectories: true)
        } catch {
            throw LedgerError.io(path: stagingDirectory, reason: "cannot create the object store (\(error.localizedDescription)); check permissions")
        }
        removeOldStrays()
    }

    /// The path an object with this hash has (whether or not it exists).
    public func path(of sha256: String) -> String {
        objectsDirectory + "/" + ArtifactStore.relativeObjectPath(sha256).dropFirst("objects/".count)
    }

    /// `objects/ab/cdef…`, relative to the workspace root (what the ledger's `store_path` holds).
    public static func relativeObjectPath(_ sha256: String) -> String {
        "objects/\(sha256.prefix(2))/\(sha256.dropFirst(2))"
    }

    /// Whether an object with this hash is present.
    public func contains(_ sha256: String) -> Bool {
        ArtifactStore.isHash(sha256) && FileManager.default.fileExists(atPath: path(of: sha256))
    }

    /// Whether the object is present with the size the reference records and, for a tree, whether
    /// every file its manifest names is present. A cheap check (no re-hashing) for the cache.
    public func holds(_ ref: ArtifactRef) -> Bool {
        guard ArtifactStore.isHash(ref.sha256), isPresent(ref.sha256, size: Int(ref.bytes)) else { return false }
        guard looksLikeTreeManifest(ref.sha256) else { return true }
        guard let manifest = try? treeManifest(ref.sha256) else { return true }   // a file that merely starts like one
        return manifest.values.allSatisfy(contains)
    }

    /// Stores bytes (invariants 1-4) and returns their reference.
    public func put<B: ContiguousBytes>(_ bytes: B, kind: ArtifactKind, metadataJSON: String = "{}") throws -> ArtifactRef {
        let sha = SHA256.hex(of: bytes)
        let count = bytes.withUnsafeBytes { $0.count }
        if !isPresent(sha, size: count) {
            let staged = try stage { fd in try bytes.withUnsafeBytes { try AtomicFile.writeAll(fd, $0) } }
            try publish(staged, as: sha)
        }
        return ArtifactRef(sha256: sha, kind: kind, bytes: Int64(count), metadataJSON: metadataJSON)
    }

    /// Copies a file into the store, hashing while it streams (the hash is of the bytes copied).
    public func put(fileAt sourcePath: String, kind: ArtifactKind, metadataJSON: String = "{}") throws -> ArtifactRef {
        let source = open(sourcePath, O_RDONLY)
        guard source >= 0 else {
            throw LedgerError.io(path: sourcePath, reason: "cannot open for reading (\(String(cString: strerror(errno)))); check the path")
        }
        defer { close(source) }
        var result: (sha: String, count: Int64)?
        let staged = try stage { fd in result = try ArtifactStore.copy(from: source, to: fd, path: sourcePath) }
        guard let (sha, count) = result else { throw LedgerError.io(path: sourcePath, reason: "copy did not finish") }
        if isPresent(sha, size: Int(count)) {
            unlink(staged)
        } else {
            try publish(staged, as: sha)
        }
        return ArtifactRef(sha256: sha, kind: kind, bytes: count, metadataJSON: metadataJSON)
    }

    /// The bytes of an object.
    public func read(_ sha256: String) throws -> [UInt8] {
        let path = path(of: sha256)
        guard ArtifactStore.isHash(sha256), let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.missingObject(sha256: sha256, path: path)
        }
        return [UInt8](data)
    }

    /// Re-hashes every object and reports each of `expected` that is missing (invariant 5); sorted by
    /// path. Empty means the store is sound. `Workspace.verify()` passes what the ledger references.
    public func verify(expecting expected: Set<String>) throws -> [Mismatch] {
        var mismatches: [Mismatch] = []
        var present = Set<String>()
        let fm = FileManager.default
        let shards = ((try? fm.contentsOfDirectory(atPath: objectsDirectory)) ?? []).filter { $0.count == 2 && ArtifactStore.isHex($0) }
        for shard in shards.sorted() {
            let shardPath = objectsDirectory + "/" + shard
            for rest in ((try? fm.contentsOfDirectory(atPath: shardPath)) ?? []).sorted() {
                let expected = shard + rest
                guard ArtifactStore.isHash(expected) else { continue }
                present.insert(expected)
                let objectPath = shardPath + "/" + rest
                do {
                    let actual = try SHA256.hex(ofFileAt: objectPath)
                    if actual != expected {
                        mismatches.append(Mismatch(expected: expected, actual: actual, path: objectPath, reason: "hash mismatch"))
                    }
                } catch {
                    mismatches.append(Mismatch(expected: expected, actual: nil, path: objectPath, reason: "unreadable: \(error)"))
                }
            }
        }
        for sha in referencedObjects(expected).sorted() where !present.contains(sha) {
            mismatches.append(Mismatch(expected: sha, actual: nil, path: path(of: sha), reason: "missing"))
        }
        return mismatches.sorted { $0.path < $1.path }
    }

    /// The expected objects plus the files their tree manifests name.
    private func referencedObjects(_ expected: Set<String>) -> Set<String> {
        var referenced = expected
        for sha in expected where looksLikeTreeManifest(sha) {
            if let manifest = try? treeManifest(sha) { referenced.formUnion(manifest.values) }
        }
        return referenced
    }

    static func isHex(_ s: some StringProtocol) -> Bool {
        s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A 64-character lowercase hex string.
    public static func isHash(_ s: String) -> Bool { s.utf8.count == 64 && isHex(s) }

    // MARK: - Writing

    private func isPresent(_ sha: String, size: Int) -> Bool {
        var info = stat()
        guard stat(path(of: sha), &info) == 0 else { return false }
        return Int(info.st_size) == size // a truncated (damaged) object is replaced, not trusted
    }

    /// Writes a complete, fsynced file under `objects/tmp/` and returns its path.
    private func stage(_ body: (Int32) throws -> Void) throws -> String {
        let staged = stagingDirectory + "/stage-\(getpid())-\(UUID().uuidString)"
        do {
            try AtomicFile.write(to: staged, body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.io(path: staged, reason: "cannot write to the object store (\(error.localizedDescription)); check free space and permissions")
        }
        return staged
    }

    /// Makes a staged file read-only and renames it to its final name (invariants 2 and 4).
    private func publish(_ staged: String, as sha: String) throws {
        let final = path(of: sha)
        let shard = (final as NSString).deletingLastPathComponent
        var createdShard = false
        if !FileManager.default.fileExists(atPath: shard) {
            if mkdir(shard, 0o755) != 0 && errno != EEXIST {
                unlink(staged)
                throw LedgerError.io(path: shard, reason: "cannot create (\(String(cString: strerror(errno))))")
            }
            createdShard = true
        }
        chmod(staged, 0o444)
        guard rename(staged, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staged)
            throw LedgerError.io(path: final, reason: "cannot rename the staged object into place (\(reason))")
        }
        AtomicFile.syncDirectory(shard)
        if createdShard { AtomicFile.syncDirectory(objectsDirectory) }
    }

    /// Copies `source` to `destination` in 1 MiB chunks, returning the SHA-256 and size of what was copied.
    static func copy(from source: Int32, to destination: Int32, path: String) throws -> (String, Int64) {
        var hasher = SHA256()
        var total: Int64 = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = Glibc.read(source, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError.io(path: path, reason: "read failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            let piece = UnsafeRawBufferPointer(rebasing: chunk[0..<n])
            hasher.update(piece)
            try AtomicFile.writeAll(destination, piece)
            total += Int64(n)
        }
        return (hasher.hexDigest(), total)
    }

    /// Removes staging strays whose writer is gone: the file name carries the writing process's id
    /// (`stage-<pid>-…`, and AtomicFile's `.tmp-stage-<pid>-…`), so a stray of a process that no longer
    /// exists goes at once; any stray older than an hour goes too (a reused pid, another machine).
    private func removeOldStrays() {
        let fm = FileManager.default
        let cutoff = Date().addingTimeInterval(-3600)
        for name in (try? fm.contentsOfDirectory(atPath: stagingDirectory)) ?? [] {
            let path = stagingDirectory + "/" + name
            let writerGone = ArtifactStore.writerPID(ofStagedName: name).map { $0 != getpid() && kill($0, 0) != 0 && errno == ESRCH } ?? false
            let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if writerGone || (modified.map { $0 < cutoff } ?? false) {
                try? fm.removeItem(atPath: path)
            }
        }
    }

    /// The pid in a staged file's name (`stage-<pid>-…` or `.tmp-stage-<pid>-…`), or nil.
    static func writerPID(ofStagedName name: String) -> pid_t? {
        var rest = Substring(name)
        if rest.hasPrefix(".tmp-") { rest = rest.dropFirst(5) }
        guard rest.hasPrefix("stage-") else { return nil }
        rest = rest.dropFirst(6)
        guard let pid = pid_t(rest.prefix(while: { $0.isASCII && $0.isNumber })), pid > 0 else { return nil }
        return pid
    }
}
