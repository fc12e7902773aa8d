import Foundation

/// The OpenAPI 3.1 description of what the server answers today. Kept next to the routes it
/// describes; a test checks every documented path is routed and every API route documented.
enum OpenAPIDocument {
    static func json() -> Data {
        let ref = { (name: String) in ["$ref": "#/components/schemas/\(name)"] }
        let error = ["description": "Error", "content": ["application/json": ["schema": ref("Error")]]] as [String: Any]
        func ok(_ schema: String, _ description: String = "OK") -> [String: Any] {
            ["description": description, "content": ["application/json": ["schema": ref(schema)]]]
        }
        let localized: [String: Any] = [
            "type": "object", "required": ["kk", "ru", "en"],
            "properties": ["kk": ["type": "string"], "ru": ["type": "string"], "en": ["type": "string"]],
        ]
        let counts: [String: Any] = [
            "type": "object",
            "properties": [
                "precincts": ["type": "integer"], "registeredVoters": ["type": "integer"], "specialPrecincts": ["type": "integer"],
                "abroadPrecincts": ["type": "integer"],
            ],
        ]
        let bearer: [[String: [String]]] = [["bearer": []]]
        let electionParameter: [String: Any] = ["name": "election", "in": "path", "required": true, "schema": ["type": "string"]]
        let figures: [String: Any] = ["type": "object", "additionalProperties": ["type": "integer", "minimum": 0]]
        let check: [String: Any] = [
            "type": "object",
            "properties": [
                "ruleID": ["type": "string"], "expression": ["type": "string"],
                "severity": ["type": "string", "enum": ["error", "warning"]],
                "left": ["type": "integer"], "right": ["type": "integer"], "tolerance": ["type": "integer"], "article": ["type": "string"],
                "messages": ref("LocalizedText"), "passed": ["type": "boolean"],
            ],
        ]
        func count(_ name: String, _ required: Bool, _ description: String? = nil) -> [String: Any] {
            var parameter: [String: Any] = [
                "name": name, "in": "query", "required": required, "schema": ["type": "integer", "minimum": 0],
            ]
            parameter["description"] = description
            return parameter
        }
        let hex: [String: Any] = ["type": "string", "pattern": "^[0-9a-f]*$"]
        var document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Hattama API", "version": "1",
                "description":
                    "Election administration and results transparency. Public reads need no authentication; writes need a bearer token.",
            ],
            "paths": [
                "/healthz": ["get": ["summary": "Liveness and database check", "responses": ["200": ok("Health"), "503": error]]],
                "/metrics": [
                    "get": ["summary": "Prometheus metrics", "responses": ["200": ["description": "Prometheus text exposition"]]]
                ],
                "/api/v1/elections": ["get": ["summary": "Elections with their candidates", "responses": ["200": ok("Elections")]]],
                "/api/v1/elections/{election}/commissions/{commission}": [
                    "get": [
                        "summary": "A commission with its tabulated children and subtree counts",
                        "parameters": [
                            ["name": "election", "in": "path", "required": true, "schema": ["type": "string"]],
                            ["name": "commission", "in": "path", "required": true, "schema": ["type": "string"]],
                        ],
                        "responses": ["200": ok("Commission"), "404": error],
                    ]
                ],
                "/api/v1/auth/token": [
                    "post": [
                        "summary": "Exchange a username and password for a bearer token",
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ref("TokenRequest")]]],
                        "responses": ["201": ok("Token", "Created"), "400": error, "401": error],
                    ]
                ],
                "/api/v1/users": [
                    "post": [
                        "summary": "Add a user with a role scoped to one commission",
                        "security": bearer,
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ref("NewUser")]]],
                        "responses": [
                            "201": ok("User", "Created"), "400": error, "401": error, "403": error, "404": error, "409": error,
                            "422": error,
                        ],
                    ]
                ],
                "/api/v1/users/me": [
                    "get": ["summary": "The signed-in user", "security": bearer, "responses": ["200": ok("User"), "401": error]]
                ],
                "/api/v1/elections/{election}/protocols": [
                    "post": [
                        "summary": "Submit a precinct's signed results protocol (commission secretary of that precinct)",
                        "security": bearer,
                        "parameters": [electionParameter],
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ref("ProtocolSubmission")]]],
                        "responses": [
                            "201": ok("ProtocolVersion", "Stored (accepted, accepted-with-warnings or quarantined)"), "400": error,
                            "401": error,
                            "403": error, "404": error, "409": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/elections/{election}/protocols/{precinct}": [
                    "get": [
                        "summary": "A precinct's protocol: the counted version, the latest, the whole history, control checks and hashes",
                        "parameters": [
                            electionParameter, ["name": "precinct", "in": "path", "required": true, "schema": ["type": "string"]],
                        ],
                        "responses": ["200": ok("ProtocolRecord"), "404": error],
                    ]
                ],
                "/api/v1/elections/{election}/results": [
                    "get": [
                        "summary": "Summary protocol of a commission (default: the central one), its children, progress and outcome risk",
                        "parameters": [
                            electionParameter, ["name": "commission", "in": "query", "required": false, "schema": ["type": "string"]],
                        ],
                        "responses": ["200": ok("Results"), "404": error],
                    ]
                ],
                "/api/v1/elections/{election}/turnout": [
                    "get": [
                        "summary": "Cumulative turnout through the day for a commission (default: the central one), with the final figure",
                        "parameters": [
                            electionParameter, ["name": "commission", "in": "query", "required": false, "schema": ["type": "string"]],
                        ],
                        "responses": ["200": ok("Turnout"), "404": error],
                    ],
                    "post": [
                        "summary":
                            "Report a precinct's cumulative turnout at one of the profile's reporting times (its commission secretary)",
                        "security": bearer,
                        "parameters": [electionParameter],
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ref("TurnoutReport")]]],
                        "responses": [
                            "204": ["description": "Recorded"], "400": error, "401": error, "403": error, "404": error, "422": error,
                        ],
                    ],
                ],
                "/api/v1/log/sth": [
                    "get": [
                        "summary":
                            "The newest signed tree head of the transparency log (signed on demand when the log has grown) and the log's public key",
                        "responses": ["200": ok("TreeHead")],
                    ]
                ],
                "/api/v1/log/entries": [
                    "get": [
                        "summary": "Log entries start ≤ index < end, at most 1000 (default: the first 1000 from start)",
                        "parameters": [count("start", false), count("end", false)],
                        "responses": ["200": ok("LogEntries"), "400": error],
                    ]
                ],
                "/api/v1/log/proof/inclusion": [
                    "get": [
                        "summary": "RFC 9162 inclusion proof of the entry with this leaf hash in the tree of `size` entries",
                        "parameters": [
                            [
                                "name": "hash", "in": "query", "required": true,
                                "schema": ["type": "string", "pattern": "^[0-9a-fA-F]{64}$"],
                                "description": "leaf hash, hex: SHA-256(0x00 || type || 0x0A || payload)",
                            ],
                            count("size", false, "tree size (default: the newest signed tree head's)"),
                        ],
                        "responses": ["200": ok("InclusionProof"), "400": error, "404": error, "422": error],
                    ]
                ],
                "/api/v1/log/proof/consistency": [
                    "get": [
                        "summary": "RFC 9162 consistency proof between the trees of `first` and `second` entries",
                        "parameters": [
                            count("first", true), count("second", false, "tree size (default: the newest signed tree head's)"),
                        ],
                        "responses": ["200": ok("ConsistencyProof"), "400": error, "422": error],
                    ]
                ],
                "/api/v1/log/cosignatures": [
                    "post": [
                        "summary":
                            "A registered witness's Ed25519 cosignature of a tree head the log signed; published with GET /api/v1/log/sth",
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ref("CosignatureRequest")]]],
                        "responses": ["201": ok("Cosignature", "Stored"), "400": error, "403": error, "404": error, "422": error],
                    ]
                ],
                "/api/v1/log/witnesses": [
                    "get": [
                        "summary": "Registered witnesses (observer organisations) and their public keys",
                        "responses": ["200": ok("Witnesses")],
                    ]
                ],
                "/api/v1/commissions/{commission}/key": [
                    "get": [
                        "summary": "The commission's registered Ed25519 public key",
                        "parameters": [["name": "commission", "in": "path", "required": true, "schema": ["type": "string"]]],
                        "responses": ["200": ok("CommissionKey"), "404": error],
                    ]
                ],
            ],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "LocalizedText": localized,
                    "Error": [
                        "type": "object", "required": ["error"],
                        "properties": [
                            "error": ["type": "object", "properties": ["status": ["type": "integer"], "message": ["type": "string"]]]
                        ],
                    ],
                    "Health": [
                        "type": "object",
                        "properties": ["status": ["type": "string"], "database": ["type": "string"], "schemaVersion": ["type": "integer"]],
                    ],
                    "Candidate": [
                        "type": "object",
                        "properties": [
                            "id": ["type": "string"], "electionID": ["type": "string"], "name": ref("LocalizedText"),
                            "partyID": ["type": ["string", "null"]], "ballotOrder": ["type": "integer"],
                        ],
                    ],
                    "Elections": [
                        "type": "object",
                        "properties": [
                            "elections": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "id": ["type": "string"], "name": ref("LocalizedText"), "profileID": ["type": "string"],
                                        "electionDay": ["type": "string", "format": "date"],
                                        "candidates": ["type": "array", "items": ref("Candidate")],
                                        "topCommission": ["type": "string"], "links": ["type": "object"],
                                    ],
                                ],
                            ]
                        ],
                    ],
                    "Counts": counts,
                    "Commission": [
                        "type": "object",
                        "properties": [
                            "election": ["type": "string"], "level": ["type": "object"],
                            "commission": [
                                "type": "object",
                                "properties": [
                                    "id": ["type": "string"], "level": ["type": "string"], "parentID": ["type": ["string", "null"]],
                                    "name": ref("LocalizedText"),
                                ],
                            ],
                            "breadcrumb": ["type": "array", "items": ["type": "object"]],
                            "counts": ref("Counts"),
                            "children": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "id": ["type": "string"], "level": ["type": "string"], "name": ref("LocalizedText"),
                                        "counts": ref("Counts"),
                                        "precinctNumber": ["type": "integer"], "precinctKind": ["type": "string"],
                                    ],
                                ],
                            ],
                            "precinct": ["type": "object"],
                            "links": ["type": "object"],
                        ],
                    ],
                    "ProtocolSubmission": [
                        "type": "object", "required": ["precinctID", "lines", "candidateVotes", "signature"],
                        "properties": [
                            "precinctID": ["type": "string"], "lines": figures, "candidateVotes": figures,
                            "signature": [
                                "type": "string", "description": "base64 Ed25519 signature over the canonical bytes (hattama-protocol/1)",
                            ],
                            "reason": ["type": "string", "enum": ["original", "recount", "commission-decision", "court-decision"]],
                            "decisionReference": ["type": "string"],
                        ],
                    ],
                    "ControlCheckResult": check,
                    "ProtocolVersion": [
                        "type": "object",
                        "properties": [
                            "electionID": ["type": "string"], "precinctID": ["type": "string"], "version": ["type": "integer"],
                            "hash": ["type": "string", "description": "SHA-256 of the canonical bytes, hex"],
                            "canonical": ["type": "string"],
                            "signature": ["type": "string"],
                            "outcome": ["type": "string", "enum": ["accepted", "accepted-with-warnings", "quarantined"]],
                            "failures": ["type": "array", "items": ref("ControlCheckResult")], "reason": ["type": "string"],
                            "decisionReference": ["type": "string"], "submittedBy": ["type": "string"], "submittedAt": ["type": "string"],
                            "figures": ["type": "object"],
                            "logIndex": ["type": "integer", "description": "index of this version's protocol-version entry in the log"],
                        ],
                    ],
                    "TreeHead": [
                        "type": "object",
                        "properties": [
                            "treeSize": ["type": "integer"], "rootHash": hex,
                            "timestamp": ["type": "integer", "description": "ms since 1970"],
                            "signature": [
                                "type": "string",
                                "description":
                                    "hex Ed25519 signature over \"hattama/tree-head\" || 0x01 || size (u64 BE) || timestamp (u64 BE) || root",
                            ],
                            "keyID": hex, "publicKey": ["type": "string", "description": "raw Ed25519 public key of the log, base64"],
                            "cosignatures": ["type": "array", "items": ref("Cosignature")],
                        ],
                    ],
                    "Cosignature": [
                        "type": "object",
                        "properties": [
                            "witness": ["type": "string"], "witnessKeyID": hex,
                            "publicKey": ["type": "string", "description": "raw Ed25519 public key of the witness, base64"],
                            "signature": ["type": "string", "description": "hex Ed25519 signature over the same bytes as the log's"],
                        ],
                    ],
                    "CosignatureRequest": [
                        "type": "object", "required": ["treeSize", "rootHash", "timestamp", "witnessKeyID", "signature"],
                        "properties": [
                            "treeSize": ["type": "integer", "minimum": 0], "rootHash": hex,
                            "timestamp": ["type": "integer", "minimum": 0], "witnessKeyID": hex,
                            "signature": ["type": "string", "pattern": "^[0-9a-fA-F]{128}$"],
                        ],
                    ],
                    "Witnesses": [
                        "type": "object",
                        "properties": [
                            "witnesses": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "name": ["type": "string"], "keyID": hex, "publicKey": ["type": "string"],
                                        "createdAt": ["type": "string"],
                                    ],
                                ],
                            ]
                        ],
                    ],
                    "LogEntries": [
                        "type": "object",
                        "properties": [
                            "treeSize": ["type": "integer"],
                            "entries": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "index": ["type": "integer"],
                                        "type": ["type": "string", "enum": ["structure", "protocol-version", "turnout"]],
                                        "subject": ["type": "string"], "payload": ["type": "string"], "leafHash": hex,
                                        "loggedAt": ["type": "string"],
                                    ],
                                ],
                            ],
                        ],
                    ],
                    "InclusionProof": [
                        "type": "object",
                        "properties": [
                            "leafIndex": ["type": "integer"], "treeSize": ["type": "integer"], "leafHash": hex,
                            "auditPath": ["type": "array", "items": hex],
                        ],
                    ],
                    "ConsistencyProof": [
                        "type": "object",
                        "properties": [
                            "first": ["type": "integer"], "second": ["type": "integer"], "proof": ["type": "array", "items": hex],
                        ],
                    ],
                    "ProtocolRecord": [
                        "type": "object",
                        "properties": [
                            "counted": ref("ProtocolVersion"), "latest": ref("ProtocolVersion"),
                            "history": ["type": "array", "items": ref("ProtocolVersion")], "publicKey": ["type": "string"],
                        ],
                    ],
                    "Results": [
                        "type": "object",
                        "properties": [
                            "electionID": ["type": "string"], "summary": ["type": "object"],
                            "children": ["type": "array", "items": ["type": "object"]],
                            "outcomeRisk": ["type": "object"], "candidates": ["type": "array", "items": ref("Candidate")],
                        ],
                    ],
                    "TurnoutReport": [
                        "type": "object", "required": ["precinctID", "time", "voters"],
                        "properties": [
                            "precinctID": ["type": "string"], "time": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"],
                            "voters": ["type": "integer", "minimum": 0],
                        ],
                    ],
                    "Turnout": [
                        "type": "object",
                        "properties": [
                            "commissionID": ["type": "string"], "points": ["type": "array", "items": ["type": "object"]],
                            "final": ["type": "object"],
                        ],
                    ],
                    "CommissionKey": [
                        "type": "object",
                        "properties": [
                            "commissionID": ["type": "string"], "publicKey": ["type": "string"], "registeredAt": ["type": "string"],
                            "heldByServer": ["type": "boolean"],
                        ],
                    ],
                    "TokenRequest": [
                        "type": "object", "required": ["username", "password"],
                        "properties": ["username": ["type": "string"], "password": ["type": "string"]],
                    ],
                    "Token": [
                        "type": "object",
                        "properties": ["token": ["type": "string"], "tokenType": ["type": "string"], "user": ref("User")],
                    ],
                    "User": [
                        "type": "object",
                        "properties": [
                            "id": ["type": "integer"], "username": ["type": "string"], "displayName": ["type": "string"],
                            "role": [
                                "type": "string",
                                "enum": ["cec-admin", "commission-secretary", "commission-member", "observer", "media-monitor"],
                            ],
                            "commissionID": ["type": "string"],
                        ],
                    ],
                    "NewUser": [
                        "type": "object", "required": ["username", "password", "role", "commissionID"],
                        "properties": [
                            "username": ["type": "string", "pattern": "^[a-z0-9._-]{3,64}$"], "displayName": ["type": "string"],
                            "password": ["type": "string", "minLength": 10], "role": ["type": "string"], "commissionID": ["type": "string"],
                        ],
                    ],
                ],
            ],
        ]
        // Commissions at work documents its own routes next to them (CommissionWorkController).
        let work = CommissionWorkController.openAPI()
        document["paths"] = (document["paths"] as? [String: Any] ?? [:]).merging(work.paths) { old, _ in old }
        if var components = document["components"] as? [String: Any] {
            components["schemas"] = (components["schemas"] as? [String: Any] ?? [:]).merging(work.schemas) { old, _ in old }
            document["components"] = components
        }
        // So does the voter register (VoterController).
        let voters = VoterController.openAPI()
        document["paths"] = (document["paths"] as? [String: Any] ?? [:]).merging(voters.paths) { old, _ in old }
        if var components = document["components"] as? [String: Any] {
            components["schemas"] = (components["schemas"] as? [String: Any] ?? [:]).merging(voters.schemas) { old, _ in old }
            document["components"] = components
        }
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
