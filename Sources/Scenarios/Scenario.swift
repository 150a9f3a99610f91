import Foundation
import Formats
import Model
import Yams

/// A scenario file (DESIGN.md "Scenarios"): a name, a base district and changes applied in order.
public struct Scenario: Sendable {
    public var path: String
    public var name: String
    /// The district folder, resolved relative to the scenario file.
    public var districtPath: String
    public var changes: [Change]
    /// The neighbouring district folders `cross_district` changes name (inputs of the run).
    public var neighbourDistrictPaths: [String] {
        changes.flatMap { ($0.kind as? CrossDistrict)?.districtPaths ?? [] }
    }
    /// Changes that could not be parsed; `ScenarioApplier.apply` reports them together with
    /// the bad references of the others.
    public var problems: [InputError]

    /// Parses the file. A malformed head throws; malformed changes are kept in `problems`.
    /// A batch's scenario (`forBatch`) needs no `district:`: the batch names the districts, and
    /// one given is not read.
    public init(path: String, forBatch: Bool = false) throws {
        self.path = path
        let doc = try YAMLDocument(path: path)
        let map = try doc.mapping(doc.root, "a scenario")
        guard let nameNode = map["name"] else { throw doc.error(doc.root, "missing 'name'") }
        name = try doc.string(nameNode, "name")
        if let problem = Scenario.folderNameProblem(name) {
            let key = map.first { $0.key.scalar?.string == "name" }?.key
            throw doc.error(key ?? nameNode, "name '\(Scenario.printable(name))' \(problem): the name becomes the output folder out/<name>")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        if forBatch {
            districtPath = ""
        } else {
            guard let districtNode = map["district"] else {
                throw doc.error(doc.root, "missing 'district' (the district folder, relative to this file)")
            }
            let relative = try doc.string(districtNode, "district")
            districtPath = Scenario.resolve(relative, against: base)
            guard FileManager.default.fileExists(atPath: districtPath) else {
                throw InputError(.missingInput, file: path, doc.line(districtNode), "district folder '\(relative)' does not exist")
            }
        }
        var problems: [InputError] = []
        var parsed: [Change] = []
        if let changesNode = map["changes"], changesNode.scalar == nil || !["", "~", "null"].contains(changesNode.scalar?.string ?? "") {
            guard let list = changesNode.sequence else { throw doc.error(changesNode, "'changes' must be a list") }
            let parser = ChangeParser(doc: doc, base: base)
            for node in list {
                do { parsed.append(try parser.parse(node)) } catch let error as InputError { problems.append(error) } catch let errors as InputErrors {
                    problems += errors.errors
                }
            }
        }
        self.problems = problems
        changes = parsed
    }

    /// Why a name cannot be a folder name, or nil: empty, longer than 255 bytes, a path
    /// separator (`/` or `\`), a leading dot (`.`, `..` and hidden folders, which runs use for
    /// staging), or a control character.
    static func folderNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 255 { return "is longer than 255 bytes" }
        if name.contains("/") || name.contains("\\") { return "holds a path separator ('/' or '\\')" }
        if name.hasPrefix(".") { return "starts with a dot" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "holds a control character" }
        return nil
    }

    /// The name with control characters shown as `\u{...}`, for messages.
    static func printable(_ name: String) -> String {
        name.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    static func resolve(_ relative: String, against base: URL) -> String {
        relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardizedFileURL.path
    }
}

/// Turns one YAML change into a `Change` by its key's kind, checking its own fields
/// (references are checked when the change is applied).
struct ChangeParser {
    let doc: YAMLDocument
    let base: URL

    func parse(_ node: Node) throws -> Change {
        let line = node.mark?.line ?? 0
        guard let map = node.mapping, map.count == 1, let (keyNode, body) = map.first.map({ ($0.key, $0.value) }),
              let key = keyNode.scalar?.string else {
            if let text = node.scalar?.string { throw doc.error(node, "a change must be 'kind: {...}', not '\(text)'") }
            throw doc.error(node, "a change must be one 'kind: {...}' mapping")
        }
        guard let kind = ScenarioChanges.kind(key) else {
            let keys = ScenarioChanges.all.map { $0.key }
            throw doc.error(keyNode, "unknown change '\(key)' (\(keys.joined(separator: ", ")))\(Suggestion.question(for: key, among: keys))")
        }
        return Change(line: line, kind: try kind.parse(from: ChangeBody(doc: doc, key: key, node: body, base: base)))
    }
}
