import Foundation
import HattamaAPI
import Yams

/// The API contract as the server publishes it: `Sources/HattamaAPI/openapi.yaml`, the one source
/// of truth, served as written at `/openapi.yaml` and converted to JSON at `/openapi.json`. The
/// verifier's client is generated from the same file; RouteCoverageTests keeps it and the router
/// in step.
enum OpenAPIDocument {
    enum Problem: Error, Sendable, CustomStringConvertible {
        case missing
        case unreadable(String)

        var description: String {
            switch self {
            case .missing: "openapi.yaml is missing from the HattamaAPI bundle"
            case .unreadable(let reason): "openapi.yaml: \(reason)"
            }
        }
    }

    /// Both forms, read and converted once per process (every router built serves them).
    static let published: Result<(yaml: Data, json: Data), Problem> = {
        do {
            let yaml = try yaml()
            return .success((yaml, try json(yaml: yaml)))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }()

    static func yaml() throws -> Data {
        guard let data = APIContract.yaml() else { throw Problem.missing }
        return data
    }

    /// The document as JSON with sorted keys, for clients that read no YAML.
    static func json(yaml data: Data) throws -> Data {
        guard let text = String(data: data, encoding: .utf8) else { throw Problem.unreadable("not UTF-8") }
        guard let node = try Yams.compose(yaml: text) else { throw Problem.unreadable("empty") }
        return try JSONSerialization.data(withJSONObject: try jsonValue(node), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// A YAML node as a JSON value, by the tag the YAML resolver gave it, so that a quoted "200" or
    /// "1" stays a string and only plain scalars become numbers, booleans or null.
    static func jsonValue(_ node: Node) throws -> Any {
        switch node {
        case .scalar(let scalar):
            // The node's tag is the one the resolver gives plain scalars (a scalar's own is implicit).
            switch Tag.Name(rawValue: node.tag.description) {
            case .int: if let value = Int.construct(from: scalar) { return value }
            case .float: if let value = Double.construct(from: scalar) { return value }
            case .bool: if let value = Bool.construct(from: scalar) { return value }
            case .null: return NSNull()
            default: break
            }
            return scalar.string
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping {
                guard case .scalar(let name) = key else { throw Problem.unreadable("a key at line \(key.mark?.line ?? 0) is not a scalar") }
                object[name.string] = try jsonValue(value)
            }
            return object
        case .sequence(let sequence):
            return try sequence.map(jsonValue)
        case .alias(let alias):
            throw Problem.unreadable("alias *\(alias.anchor.rawValue) is not supported in the contract")
        }
    }
}
