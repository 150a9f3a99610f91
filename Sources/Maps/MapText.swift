import Formats

/// Text helpers for the maps: escaping of input text for XML/HTML and JSON inside `<script>`,
/// and fast fixed-decimal numbers (the maps print millions of coordinates).
public enum MapText {
    /// A JSON string literal safe inside an HTML `<script>` block (`<`, `>`, `&`, U+2028 and
    /// U+2029 escaped; see `GeoJSONWriter.appendString`).
    public static func appendJSON(_ text: String, to out: inout String) {
        GeoJSONWriter.appendString(text, to: &out)
    }

    /// `value` rounded to `places` decimals, without trailing zeros ("12.5", "3", "-0.25");
    /// non-finite values print as "0" (callers skip them before). Deterministic and fast.
    public static func decimal(_ value: Double, places: Int) -> String {
        var out = ""
        appendDecimal(value, places: places, to: &out)
        return out
    }

    static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]

    public static func appendDecimal(_ value: Double, places: Int, to out: inout String) {
        let p = max(0, min(places, powersOfTen.count - 1))
        let scale = powersOfTen[p]
        let scaled = (value * Double(scale)).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { out += "0"; return }
        var n = Int64(scaled)
        if n == 0 { out += "0"; return }
        // The digits go through a stack buffer into one append (a map prints millions of numbers).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            var end = 0
            func put(_ byte: UInt8) { text[end] = byte; end += 1 }
            func digits(_ v: Int64, atLeast count: Int) {
                var v = v, reversed = end, written = 0
                repeat { put(UInt8(0x30 + v % 10)); v /= 10; written += 1 } while v > 0 || written < count
                var a = reversed, b = end - 1
                while a < b { text.swapAt(a, b); a += 1; b -= 1 }
            }
            if n < 0 { put(0x2D); n = -n }
            digits(n / scale, atLeast: 1)
            var fraction = n % scale
            if fraction != 0 {
                var count = p
                while fraction % 10 == 0 { fraction /= 10; count -= 1 }
                put(0x2E)
                digits(fraction, atLeast: count)
            }
            out += String(decoding: UnsafeBufferPointer(rebasing: text[..<end]), as: UTF8.self)
        }
    }
}
