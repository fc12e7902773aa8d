import Foundation
import HattamaCore
import Testing

/// The bundled profile files as they are on disk, so that malformed-profile tests start from
/// the real JSON rather than from a re-encoding of it.
enum ProfileFixture {
    static let profilesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../Sources/HattamaCore/Profiles")
        .standardizedFileURL

    static func data(_ id: String) throws -> Data {
        try Data(contentsOf: profilesDirectory.appendingPathComponent("\(id).json"))
    }

    static func object(_ id: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data(id)) as? [String: Any])
    }
}

/// One step of a JSON key path such as `controls[0].article`.
enum PathStep: Equatable {
    case key(String)
    case index(Int)

    static func parse(_ path: String) -> [PathStep] {
        var steps: [PathStep] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { steps.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    steps.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }
}

/// A change to a profile's JSON object; values are Sendable so cases can be test arguments.
enum JSONEdit: Sendable {
    case set(String, any Sendable)
    case setNull(String)
    case remove(String)

    func apply(to root: [String: Any]) -> [String: Any] {
        switch self {
        case .set(let path, let value): Self.edit(root, PathStep.parse(path)[...], .some(value as Any)) as! [String: Any]
        case .setNull(let path): Self.edit(root, PathStep.parse(path)[...], .some(NSNull())) as! [String: Any]
        case .remove(let path): Self.edit(root, PathStep.parse(path)[...], nil) as! [String: Any]
        }
    }

    /// Returns `node` with the value at `path` replaced (or removed when `value` is nil).
    private static func edit(_ node: Any?, _ path: ArraySlice<PathStep>, _ value: Any?) -> Any? {
        guard let step = path.first else { return value }
        switch step {
        case .key(let key):
            var object = node as? [String: Any] ?? [:]
            object[key] = edit(object[key], path.dropFirst(), value)
            return object
        case .index(let index):
            var array = node as? [Any] ?? []
            if let replacement = edit(array[index], path.dropFirst(), value) {
                array[index] = replacement
            } else {
                array.remove(at: index)
            }
            return array
        }
    }
}

/// The kz-2011 profile file with `edits` applied, re-serialized.
func kzProfileData(_ edits: [JSONEdit]) throws -> Data {
    var object = try ProfileFixture.object("kz-2011")
    for edit in edits { object = edit.apply(to: object) }
    return try JSONSerialization.data(withJSONObject: object)
}

/// The error `LawProfile.decode` throws for `data`, failing the test if it decodes.
func decodingError(_ data: Data, file: String = "bad.json") -> LawProfileError? {
    do {
        let profile = try LawProfile.decode(data, file: file)
        Issue.record("expected \(file) to be refused, but profile \(profile.id) was loaded")
        return nil
    } catch {
        return error
    }
}

/// The failing control ids of `profile` for the given protocol figures.
func failingControls(_ profile: LawProfile, lines: [String: Int], candidates: [Int]) throws -> [String] {
    try profile.controls.compactMap { rule in
        let expression = try rule.parsed()
        let (left, right) = expression.evaluate(lines: lines, candidateVotes: candidates)
        return expression.holds(left: left, right: right, tolerance: rule.tolerance ?? 0) ? nil : rule.id
    }
}
