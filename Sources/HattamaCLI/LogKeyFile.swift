import Crypto
import Foundation
import HattamaStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The transparency log's signing key file: the one place the log's private key is kept.
///
/// The database holds only the public halves of the log's keys. The commands that sign tree
/// heads (`serve`, `demo`, the imports) read the key from this file and create it, with a new key
/// and mode 0600, when it does not exist yet; commands that only read never touch it.
enum LogKeyFile {
    /// The key file of `location`: the configured one, else `<database file>.log-key` next to a
    /// SQLite database and `./hattama-log.key` for PostgreSQL; nil for `:memory:`, whose key
    /// lives as long as the process (as its database does).
    static func path(for location: DatabaseLocation, configured: String?) -> String? {
        if let configured { return configured }
        switch location {
        case .sqlite(let path): return path + ".log-key"
        case .sqliteInMemory: return nil
        case .postgres: return "./hattama-log.key"
        }
    }

    /// The signer whose key is in the file at `path`, creating the file first when there is none.
    static func signer(at path: String) throws -> LogSigner {
        if !FileManager.default.fileExists(atPath: path) { try create(at: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(message: "log key file \(path): cannot be read")
        }
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32,
            let signer = try? LogSigner(rawRepresentation: raw)
        else { throw Failure(message: "log key file \(path): does not hold a base64 Ed25519 private key (32 bytes)") }
        return signer
    }

    /// Writes a new key. It is written to a private temporary file (mode 0600 from its creation,
    /// so never readable by others) and linked into place only when complete: a reader never sees
    /// half a key, and when two commands start at once the second link fails (EEXIST) and both
    /// use the first key.
    static func create(at path: String) throws {
        let key = Curve25519.Signing.PrivateKey()
        let temporary = path + ".new-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw Failure(message: "log key file \(path): cannot be created (\(String(cString: strerror(errno))))")
        }
        defer { unlink(temporary) }
        let text = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == text.count, synced else { throw Failure(message: "log key file \(path): cannot be written") }
        guard link(temporary, path) == 0 || errno == EEXIST else {
            throw Failure(message: "log key file \(path): cannot be created (\(String(cString: strerror(errno))))")
        }
    }
}
