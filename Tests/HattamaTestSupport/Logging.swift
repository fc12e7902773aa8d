import HattamaStore
import Logging

/// The logger every test hands to a store or server: critical only, so that a failing test's
/// output is the test's own.
public let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// The log's signing key in these tests: made in memory, one per test process, so that every store
/// opened on one database signs with the same key (no key file, no key in the database).
public let testLogSigner = LogSigner.generate()
