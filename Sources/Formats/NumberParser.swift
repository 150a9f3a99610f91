/// Decimal text to Double, correctly rounded, without allocating.
///
/// Plain decimals with at most 19 significant digits and at most 27 fraction digits are
/// converted from their digits (`decimal`: Clinger's fast path, else an exact 128-bit product or
/// quotient rounded once). Everything else (exponents, longer mantissas, `inf`, `nan`) falls
/// back to the standard library's parser, which is also correctly rounded, so results always
/// equal `Double(String)`.
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
        guard sawDigit, let value = decimal(mantissa, exponent: -fractionDigits) else { return slow(bytes) }
        return negative ? -value : value
    }

    /// The powers of five 5^0 ... 5^27, all below 2^63.
    @usableFromInline static let powersOfFive: [UInt64] = (0...27).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 5 }
        return value
    }

    /// `mantissa` × 10^`exponent`, correctly rounded to nearest (ties to even), as strtod and
    /// `Double(String)` round that decimal; nil when the exponent is beyond ±27.
    ///
    /// A mantissa below 2^53 with a power of ten up to 10^22 is Clinger's fast path: both exact
    /// doubles, one IEEE multiply or divide. Otherwise 10^e = 5^e × 2^e with 5^e exact in 64 bits:
    /// for e ≥ 0 the product mantissa × 5^e is exact in 128 bits; for e < 0 the quotient
    /// mantissa × 2^s / 5^-e is taken to 63 or 64 bits with a sticky bit for its remainder.
    /// Either way a 64-bit integer whose lowest bit lies far below a double's 53 is rounded once
    /// by the integer-to-double conversion and scaled by an exact power of two.
    @inlinable
    public static func decimal(_ mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa == 0 { return 0 }
        if mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            return exponent < 0 ? Double(mantissa) / powersOfTen[-exponent] : Double(mantissa) * powersOfTen[exponent]
        }
        guard exponent >= -27, exponent <= 27 else { return nil }
        if exponent >= 0 {
            let product = mantissa.multipliedFullWidth(by: powersOfFive[exponent])
            return rounded(high: product.high, low: product.low, timesTwoToThe: exponent)
        }
        let divisor = powersOfFive[-exponent]
        let shift = 63 + (64 - divisor.leadingZeroBitCount) - (64 - mantissa.leadingZeroBitCount) // quotient of 63 or 64 bits
        let high = shift == 0 ? 0 : shift >= 64 ? mantissa << (shift - 64) : mantissa >> (64 - shift)
        let low = shift >= 64 ? 0 : mantissa << shift
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        return Double(sign: .plus, exponent: -shift + exponent, significand: Double(quotient | (remainder == 0 ? 0 : 1)))
    }

    /// (high, low) × 2^`power` as a double, rounded once: the top 64 bits with a sticky bit for
    /// the rest.
    @inlinable
    static func rounded(high: UInt64, low: UInt64, timesTwoToThe power: Int) -> Double {
        if high == 0 { return Double(sign: .plus, exponent: power, significand: Double(low)) }
        let zeros = high.leadingZeroBitCount
        let top = zeros == 0 ? high : high << zeros | low >> (64 - zeros)
        let rest = zeros == 0 ? low : low << zeros
        return Double(sign: .plus, exponent: power + 64 - zeros, significand: Double(top | (rest == 0 ? 0 : 1)))
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
