import Model

/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
///
/// Why not Foundation: on a 54 MB population layer JSONSerialization took 14.7 s and
/// JSONDecoder longer, and neither says on which line the text is malformed. This parser reads
/// the bytes once, parses numbers with `NumberParser` (correctly rounded), and reports
/// `file:LINE: malformed JSON: what`.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position = 0
    var line = 1

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, file: file)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    func error(_ message: String) -> InputError {
        InputError(file: file, .line(line), "malformed JSON: \(message)")
    }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A: position += 1; line += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw error("nested too deeply") }
        guard position < bytes.count else { throw error("the text ends where a value belongs (truncated?)") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[position])))' where a value belongs")
        }
    }

    mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard position + expected.count <= bytes.count else { throw error("the text ends inside '\(word)' (truncated?)") }
        for k in expected.indices where bytes[position + k] != expected[k] {
            throw error("unknown word where a value belongs (expected '\(word)')")
        }
        position += expected.count
    }

    mutating func object(depth: Int) throws -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("the text ends inside an object (truncated?)") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
            position += 1
            skipSpace()
            let member = try value(depth: depth + 1)
            guard members.updateValue(member, forKey: key) == nil else { throw error("duplicate member name \"\(key)\"") }
            skipSpace()
            guard position < bytes.count else { throw error("the text ends inside an object (truncated?)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func array(depth: Int) throws -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard position < bytes.count else { throw error("the text ends inside an array (truncated?)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// A number by RFC 8259's grammar. Plain decimals are converted while they are scanned, by
    /// the same rule as `NumberParser.double` (Clinger's fast path); the rest go to it whole.
    mutating func number() throws -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        var decimal = DecimalDigits()
        let integerDigits = digits(into: &decimal, fraction: false)
        guard integerDigits > 0 else { throw error("a number needs digits") }
        if integerDigits > 1, bytes[start + (bytes[start] == UInt8(ascii: "-") ? 1 : 0)] == 0x30 {
            throw error("a number may not start with 0")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(into: &decimal, fraction: true) > 0 else { throw error("a number needs digits after '.'") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            decimal.exact = false
            guard digits(into: &decimal, fraction: false) > 0 else { throw error("a number needs digits in its exponent") }
        }
        if let value = decimal.value(negative: bytes[start] == UInt8(ascii: "-")) { return value }
        guard let value = NumberParser.double(UnsafeBufferPointer(rebasing: bytes[start..<position])), value.isFinite else {
            throw error("number out of range")
        }
        return value
    }

    /// Consumes a run of digits, adding them to `decimal`; returns how many there were.
    @inline(__always)
    mutating func digits(into decimal: inout DecimalDigits, fraction: Bool) -> Int {
        let from = position
        while position < bytes.count {
            let digit = bytes[position] &- 0x30
            guard digit < 10 else { break }
            decimal.add(digit, fraction: fraction)
            position += 1
        }
        return position - from
    }

    mutating func string() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(byte == 0x0A ? "a string runs past the end of its line" : "control character in a string") }
            position += 1
        }
        var scalars = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 { throw error(byte == 0x0A ? "a string runs past the end of its line" : "control character in a string") }
            if byte != UInt8(ascii: "\\") { scalars.append(byte); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate \\u\(String(code, radix: 16))")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(String(code, radix: 16))") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw error("unpaired surrogate \\u\(String(code, radix: 16))")
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
            }
        }
        throw error("the text ends inside a string (truncated?)")
    }

    mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("the text ends inside a \\u escape") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("bad hex digit in a \\u escape")
            }
            code = code * 16 + digit
            position += 1
        }
        return code
    }
}

/// A plain decimal's digits as `NumberParser.double` counts them: up to 19 significant digits in
/// an integer mantissa and the number of fraction digits; `exact` false once that rule no longer
/// applies (a 20th significant digit, an exponent).
struct DecimalDigits {
    var mantissa: UInt64 = 0
    var significant = 0
    var fractionDigits = 0
    var exact = true

    @inline(__always)
    mutating func add(_ digit: UInt8, fraction: Bool) {
        guard exact else { return }
        guard significant < 19 else { exact = false; return }
        mantissa = mantissa &* 10 &+ UInt64(digit)
        if mantissa != 0 { significant += 1 }
        if fraction { fractionDigits += 1 }
    }

    /// The correctly rounded value when mantissa and power of ten are both exact doubles.
    @inline(__always)
    func value(negative: Bool) -> Double? {
        guard exact, mantissa < (1 << 53), fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / NumberParser.powersOfTen[fractionDigits]
        return negative ? -value : value
    }
}
