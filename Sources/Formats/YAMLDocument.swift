import Foundation
import Model
import Yams

/// A YAML document whose values carry their line, so that every problem reads `file:LINE: ...`.
public struct YAMLDocument {
    public let file: String
    public let root: Node

    /// Reads and parses `path`: a missing file is `missingInput`; invalid UTF-8 and malformed
    /// YAML are `badData` with the parser's line.
    public init(path: String) throws {
        let data = try readFile(path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw InputError(file: path, .file, "text is not valid UTF-8")
        }
        try self.init(text: text, file: path)
    }

    public init(text: String, file: String) throws {
        self.file = file
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, .file, "is empty")
            }
            root = node
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                throw InputError(file: file, .line(mark.line), "malformed YAML: \(problem)")
            default:
                throw InputError(file: file, .file, "malformed YAML: \(error)")
            }
        }
    }

    public func line(_ node: Node?) -> InputLocation {
        guard let mark = node?.mark else { return .file }
        return .line(mark.line)
    }

    public func error(_ node: Node?, _ message: String) -> InputError {
        InputError(file: file, line(node), message)
    }

    /// The mapping at `node`, or an error naming what was expected.
    public func mapping(_ node: Node?, _ what: String) throws -> Node.Mapping {
        guard let mapping = node?.mapping else { throw error(node, "\(what) must be a mapping (key: value)") }
        return mapping
    }

    public func string(_ node: Node?, _ key: String) throws -> String {
        guard let scalar = node?.scalar else { throw error(node, "'\(key)' must be text") }
        return scalar.string
    }

    public func number(_ node: Node?, _ key: String, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let scalar = node?.scalar, let value = Double(scalar.string), value.isFinite else {
            throw error(node, "'\(key)' must be a number, not '\(node?.scalar?.string ?? "a list or mapping")'")
        }
        if let range, !range.contains(value) {
            throw error(node, "'\(key)' is \(value), outside \(range.lowerBound.clean)..\(range.upperBound.clean)")
        }
        return value
    }

    /// A whole number from `minimum` up to `maximum` (a bound that keeps later loops and sums sane).
    public func integer(_ node: Node?, _ key: String, minimum: Int, maximum: Int = Int.max) throws -> Int {
        guard let scalar = node?.scalar, let value = Int(scalar.string) else {
            throw error(node, "'\(key)' must be a whole number, not '\(node?.scalar?.string ?? "a list or mapping")'")
        }
        guard value >= minimum else { throw error(node, "'\(key)' is \(value); it must be at least \(minimum)") }
        guard value <= maximum else { throw error(node, "'\(key)' is \(value); it must be at most \(maximum)") }
        return value
    }

    /// A list of strings, or a single string as a one-element list.
    public func strings(_ node: Node?, _ key: String) throws -> [String] {
        if let sequence = node?.sequence {
            return try sequence.map { try string($0, key) }
        }
        return [try string(node, key)]
    }
}

extension Double {
    /// Whole numbers without ".0", for messages.
    var clean: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : "\(self)" }
}
