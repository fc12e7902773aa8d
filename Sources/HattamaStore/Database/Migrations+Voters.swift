import Foundation

extension Migrations {
    /// Voter register, special-station lists, absentee voting certificates (version 5).
    ///
    /// One voter, one list, by construction: a voter is one row of `voters` (the IIN, as a 64-bit
    /// integer, is the primary key, so SQLite stores it as the rowid and 9 million rows need no
    /// second key index). The row is the voter's entry on their home list; `away_precinct_id` is the
    /// other list they are on instead (a special station, or the station that accepted their absentee
    /// certificate). CHECK constraints tie it to `home_status`, so the database itself refuses a voter
    /// who is active at home and on another list, a second row for an IIN, or a "move" to the home list.
    static let voterRegister: [Migration] = [
        Migration(version: 5, name: "voter register, list events and requests, absentee certificates, ballot marks, list commitments") {
            sql in
            [
                """
                CREATE TABLE voters (
                    iin \(sql.bigint) PRIMARY KEY CHECK (iin > 0 AND iin < 1000000000000),
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
                "CREATE INDEX voters_home ON voters(home_precinct_id)",
                // Only the few voters on a list other than their home list.
                "CREATE INDEX voters_away ON voters(away_precinct_id) WHERE away_precinct_id IS NOT NULL",
                // The trail: imports, special-station moves and undos, additions, certificate acts.
                // Logged rows carry their log index; their payloads never hold IINs or names.
                """
                CREATE TABLE voter_list_events (
                    id \(sql.serialKey),
                    election_id TEXT REFERENCES elections(id),
                    iin \(sql.bigint),
                    kind TEXT NOT NULL,
                    precinct_id TEXT REFERENCES commissions(id),
                    other_precinct_id TEXT REFERENCES commissions(id),
                    serial \(sql.bigint),
                    count \(sql.bigint),
                    detail TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    log_index \(sql.bigint)
                )
                """,
                "CREATE INDEX voter_list_events_iin ON voter_list_events(iin)",
                // Inclusion and correction requests during public scrutiny: proof of residence is
                // required, a refusal must give its reason (it is appealable).
                """
                CREATE TABLE voter_requests (
                    id \(sql.serialKey),
                    kind TEXT NOT NULL CHECK (kind IN ('inclusion', 'correction')),
                    iin \(sql.bigint) NOT NULL,
                    precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    particulars TEXT NOT NULL,
                    proof TEXT NOT NULL CHECK (proof <> ''),
                    filed_by TEXT NOT NULL,
                    filed_at TEXT NOT NULL,
                    decision TEXT CHECK (decision IN ('granted', 'refused')),
                    reason TEXT,
                    decided_by TEXT,
                    decided_at TEXT,
                    CHECK (decision IS NULL OR decided_at IS NOT NULL),
                    CHECK (decision IS NULL OR decision <> 'refused' OR (reason IS NOT NULL AND reason <> ''))
                )
                """,
                // Absentee certificates: produced for the central commission, passed down to PECs
                // (holder_id is the current holder or the issuing PEC), issued, redeemed once or void.
                """
                CREATE TABLE absentee_certificates (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    serial \(sql.bigint) NOT NULL CHECK (serial >= 1),
                    holder_id TEXT NOT NULL REFERENCES commissions(id),
                    state TEXT NOT NULL CHECK (state IN ('held', 'issued', 'redeemed', 'void')),
                    iin \(sql.bigint) REFERENCES voters(iin),
                    issued_at TEXT,
                    redeemed_precinct_id TEXT REFERENCES precincts(id),
                    redeemed_at TEXT,
                    void_reason TEXT,
                    PRIMARY KEY (election_id, serial),
                    CHECK ((state IN ('issued', 'redeemed')) = (iin IS NOT NULL)),
                    CHECK ((state = 'redeemed') = (redeemed_precinct_id IS NOT NULL))
                )
                """,
                "CREATE INDEX absentee_certificates_holder ON absentee_certificates(election_id, holder_id, state)",
                "CREATE UNIQUE INDEX absentee_certificates_voter ON absentee_certificates(election_id, iin) WHERE iin IS NOT NULL",
                // Production (from_id NULL) and every allocation down the chain, as serial ranges.
                """
                CREATE TABLE absentee_allocations (
                    id \(sql.serialKey),
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    from_id TEXT REFERENCES commissions(id),
                    to_id TEXT NOT NULL REFERENCES commissions(id),
                    serials TEXT NOT NULL,
                    count \(sql.bigint) NOT NULL CHECK (count > 0),
                    allocated_by TEXT NOT NULL,
                    allocated_at TEXT NOT NULL,
                    log_index \(sql.bigint)
                )
                """,
                // One mark per voter and election: a second "ballot issued" is refused by the key and
                // recorded in ballot_mark_conflicts instead.
                """
                CREATE TABLE ballot_marks (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    iin \(sql.bigint) NOT NULL,
                    precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    marked_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    PRIMARY KEY (election_id, iin)
                )
                """,
                "CREATE INDEX ballot_marks_precinct ON ballot_marks(election_id, precinct_id)",
                """
                CREATE TABLE ballot_mark_conflicts (
                    id \(sql.serialKey),
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    iin \(sql.bigint) NOT NULL,
                    precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    first_precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    marked_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                )
                """,
                // Salted per-precinct list roots (VoterListCommitment); the salt stays with the CEC.
                """
                CREATE TABLE voter_list_commitments (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    precinct_id TEXT NOT NULL REFERENCES precincts(id),
                    entry_count \(sql.bigint) NOT NULL CHECK (entry_count >= 0),
                    root TEXT NOT NULL,
                    salt TEXT NOT NULL,
                    finalised_by TEXT NOT NULL,
                    finalised_at TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, precinct_id)
                )
                """,
            ]
        }
    ]
}
