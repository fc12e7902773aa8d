import Foundation
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The raw connection under a bulk transaction: list imports bind values straight into SQLite
/// statements and stream PostgreSQL's COPY, which SQLKit's encoders are far too slow for at
/// 9 million rows.
enum BulkConnection: @unchecked Sendable {
    case sqlite(SQLiteConnection)
    case postgres(PostgresConnection)
}

extension Backend {
    /// `transaction` with the raw connection as well. With `foreignKeys: false`, SQLite checks no
    /// foreign key inside the transaction (the pragma cannot change inside one): the body must
    /// check what it writes itself. PostgreSQL always checks them.
    func bulkTransaction<T: Sendable>(
        foreignKeys: Bool = true, _ body: @Sendable (any SQLDatabase, BulkConnection) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite(let connection, let lock):
            await lock.lock()
            let db = connection.sql()
            do {
                if !foreignKeys { try await db.raw("PRAGMA foreign_keys = OFF").run() }
                try await db.raw("BEGIN IMMEDIATE").run()
                let result: T
                do {
                    result = try await body(db, .sqlite(connection))
                    try await db.raw("COMMIT").run()
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
                if !foreignKeys { try await db.raw("PRAGMA foreign_keys = ON").run() }
                await lock.unlock()
                return result
            } catch {
                if !foreignKeys { try? await db.raw("PRAGMA foreign_keys = ON").run() }
                await lock.unlock()
                throw error
            }
        case .postgres(let client, _):
            do {
                return try await client.withConnection { connection in
                    let db = connection.sql(queryLogLevel: nil)
                    try await db.raw("BEGIN").run()
                    let result: T
                    do {
                        result = try await body(db, .postgres(connection))
                    } catch {
                        try? await db.raw("ROLLBACK").run()
                        throw error
                    }
                    try await db.raw("COMMIT").run()
                    return result
                }
            } catch let error as PSQLError {
                // As Backend.transaction: the server's message and SQLSTATE, integrity violations as conflicts.
                let message = error.serverInfo?[.message] ?? "\(error.code)"
                let state = error.serverInfo?[.sqlState]
                let text = "PostgreSQL: \(message)" + (state.map { " (SQLSTATE \($0))" } ?? "")
                throw state?.hasPrefix("23") == true ? StoreError.conflict(text) : StoreError.unavailable(text)
            }
        }
    }
}
