import Model

/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
///
/// Why not Foundation: on a 54 MB population layer JSONSerialization took 14.7 s and
/// JSONDecoder longer, and neither says on which line the text is malformed. This parser reads
/// the bytes once, parses numbers with `NumberParser` (correctly rounded), and reports
/// `file:LINE: malformed JSON: what`.
struct JSONParser {
    /// The text, or the part of it the window holds (`window`: a layer read in chunks).
    var bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position = 0
    var line = 1
    /// The positions of the line or ring being read (`FeatureCollectionParser`), reused.
    var positionScratch: [XY] = []
    /// The members of the objects being read (nested ones above their parent's), reused.
    var memberScratch: [(key: String, value: JSONValue)] = []
    /// Where a feature's properties go when a reader names the ones it takes (see `PropertySlots`).
    var slots: PropertySlots? = nil
    /// The file a feature collection is read from in chunks (`FeatureCollectionParser`), or nil
    /// when `bytes` is the whole text.
    var window: FileWindow? = nil

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

    /// An object. Its members are gathered in the reused `memberScratch` and the dictionary is
    /// made once at the end, at its final size (a feature's few properties: one allocation).
    mutating func object(depth: Int) throws -> JSONValue {
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object([:]) }
        let first = memberScratch.count
        defer { memberScratch.removeSubrange(first...) }
        var names: Set<String>? = nil // once the object is large, for the duplicate check
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
            if names == nil, memberScratch.count - first == 16 { names = Set(memberScratch[first...].map(\.key)) }
            let duplicate = names != nil ? names?.insert(key).inserted == false : memberScratch[first...].contains { $0.key == key }
            guard !duplicate else { throw error("duplicate member name \"\(key)\"") }
            memberScratch.append((key, member))
            skipSpace()
            guard position < bytes.count else { throw error("the text ends inside an object (truncated?)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                var members = [String: JSONValue](minimumCapacity: memberScratch.count - first)
                for (key, value) in memberScratch[first...] { members[key] = value }
                return .object(members)
            }
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

    /// A number by RFC 8259's grammar, converted from the digits it was scanned as when they fit
    /// in 64 bits (`NumberParser.decimal`: correctly rounded, as `Double(String)` and strtod
    /// round); longer ones go to `NumberParser.double` whole.
    mutating func number() throws -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0 // wraps past 19 digits; then unused
        let integerStart = position
        scanDigits(into: &mantissa)
        let integerDigits = position - integerStart
        guard integerDigits > 0 else { throw error("a number needs digits") }
        if integerDigits > 1, bytes[integerStart] == 0x30 { throw error("a number may not start with 0") }
        var fractionDigits = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            scanDigits(into: &mantissa)
            fractionDigits = position - fractionStart
            guard fractionDigits > 0 else { throw error("a number needs digits after '.'") }
        }
        let digits = integerDigits + fractionDigits
        let hasExponent = position < bytes.count && bytes[position] | 0x20 == UInt8(ascii: "e")
        if !hasExponent, mantissa < (1 << 53), fractionDigits <= 22, digits <= 19 { // Clinger's fast path, as `decimal` takes it
            let value = Double(mantissa) / NumberParser.powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        let exponent = hasExponent ? try exponentPart() : 0
        if digits <= 19 || significantDigits(from: integerStart) <= 19,
           let value = NumberParser.decimal(mantissa, exponent: exponent - fractionDigits) {
            return negative ? -value : value
        }
        guard let value = NumberParser.double(UnsafeBufferPointer(rebasing: bytes[start..<position])), value.isFinite else {
            throw error("number out of range")
        }
        return value
    }

    /// The exponent after the `e` or `E` at `position`, held at ±100,000 (far past any double).
    mutating func exponentPart() throws -> Int {
        position += 1
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        let exponentStart = position
        var exponent = 0
        while position < bytes.count {
            let digit = bytes[position] &- 0x30
            guard digit < 10 else { break }
            if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
            position += 1
        }
        guard position > exponentStart else { throw error("a number needs digits in its exponent") }
        return negative ? -exponent : exponent
    }

    /// Consumes a run of digits, appending them to `mantissa` (wrapping).
    @inline(__always)
    mutating func scanDigits(into mantissa: inout UInt64) {
        var i = position, value = mantissa
        let end = bytes.count
        while i < end {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)
            i += 1
        }
        position = i
        mantissa = value
    }

    /// The digits of the plain decimal from `start` to `position` after its leading zeros.
    func significantDigits(from start: Int) -> Int {
        var leadingZeros = 0, digits = 0, seenNonZero = false
        for i in start..<position where bytes[i] != UInt8(ascii: ".") {
            digits += 1
            if !seenNonZero { if bytes[i] == 0x30 { leadingZeros += 1 } else { seenNonZero = true } }
        }
        return digits - leadingZeros
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
