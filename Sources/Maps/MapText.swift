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
        if n < 0 { out += "-"; n = -n }
        out += String(n / scale)
        var fraction = n % scale
        guard fraction != 0 else { return }
        var digits = p
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        out += "."
        if text.count < digits { out += String(repeating: "0", count: digits - text.count) }
        out += text
    }
}
