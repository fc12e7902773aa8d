import Crypto
import Foundation
import HattamaCore
import HattamaLedger
import SQLKit

extension SQLRow {
    func text(_ prefix: String) throws -> LocalizedText {
        LocalizedText(
            kk: try decode(column: "\(prefix)_kk", as: String.self),
            ru: try decode(column: "\(prefix)_ru", as: String.self),
            en: try decode(column: "\(prefix)_en", as: String.self))
    }

    func int(_ column: String) throws -> Int {
        try decodeNil(column: column) ? 0 : try decode(column: column, as: Int.self)
    }

    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }

    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : try decode(column: column, as: String.self)
    }
}

/// Rows of the structure tables as Core values: several areas read commissions and precincts.
enum Row {
    static let precinctColumns = """
        SELECT id, number, kind, settlement_kk, settlement_ru, settlement_en, address_kk, address_ru, address_en,
        registered_voters, tabulating_commission_id FROM precincts
        """

    static func precinct(_ row: any SQLRow) throws -> Precinct {
        Precinct(
            id: try row.string("id"), number: try row.int("number"), kind: try row.string("kind"), settlement: try row.text("settlement"),
            address: try row.text("address"), registeredVoters: try row.int("registered_voters"),
            tabulatingCommissionID: try row.string("tabulating_commission_id"))
    }

    static func commission(_ row: any SQLRow) throws -> Commission {
        Commission(
            id: try row.string("id"), level: try row.string("level"), parentID: try row.optionalString("parent_id"),
            name: try row.text("name"))
    }
}

/// Text and digests as log payloads write them: every area builds payloads of its own rows.
enum Canonical {
    /// A JSON string literal, as `JSONEncoder.sorted` writes it.
    static func jsonString(_ text: String) -> String {
        // Printable ASCII without `"` or `\` is written as it is (slashes unescaped, as
        // JSONEncoder.sorted writes them); only other text needs the encoder.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + text + "\"" }
        return (try? JSONEncoder.sorted.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        // One shared encoder: String(format:) per byte once cost 14% of ingest time.
        Hex.encode(SHA256.hash(data: bytes))
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension SQLDatabase {
    /// Multi-row INSERTs in batches that stay under both backends' bind limits.
    func insertRows(_ table: String, _ columns: [String], _ rows: [[(any Encodable & Sendable)?]]) async throws {
        guard !rows.isEmpty else { return }
        let perBatch = Swift.max(1, 30_000 / Swift.max(columns.count, 1) / 4)
        for batch in rows.chunked(perBatch) {
            var insert = self.insert(into: table).columns(columns)
            for row in batch {
                insert = insert.values(row.map { value -> any SQLExpression in value.map { SQLBind($0) } ?? SQLLiteral.null })
            }
            try await insert.run()
        }
    }
}
