import Formats
import Foundation

/// How `compare` shows a figure and its change, by the figure's unit. The rule: values at the
/// unit's precision; the change in the figure's own unit (shares in percentage points); the
/// relative change only when the base is at least the unit's floor (100 residents, 1 minute,
/// 0.01 per resident-year), so that a change of seconds on a wait of seconds is not "+52 %";
/// shares and inequality indices get no relative change (a change of a share is in points).
enum CompareUnit: Sendable {
    case residents, perResidentYear, minutes, share, index

    /// Decimals shown for a value of this size.
    func decimals(_ x: Double) -> Int {
        switch self {
        case .residents: 0
        case .perResidentYear: abs(x) < 1 ? 4 : abs(x) < 100 ? 2 : 1
        case .minutes: 2
        case .share: 1  // of a percentage
        case .index: 3
        }
    }

    /// The smallest base a relative change is shown for; nil: never.
    var relativeFloor: Double? {
        switch self {
        case .residents: 100
        case .perResidentYear: 0.01
        case .minutes: 1
        case .share, .index: nil
        }
    }

    var changeSuffix: String { self == .share ? " pp" : self == .minutes ? " min" : "" }

    /// A value as shown (shares as percentages).
    func value(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        if self == .share { return Self.fixed(x * 100, 1) + " %" }
        return self == .residents ? Self.grouped(x) : Self.fixed(x, decimals(x))
    }

    /// The change from `a` to `b` in the unit (signed; "0" when it rounds to nothing).
    func change(from a: Double?, to b: Double?) -> String {
        guard let a, let b, a.isFinite, b.isFinite else { return "–" }
        let d = self == .share ? (b - a) * 100 : b - a
        let places = self == .share ? 1 : decimals(max(abs(a), abs(b)))
        let shown = Self.fixed(abs(d), places)
        if Double(shown) == 0 { return "0" }
        return (d > 0 ? "+" : "−") + (self == .residents ? Self.grouped(abs(d)) : shown) + changeSuffix
    }

    /// The relative change in percent, when the base is large enough (see the type).
    func relative(from a: Double?, to b: Double?) -> Double? {
        guard let floor = relativeFloor, let a, let b, a.isFinite, b.isFinite, abs(a) >= floor else { return nil }
        return (b - a) / a * 100
    }

    func relativeText(from a: Double?, to b: Double?) -> String {
        guard let r = relative(from: a, to: b) else { return "" }
        let shown = Self.fixed(abs(r), 1)
        return Double(shown) == 0 ? "0 %" : (r > 0 ? "+" : "−") + shown + " %"
    }

    static func fixed(_ x: Double, _ places: Int) -> String {
        let scale = (0..<places).reduce(1.0) { r, _ in r * 10 }
        return GeoJSONWriter.number((x * scale).rounded() / scale)
    }

    /// Whole residents with thousands separators: 55,415.
    static func grouped(_ x: Double) -> String {
        let digits = fixed(abs(x), 0)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (x < 0 && digits != "0" ? "-" : "") + String(out.reversed())
    }
}
