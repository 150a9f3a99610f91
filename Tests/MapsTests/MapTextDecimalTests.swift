import Foundation
import Testing
@testable import Maps

/// The maps' fixed decimals, printed through a stack buffer, against the plain String
/// arithmetic they replaced (kept here as the reference): map.svg and map.html stay byte-identical.
@Suite struct MapTextDecimalTests {
    static func reference(_ value: Double, places: Int) -> String {
        let p = max(0, min(places, 7))
        let scale = Int64(pow(10, Double(p)))
        let scaled = (value * Double(scale)).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { return "0" }
        var n = Int64(scaled)
        if n == 0 { return "0" }
        var out = n < 0 ? "-" : ""
        n = abs(n)
        out += String(n / scale)
        var fraction = n % scale
        guard fraction != 0 else { return out }
        var digits = p
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        return out + "." + String(repeating: "0", count: digits - text.count) + text
    }

    @Test func decimalsAreThoseOfTheReference() {
        var values: [Double] = [0, -0.0, 0.05, -0.05, 0.001, 1e-9, 99.95, -1234.5678, 8.9e15, 9e15, 8_999_999_999_999_999, .nan, .infinity, 3]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 { values.append(Double.random(in: -2000...2000, using: &generator)) }
        for _ in 0..<1000 { values.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 1000) }
        for places in [-1, 0, 1, 2, 3, 6, 7, 9] {
            for v in values {
                #expect(MapText.decimal(v, places: places) == Self.reference(v, places: places), "\(v) to \(places) places")
            }
        }
        #expect(MapText.decimal(-0.0504, places: 3) == "-0.05")
        #expect(MapText.decimal(1234567.0000001, places: 7) == "1234567.0000001")
    }
}
