/// Where in an input file a problem was found.
public enum InputLocation: Sendable, Equatable {
    /// The file as a whole (missing, unreadable, not UTF-8, malformed at no known place).
    case file
    /// A 1-based line of a text file (CSV, YAML).
    case line(Int)
    /// A GeoJSON feature: its 0-based index in the collection and its `id`, when it has one.
    case feature(index: Int, id: String?)
}

/// A problem with what the user gave us. Every reader throws this, so that the CLI can print
/// `file: feature N (id X): what is wrong` or `file:line: what is wrong` and exit with the
/// contract's code.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The contract's classes of failure, with their exit codes (sysexits.h).
    public enum Kind: Int32, Sendable {
        case usage = 64
        case badData = 65
        case missingInput = 66
        case internalError = 70
        /// An output cannot be created where asked (it would replace something TwinReach did not write).
        case cantCreate = 73
        case ioError = 74
    }

    public var kind: Kind
    public var file: String
    public var location: InputLocation
    public var message: String

    public init(_ kind: Kind = .badData, file: String, _ location: InputLocation = .file, _ message: String) {
        self.kind = kind
        self.file = file
        self.location = location
        self.message = message
    }

    public var exitCode: Int32 { kind.rawValue }

    public var description: String {
        switch location {
        case .file:
            return "\(file): \(message)"
        case .line(let n):
            return "\(file):\(n): \(message)"
        case .feature(let index, let id):
            if let id { return "\(file): feature \(index) (id \(id)): \(message)" }
            return "\(file): feature \(index): \(message)"
        }
    }
}

/// Several problems found in one pass: `check` reports all of them, not only the first.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    /// Missing input outranks bad data, which outranks anything milder.
    public var exitCode: Int32 {
        if errors.contains(where: { $0.kind == .missingInput }) { return InputError.Kind.missingInput.rawValue }
        return errors.map(\.exitCode).max() ?? 0
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
