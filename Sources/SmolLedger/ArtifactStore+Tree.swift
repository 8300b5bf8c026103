import Foundation
import SmolCore
#if canImport(Glibc)
import Glibc
#endif

/// Tree artifacts: a folder (e.g. a model checkpoint) stored as its files plus a manifest.
///
/// The manifest is canonical JSON (`SmolCore` `canonicalBytes()`: keys sorted by UTF-8 bytes, no
/// whitespace) `{"files":{"<relative name>":"<sha256>",…},"format":"smol-tree-1"}`; the tree's hash is
/// the manifest's hash, so two folders with the same files have the same hash.
extension ArtifactStore {
    /// The manifest's format tag.
    static let treeFormat = "smol-tree-1"

    /// Stores every file, then the manifest naming them; returns the manifest's reference.
    public func putTree(_ files: [String: String], kind: ArtifactKind, metadataJSON: String = "{}") throws -> ArtifactRef {
        var entries: [(key: String, value: JSONValue)] = []
        for (name, source) in files {
            try ArtifactStore.validateTreeName(name)
            entries.append((name, .string(try put(fileAt: source, kind: .file).sha256)))
        }
        let manifest: JSONValue = ["files": .object(entries), "format": .string(ArtifactStore.treeFormat)]
        return try put(manifest.canonicalBytes(), kind: kind, metadataJSON: metadataJSON)
    }

    /// Writes the files of a tree artifact into `directory` (created), checking each file's hash.
    public func materializeTree(_ sha256: String, into directory: String) throws {
        let manifest = try treeManifest(sha256)
        for (name, fileSHA) in manifest.sorted(by: { $0.key < $1.key }) {
            let destination = directory + "/" + name
            let objectPath = path(of: fileSHA)
            let source = open(objectPath, O_RDONLY)
            guard source >= 0 else { throw LedgerError.missingObject(sha256: fileSHA, path: objectPath) }
            defer { close(source) }
            var copied: String?
            do {
                try AtomicFile.write(to: destination) { fd in copied = try ArtifactStore.copy(from: source, to: fd, path: objectPath).0 }
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError.io(path: destination, reason: "cannot write (\(error.localizedDescription)); check free space and permissions")
            }
            if copied != fileSHA {
                unlink(destination)
                throw LedgerError.invalidTree(sha256: sha256, reason: "object \(fileSHA) for '\(name)' hashes to \(copied ?? "?"); run `smol ledger verify`")
            }
        }
    }

    /// Makes `directory` a folder of symbolic links to the tree's objects, so a reader maps the stored
    /// bytes instead of keeping a second copy (store objects are immutable and named by their hash). An
    /// intact folder is kept; a stale one (an older full copy, links to removed objects) is replaced.
    public func linkTree(_ sha256: String, into directory: String) throws {
        let manifest = try treeManifest(sha256)
        let fm = FileManager.default
        func intact() -> Bool {
            manifest.allSatisfy { name, object in
                (try? fm.destinationOfSymbolicLink(atPath: directory + "/" + name)) == path(of: object)
                    && fm.fileExists(atPath: directory + "/" + name)
            }
        }
        if intact() { return }
        try? fm.removeItem(atPath: directory)
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, object) in manifest.sorted(by: { $0.key < $1.key }) {
                let objectPath = path(of: object)
                guard fm.fileExists(atPath: objectPath) else { throw LedgerError.missingObject(sha256: object, path: objectPath) }
                try fm.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: objectPath)
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            if intact() { return }   // another process linked the same tree meanwhile
            throw LedgerError.io(path: directory, reason: "cannot link the stored tree (\(error.localizedDescription)); check free space and permissions")
        }
    }

    /// The `name -> sha256` map of a tree artifact.
    public func treeManifest(_ sha256: String) throws -> [String: String] {
        let bytes = try read(sha256)
        guard let value = try? JSONParser.parse(bytes), value["format"] == .string(ArtifactStore.treeFormat),
              case .object(let files)? = value["files"] else {
            throw LedgerError.invalidTree(sha256: sha256, reason: "not a tree manifest; use read(_:) for a single-file artifact")
        }
        var manifest: [String: String] = [:]
        for (name, entry) in files {
            guard case .string(let fileSHA) = entry, ArtifactStore.isHash(fileSHA) else {
                throw LedgerError.invalidTree(sha256: sha256, reason: "entry '\(name)' is not a SHA-256")
            }
            try ArtifactStore.validateTreeName(name)
            manifest[name] = fileSHA
        }
        return manifest
    }

    /// Whether an object is a tree manifest, from its size and first bytes (large single-file objects are
    /// not read).
    public func looksLikeTreeManifest(_ sha256: String) -> Bool {
        let prefix = Array("{\"files\":{".utf8)
        let fd = open(path(of: sha256), O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size <= 64 << 20 else { return false }
        var head = [UInt8](repeating: 0, count: prefix.count)
        return Glibc.read(fd, &head, head.count) == head.count && head == prefix
    }

    /// A tree entry is a relative path with no empty, `.` or `..` components.
    static func validateTreeName(_ name: String) throws {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0"),
              components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw LedgerError.invalidName(name, reason: "tree entries must be relative paths without '.', '..' or empty parts")
        }
    }
}
