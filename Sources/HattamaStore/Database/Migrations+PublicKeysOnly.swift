import Foundation

extension Migrations {
    /// No private key in the database (version 8).
    ///
    /// Before this version the server kept private keys in two tables: the demo commissions' keys
    /// in `commission_keys` and its own log key in `log_keys`. The demo now derives its keys from
    /// its seed and the server reads the log key from its key file, so both tables are rebuilt with
    /// their public columns only. Versions 2 and 3 were edited at the same time to create the
    /// tables without that column; the rebuild makes an old database and a new one the same.
    ///
    /// A table cannot lose a column without naming it, except by being rebuilt: copy the public
    /// columns aside, drop the table, create it again under its own name and copy them back.
    /// `tree_heads` refers to `log_keys`: SQLite checks that reference at commit
    /// (`defer_foreign_keys`, reset by the commit), by which time every key is back; PostgreSQL
    /// drops the constraint with the table (CASCADE) and it is added again afterwards.
    static let publicKeysOnly: [Migration] = [
        Migration(version: 8, name: "commission and log keys: public halves only") { sql in
            let commissionColumns = "commission_id, public_key, registered_at"
            let logColumns = "key_id, public_key, created_at"
            return (sql.isPostgres ? [] : ["PRAGMA defer_foreign_keys = ON"]) + [
                "CREATE TABLE commission_keys_v8 AS SELECT \(commissionColumns) FROM commission_keys",
                "DROP TABLE commission_keys",
                """
                CREATE TABLE commission_keys (
                    commission_id TEXT PRIMARY KEY REFERENCES commissions(id),
                    public_key TEXT NOT NULL,
                    registered_at TEXT NOT NULL
                )
                """,
                "INSERT INTO commission_keys (\(commissionColumns)) SELECT \(commissionColumns) FROM commission_keys_v8",
                "DROP TABLE commission_keys_v8",
                "CREATE TABLE log_keys_v8 AS SELECT \(logColumns) FROM log_keys",
                sql.isPostgres ? "DROP TABLE log_keys CASCADE" : "DROP TABLE log_keys",
                """
                CREATE TABLE log_keys (
                    key_id TEXT PRIMARY KEY,
                    public_key TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                "INSERT INTO log_keys (\(logColumns)) SELECT \(logColumns) FROM log_keys_v8",
                "DROP TABLE log_keys_v8",
            ]
                + (sql.isPostgres
                    ? ["ALTER TABLE tree_heads ADD CONSTRAINT tree_heads_key_id_fkey FOREIGN KEY (key_id) REFERENCES log_keys(key_id)"]
                    : [])
        }
    ]
}
