import Foundation

extension Migrations {
    /// Commission members, substitutions, sessions, decisions, complaints (version 6).
    ///
    /// Each row keeps the HattamaCore value it records as canonical JSON in `body` (what reads
    /// decode and what the log entry's payload carries); the other columns are indexes for queries
    /// and are rebuilt from `body` by `verifyLog()`. `log_index` is the entry of the row's latest
    /// public act (a member who leaves, a complaint that moves on: earlier entries stay as history).
    static let commissionsAtWork: [Migration] = [
        Migration(version: 6, name: "commissions at work: members, representatives, substitutions, sessions, decisions, complaints") {
            sql in
            [
                // Voting members and consultative party representatives; seq keeps the order of the acts.
                // appointment_log_index is the entry of the appointment, log_index of the latest act.
                """
                CREATE TABLE commission_members (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    commission_id TEXT NOT NULL REFERENCES commissions(id),
                    id TEXT NOT NULL,
                    seq \(sql.bigint) NOT NULL,
                    voting_right TEXT NOT NULL,
                    position TEXT NOT NULL,
                    nomination TEXT NOT NULL,
                    appointed_by TEXT NOT NULL,
                    term_start TEXT NOT NULL,
                    term_end TEXT NOT NULL,
                    left_on TEXT,
                    replaces TEXT,
                    interim TEXT NOT NULL,
                    body TEXT NOT NULL,
                    appointment_log_index \(sql.bigint),
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, commission_id, id),
                    UNIQUE (election_id, seq)
                )
                """,
                "CREATE INDEX commission_members_nomination ON commission_members(election_id, nomination)",
                """
                CREATE TABLE representative_refusals (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    commission_id TEXT NOT NULL REFERENCES commissions(id),
                    seq \(sql.bigint) NOT NULL,
                    party_id TEXT NOT NULL,
                    refused_on TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, commission_id, seq)
                )
                """,
                """
                CREATE TABLE commission_substitutions (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    commission_id TEXT NOT NULL REFERENCES commissions(id),
                    replacement_id TEXT NOT NULL,
                    leaving_member_id TEXT NOT NULL,
                    left_on TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, commission_id, replacement_id)
                )
                """,
                """
                CREATE TABLE commission_sessions (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    commission_id TEXT NOT NULL REFERENCES commissions(id),
                    id TEXT NOT NULL,
                    opens_at TEXT NOT NULL,
                    notice_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, commission_id, id)
                )
                """,
                "CREATE INDEX commission_sessions_opens ON commission_sessions(election_id, opens_at)",
                // Published decisions only: texts in every language, votes and dissents are in body.
                """
                CREATE TABLE commission_decisions (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    commission_id TEXT NOT NULL REFERENCES commissions(id),
                    id TEXT NOT NULL,
                    session_id TEXT NOT NULL,
                    number TEXT NOT NULL,
                    complaint_id TEXT,
                    published_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, commission_id, id),
                    UNIQUE (election_id, commission_id, number)
                )
                """,
                // Complaints and appeals (an appeal is a complaint with appeal_of); the registration
                // number is unique per deciding commission (NULL until registered).
                """
                CREATE TABLE complaints (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    id TEXT NOT NULL,
                    venue TEXT NOT NULL,
                    venue_id TEXT NOT NULL,
                    subject_commission_id TEXT NOT NULL,
                    registration_number TEXT,
                    state TEXT NOT NULL,
                    complainant_kind TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    last_day TEXT NOT NULL,
                    outcome TEXT,
                    appeal_of TEXT,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, id),
                    UNIQUE (election_id, venue_id, registration_number)
                )
                """,
                "CREATE INDEX complaints_venue ON complaints(election_id, venue_id, state)",
                """
                CREATE TABLE complaint_appeals (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    complaint_id TEXT NOT NULL,
                    appeal_id TEXT NOT NULL,
                    venue_id TEXT NOT NULL,
                    filed_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, complaint_id)
                )
                """,
                """
                CREATE TABLE court_rulings (
                    election_id TEXT NOT NULL REFERENCES elections(id),
                    complaint_id TEXT NOT NULL,
                    court TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    decided_at TEXT NOT NULL,
                    body TEXT NOT NULL,
                    log_index \(sql.bigint),
                    PRIMARY KEY (election_id, complaint_id)
                )
                """,
            ]
        }
    ]
}
