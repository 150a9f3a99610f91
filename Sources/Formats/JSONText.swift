/// UTF-8 JSON text built in a byte buffer: no intermediate Strings for numbers or keys, which
/// made writing a 200,000-cell layer several times slower.
public struct JSONText {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Text copied as it is (JSON punctuation, already-escaped text).
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A JSON string literal. Besides what JSON requires, `<`, `>`, `&`, U+2028 and U+2029 are
    /// escaped, so that the text is also safe inside an HTML `<script>` block.
    public mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            // Most texts need no escape: copy them whole.
            if !utf8.contains(where: Self.needsEscape) {
                bytes.append(contentsOf: utf8)
                return
            }
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0x3C: unicodeEscape(0x3C)
                case 0x3E: unicodeEscape(0x3E)
                case 0x26: unicodeEscape(0x26)
                case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    unicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                    i += 2
                default:
                    if b < 0x20 { unicodeEscape(UInt32(b)) } else { bytes.append(b) }
                }
                i += 1
            }
        }
        bytes.append(0x22)
    }

    /// Whether a UTF-8 byte may need an escape in `string` (0xE2 leads U+2028 and U+2029).
    @inline(__always) static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2
    }

    mutating func unicodeEscape(_ code: UInt32) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(0x5C); bytes.append(0x75)
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((code >> UInt32(shift)) & 0xF)]) }
    }

    /// A number printed so that it reads back equal: integers without a fraction, values with at
    /// most 7 decimals in plain fixed notation, others in Swift's shortest form; non-finite: null.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if abs(value) < 1e15 {
            // Integral exactly when truncation keeps it (no libm call, unlike `rounded()`).
            let whole = Int64(value)
            if Double(whole) == value { integer(whole); return }
        }
        // k / 1e7 is the double nearest the decimal k·10⁻⁷; when that is the value, and the
        // value is small enough that decimals 10⁻⁷ apart are distinct doubles, the decimal is
        // its shortest representation.
        if abs(value) < 1e7 {
            let k = Self.roundedToInteger(value * 1e7)
            if Double(k) / 1e7 == value {
                tenMillionths(k)
                return
            }
        }
        raw("\(value)")
    }

    /// A coordinate rounded to 7 decimals (about 1 cm).
    public mutating func coordinate(_ value: Double) {
        // Within ±1e7 (every longitude and latitude) the decimal k·10⁻⁷ is printed from k:
        // `number(k / 1e7)` would find the same k again (k < 2⁵³, and k / 1e7 · 1e7 is within
        // far less than half a unit of k).
        if value.isFinite, abs(value) < 1e7 {
            tenMillionths(Self.roundedToInteger(value * 1e7))
            return
        }
        let rounded = (value * 1e7).rounded() / 1e7
        number(rounded == 0 ? 0 : rounded)
    }

    /// `x.rounded()` (half away from zero) as an integer, for |x| < 2⁵² (x − trunc(x) is exact there).
    static func roundedToInteger(_ x: Double) -> Int64 {
        let whole = Int64(x)
        let fraction = x - Double(whole)
        return fraction >= 0.5 ? whole + 1 : (fraction <= -0.5 ? whole - 1 : whole)
    }

    /// The decimal k·10⁻⁷ in fixed notation without trailing zeros (an integer without a point).
    /// The fraction's digits come from divisions by 10 into a stack buffer (no division by a
    /// variable power of ten per digit), appended once.
    mutating func tenMillionths(_ k: Int64) {
        var k = k
        if k < 0 { bytes.append(0x2D); k = -k }
        integer(k / 10_000_000)
        var fraction = k % 10_000_000
        guard fraction != 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { text in
            text[0] = 0x2E
            for place in stride(from: 7, through: 1, by: -1) {
                text[place] = UInt8(0x30 + fraction % 10)
                fraction /= 10
            }
            var end = 8
            while text[end - 1] == 0x30 { end -= 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<end]))
        }
    }

    /// The integer in decimal; its digits go through a stack buffer (no array per number: the
    /// cell layers print millions of them).
    public mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(0x30 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// The text as a String.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
