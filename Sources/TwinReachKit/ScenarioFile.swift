import Foundation
import Formats
import Model
import Yams

/// The head of a scenario file: its name, the district it changes and its list of changes.
public struct ScenarioFile: Sendable {
    public var path: String
    public var name: String
    /// The district folder, resolved relative to the scenario file.
    public var districtPath: String
    public var changeCount: Int

    public init(path: String) throws {
        self.path = path
        let doc = try YAMLDocument(path: path)
        let map = try doc.mapping(doc.root, "a scenario")
        guard let nameNode = map["name"] else { throw doc.error(doc.root, "missing 'name'") }
        name = try doc.string(nameNode, "name")
        guard let districtNode = map["district"] else { throw doc.error(doc.root, "missing 'district' (the district folder, relative to this file)") }
        let relative = try doc.string(districtNode, "district")
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        districtPath = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: districtPath) else {
            throw InputError(.missingInput, file: path, doc.line(districtNode), "district folder '\(relative)' does not exist")
        }
        if let changes = map["changes"] {
            guard let list = changes.sequence else { throw doc.error(changes, "'changes' must be a list") }
            changeCount = list.count
        } else {
            changeCount = 0
        }
    }
}
