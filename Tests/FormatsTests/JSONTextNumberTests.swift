import Foundation
import Testing
@testable import Formats

/// The number printer's integer arithmetic (no `rounded()`, no array per integer) against the
/// plain printer it replaced, kept here as the reference: the cell layers must stay byte-identical.
@Suite struct JSONTextNumberTests {
    /// The printer before the integer fast paths (`rounded()`, `Double` arithmetic).
    static func referenceNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let scaled = (value * 1e7).rounded()
        if abs(value) < 1e7, scaled / 1e7 == value {
            let k = Int64(scaled)
            let digits = String(k.magnitude / 10_000_000)
            var fraction = String(k.magnitude % 10_000_000)
            fraction = String(repeating: "0", count: 7 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return (k < 0 ? "-" : "") + digits + "." + fraction
        }
        return "\(value)"
    }

    static func referenceCoordinate(_ value: Double) -> String {
        let rounded = (value * 1e7).rounded() / 1e7
        return referenceNumber(rounded == 0 ? 0 : rounded)
    }

    static func printed(_ body: (inout JSONText) -> Void) -> String {
        var text = JSONText()
        body(&text)
        return text.text
    }

    static var values: [Double] {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994, 0.5e-7, -0.5e-7,
                                1.5e-7, -2.5e-7, 179.99999995, -179.99999995, 9_999_999.99999995, 1e7, -1e7, 1e7 + 0.5, 123456.1234567,
                                1e15, -1e15, 1e15 - 0.5, 4.5e15, 1e16 + 2, .infinity, -.infinity, .nan, Double.leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 0.30000000000000004, 113.9245274, -22.5287215]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 { values.append(Double.random(in: -200...200, using: &generator)) }
        for _ in 0..<3000 { values.append((Double.random(in: -200...200, using: &generator) * 1e7).rounded() / 1e7) }
        for _ in 0..<3000 { values.append((Double.random(in: -1e6...1e6, using: &generator) * 1e3).rounded() / 1e3) }
        for _ in 0..<1000 { values.append(Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) + 0.5) }
        for _ in 0..<1000 { values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))) }
        return values
    }

    @Test func numbersAndCoordinatesArePrintedAsByTheReference() {
        for v in Self.values {
            #expect(Self.printed { $0.number(v) } == Self.referenceNumber(v), "number \(v)")
            #expect(Self.printed { $0.coordinate(v) } == Self.referenceCoordinate(v), "coordinate \(v)")
        }
    }

    @Test func roundingIsHalfAwayFromZeroLikeRounded() {
        #expect(JSONText.roundedToInteger(2.5) == 3)
        #expect(JSONText.roundedToInteger(-2.5) == -3)
        #expect(JSONText.roundedToInteger(0.49999999999999994) == 0)
        #expect(JSONText.roundedToInteger(-0.5) == -1)
        #expect(JSONText.roundedToInteger(4_503_599_627_370_495.5) == 4_503_599_627_370_496)
        for v in Self.values where v.isFinite && abs(v * 1e7) < 0x1p52 {
            #expect(JSONText.roundedToInteger(v * 1e7) == Int64((v * 1e7).rounded()), "\(v)")
        }
    }

    @Test func integersNeedNoFraction() {
        #expect(Self.printed { $0.integer(Int64.min) } == "-9223372036854775808")
        #expect(Self.printed { $0.integer(Int64.max) } == "9223372036854775807")
        #expect(Self.printed { $0.integer(0) } == "0")
        #expect(Self.printed { $0.coordinate(-1e-9) } == "0")
        #expect(Self.printed { $0.coordinate(-12.00000004) } == "-12")
        #expect(Self.printed { $0.coordinate(-0.00000006) } == "-0.0000001")
        #expect(Self.printed { $0.coordinate(113.92452744) } == "113.9245274")
    }
}
