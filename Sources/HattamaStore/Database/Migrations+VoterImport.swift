import Foundation

extension Migrations {
    /// Voter rows in arrival order (version 7, SQLite only; PostgreSQL keeps its table).
    ///
    /// Version 5 made the IIN the primary key, which SQLite stores as the rowid: a delivered list
    /// is in precinct order, so every row of a 9-million-voter import landed on a random page of
    /// a 1.2 GB B-tree. Here `voters` gets SQLite's implicit rowid (rows are appended as they
    /// arrive) and one voter, one list stays a database rule as the UNIQUE index `voters_iin`,
    /// which also serves every `WHERE iin = …` and the absentee certificates' foreign key.
    ///
    /// SQLite cannot change a table's key in place: the table is rebuilt, and so is
    /// `absentee_certificates` (its foreign key must not dangle while `voters` is dropped).
    /// A PostgreSQL table is a heap already (rows go where there is room), and its primary key
    /// is the unique index, so nothing changes there.
    static let voterImport: [Migration] = [
        Migration(version: 7, name: "voters in arrival order, one voter one list as a unique index (SQLite)") { sql in
            guard !sql.isPostgres else { return [] }
            let voterColumns =
                "iin, surname, given_name, patronymic, birth_date, settlement, address, home_precinct_id, home_status, away_precinct_id, election_day_addition"
            return [
                """
                CREATE TABLE voters_v7 (
                    iin INTEGER NOT NULL CHECK (iin > 0 AND iin < 1000000000000),
                    surname TEXT NOT NULL, given_name TEXT NOT NULL, patronymic TEXT NOT NULL,
                    birth_date TEXT NOT NULL, settlement TEXT NOT NULL, address TEXT NOT NULL,
                    home_precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    home_status TEXT NOT NULL DEFAULT 'active' CHECK (home_status IN ('active', 'special', 'absentee')),
                    away_precinct_id TEXT REFERENCES precincts(id),
                    election_day_addition INTEGER NOT NULL DEFAULT 0 CHECK (election_day_addition IN (0, 1)),
                    CHECK (home_status <> 'active' OR away_precinct_id IS NULL),
                    CHECK (home_status <> 'special' OR away_precinct_id IS NOT NULL),
                    CHECK (away_precinct_id IS NULL OR away_precinct_id <> home_precinct_id)
                )
                """,
                "INSERT INTO voters_v7 (\(voterColumns)) SELECT \(voterColumns) FROM voters ORDER BY home_precinct_id, iin",
                "CREATE TABLE absentee_certificates_v7 AS SELECT * FROM absentee_certificates",
                "DROP TABLE absentee_certificates",
                "DROP TABLE voters",
                "ALTER TABLE voters_v7 RENAME TO voters",
                "CREATE UNIQUE INDEX voters_iin ON voters(iin)",
                "CREATE INDEX voters_home ON voters(home_precinct_id)",
                "CREATE INDEX voters_away ON voters(away_precinct_id) WHERE away_precinct_id IS NOT NULL",
                // As version 5 created it.
                """
                CREATE TABLE absentee_certificates (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    serial INTEGER NOT NULL CHECK (serial >= 1),
                    holder_id TEXT NOT NULL REFERENCES commissions(id),
                    state TEXT NOT NULL CHECK (state IN ('held', 'issued', 'redeemed', 'void')),
                    iin INTEGER REFERENCES voters(iin),
                    issued_at TEXT,
                    redeemed_precinct_id TEXT REFERENCES precincts(id),
                    redeemed_at TEXT,
                    void_reason TEXT,
                    PRIMARY KEY (election_id, serial),
                    CHECK ((state IN ('issued', 'redeemed')) = (iin IS NOT NULL)),
                    CHECK ((state = 'redeemed') = (redeemed_precinct_id IS NOT NULL))
                )
                """,
                "INSERT INTO absentee_certificates SELECT * FROM absentee_certificates_v7",
                "DROP TABLE absentee_certificates_v7",
                "CREATE INDEX absentee_certificates_holder ON absentee_certificates(election_id, holder_id, state)",
                "CREATE UNIQUE INDEX absentee_certificates_voter ON absentee_certificates(election_id, iin) WHERE iin IS NOT NULL",
            ]
        }
    ]
}
