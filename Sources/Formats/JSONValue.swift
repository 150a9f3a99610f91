import Foundation
import Model

/// A JSON value as parsed, with booleans kept apart from numbers (unlike JSONSerialization).
public enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try container.decode([String: JSONValue].self))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var number: Double? { if case .number(let n) = self { return n }; return nil }
    public var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

    /// An id as text: strings as they are, integral numbers without a fraction.
    public var idText: String? {
        switch self {
        case .string(let s): return s
        case .number(let n) where n.isFinite && n == n.rounded() && abs(n) < 1e15: return String(Int64(n))
        case .number(let n): return "\(n)"
        default: return nil
        }
    }

    /// A short description of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses a whole document. Invalid UTF-8 and malformed JSON are `badData` errors naming
    /// the file and, where the parser says, the line.
    public static func parse(_ data: Data, file: String) throws -> JSONValue {
        if String(validating: data, as: UTF8.self) == nil {
            let validPrefix = Self.validUTF8PrefixLength(data)
            let line = data.prefix(validPrefix).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw InputError(file: file, .line(line), "text is not valid UTF-8")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Self.syntaxError(data, file: file)
        }
    }

    /// JSONDecoder does not say where JSON is malformed; JSONSerialization does ("around
    /// character N"), so ask it and turn the offset into a line.
    static func syntaxError(_ data: Data, file: String) -> InputError {
        var detail = "not valid JSON"
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? detail
        }
        if let range = detail.range(of: "character "), let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) {
            let line = data.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            return InputError(file: file, .line(line), "malformed JSON: \(detail)")
        }
        if data.isEmpty { return InputError(file: file, .file, "is empty") }
        return InputError(file: file, .file, "malformed JSON: \(detail) (truncated?)")
    }

    public static func read(path: String) throws -> JSONValue {
        try parse(try readFile(path), file: path)
    }

    private static func validUTF8PrefixLength(_ data: Data) -> Int {
        var low = 0, high = data.count
        while low < high { // largest prefix that decodes; a cut inside a scalar fails too, fine for a line number
            let mid = (low + high + 1) / 2
            if String(validating: data.prefix(mid), as: UTF8.self) != nil { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// Reads a whole input file; an absent file is `missingInput` (exit 66).
public func readFile(_ path: String) throws -> Data {
    guard FileManager.default.fileExists(atPath: path) else {
        throw InputError(.missingInput, file: path, .file, "no such file")
    }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw InputError(.ioError, file: path, .file, "cannot be read: \(error.localizedDescription)")
    }
}
