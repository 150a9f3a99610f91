import Foundation
import Model

/// A JSON value as parsed, with booleans kept apart from numbers.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

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
        try checkUTF8(data, file: file)
        return try data.withUnsafeBytes { raw in
            try JSONParser.parse(raw.bindMemory(to: UInt8.self), file: file)
        }
    }

    /// Refuses text that is not UTF-8, naming the line where it stops being UTF-8.
    static func checkUTF8(_ data: Data, file: String) throws {
        let valid = data.withUnsafeBytes { raw in isUTF8(raw.bindMemory(to: UInt8.self)) }
        guard !valid else { return }
        let validPrefix = Self.validUTF8PrefixLength(data)
        let line = data.prefix(validPrefix).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        throw InputError(file: file, .line(line), "text is not valid UTF-8")
    }

    /// Whether `bytes` are UTF-8: an ASCII prefix eight bytes at a time (a population layer is
    /// all ASCII), the rest by the standard library's validation.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < bytes.count, bytes[i] < 0x80 { i += 1 }
        guard i < bytes.count else { return true }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[i...]), as: UTF8.self) != nil
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
