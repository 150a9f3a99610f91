import Foundation
import Testing
import Model
@testable import Formats

/// Decimals of up to 19 significant digits are converted from their digits (`NumberParser.decimal`)
/// to the doubles the standard library's correctly rounded parser gives (`Double(String)`, which
/// rounds as strtod does), bit for bit: GIS exports print coordinates with 15 to 17 digits
/// (`113.68686600000001`), which took the String path before.
@Suite struct DecimalConversionTests {
    /// The digits path's value of `text`, and that it took the digits path (nil: it gave up).
    static func viaDigits(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { bytes -> Double? in
            var parser = JSONParser(bytes: bytes, file: "f")
            guard let value = try? parser.number(), parser.position == bytes.count else { return nil }
            return value
        }
    }

    static func expectSame(_ text: String) {
        let reference = Double(text)
        #expect(viaDigits(text)?.bitPattern == reference?.bitPattern, "\(text): \(String(describing: viaDigits(text))) against \(String(describing: reference))")
        var csv = text
        #expect(csv.withUTF8 { NumberParser.double($0) }?.bitPattern == reference?.bitPattern, "CSV \(text)")
    }

    /// Hand-picked edges: ties to even at 2^53 + 1, the shortest prints of doubles, 17- to
    /// 19-digit mantissas, exponents at the ends of the ±27 the digits path takes, zeros.
    @Test func edgeCases() {
        let texts = ["9007199254740993", "9007199254740995", "9007199254740992", "18014398509481985", "18014398509481987",
                     "9223372036854775807", "9999999999999999999", "1000000000000000000", "0.1", "0.30000000000000004",
                     "113.68686600000001", "22.349125700000002", "-73.98765432109876", "1.7976931348623157", "2.2250738585072014",
                     "4.9406564584124654", "0.9999999999999999999", "0.000000000000000000000000001", "123456789012345678e-27",
                     "1e27", "9999999999999999999e27", "1.5e-7", "-1E+5", "1e-28", "1e28", "0", "-0", "-0.0e5", "0e-400", "5e-324",
                     "1.2345678901234567e-10", "7.0e22", "7e23", "9007199254740993e-22", "9007199254740993e22"]
        for text in texts { Self.expectSame(text) }
        #expect(Self.viaDigits("-0")?.sign == .minus)
    }

    /// The digits path takes what it is meant to take: 17-digit coordinates and exponents within
    /// ±27, without the String parser (`decimal` answers); longer mantissas and exponents are
    /// left to it.
    @Test func theDigitsPathTakesLongCoordinates() {
        #expect(NumberParser.decimal(11368686600000001, exponent: -14) == 113.68686600000001)
        #expect(NumberParser.decimal(123456789012345678, exponent: -27) == Double("123456789012345678e-27"))
        #expect(NumberParser.decimal(9999999999999999999, exponent: 27) == Double("9999999999999999999e27"))
        #expect(NumberParser.decimal(1, exponent: -28) == nil && NumberParser.decimal(1, exponent: 28) == nil)
    }

    /// Seeded random decimals of 1 to 19 digits with the point anywhere, leading zeros, and
    /// exponents from -40 to 40; and mantissas just past 2^53 (where ties and near-ties live).
    @Test func randomDecimalsAreTheStandardLibrarysDoubles() {
        var generator = SeededGenerator(seed: 1_515)
        for _ in 0..<60_000 {
            let count = Int.random(in: 1...19, using: &generator)
            var digits = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<count { digits.append(Character(String(Int.random(in: 0...9, using: &generator)))) }
            let point = Int.random(in: 0...count, using: &generator)
            var text = point == 0 ? "0." + String(repeating: "0", count: Int.random(in: 0...6, using: &generator)) + digits
                : String(digits.prefix(point)) + (point < count ? "." + digits.dropFirst(point) : "")
            if Int.random(in: 0...2, using: &generator) == 0 { text += "e\(Int.random(in: -40...40, using: &generator))" }
            if Bool.random(using: &generator) { text = "-" + text }
            Self.expectSame(text)
        }
        for _ in 0..<20_000 {
            let mantissa = String(UInt64.random(in: (1 << 53)...(UInt64(1) << 63), using: &generator))
            let point = Int.random(in: 1..<mantissa.count, using: &generator)
            Self.expectSame(String(mantissa.prefix(point)) + "." + mantissa.dropFirst(point))
        }
    }
}
