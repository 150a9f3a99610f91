/// Decimal text to Double, correctly rounded, without allocating.
///
/// Plain decimals with at most 19 significant digits whose value is exact in a double
/// (mantissa below 2^53, power of ten up to 22) take Clinger's fast path: one IEEE multiply
/// or divide of two exact values, which is correctly rounded. Everything else (exponents,
/// long mantissas, `inf`, `nan`) falls back to the standard library's parser, which is also
/// correctly rounded, so results always equal `Double(String)`.
public enum NumberParser {
    @usableFromInline static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    @inlinable
    public static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = bytes.count
        // Trim spaces around the number.
        var end = n
        while i < end, bytes[i] == 0x20 { i += 1 }
        while end > i, bytes[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 0x2D { negative = true; i += 1 } else if bytes[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        var sawDigit = false
        while i < end {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30)
                    if mantissa != 0 { digits += 1 }
                    if sawDot { fractionDigits += 1 }
                } else {
                    return slow(bytes)
                }
            } else if byte == 0x2E && !sawDot {
                sawDot = true
            } else {
                return slow(bytes)
            }
            i += 1
        }
        guard sawDigit else { return slow(bytes) }
        guard mantissa < (1 << 53), fractionDigits <= 22 else { return slow(bytes) }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    @usableFromInline
    static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        guard !text.isEmpty else { return nil }
        return Double(text)
    }
}

extension String {
    @usableFromInline var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
