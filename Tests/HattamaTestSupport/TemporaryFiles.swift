import Foundation

/// A URL in the temporary directory that no other test uses, ending in `name`; nothing is created.
public func temporaryURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("hattama-\(UUID().uuidString)-\(name)")
}

/// The path of `temporaryURL(name)`.
public func temporaryFile(_ name: String) -> String {
    temporaryURL(name).path
}

/// Writes `text` to a new temporary file ending in `name` and returns its path.
public func writeTemporaryFile(_ text: String, named name: String) throws -> String {
    let path = temporaryFile(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// A path for a new SQLite database; remove it with `removeDatabase`.
public func temporaryDatabase() -> String {
    temporaryFile("test.sqlite")
}

/// Removes a SQLite database and what SQLite and the log keep beside it (write-ahead log, shared
/// memory, the log's key file); files that are not there are no error.
public func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", ".log-key"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
