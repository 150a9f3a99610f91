import Foundation
import Model

/// Colours and classes shared by the maps and the GeoJSON outputs' simplestyle properties, so
/// that a cell has the same colour in `map.svg`, `map.html`, QGIS and geojson.io.
public enum MapStyle {
    /// Upper bounds of the classes of minutes to the nearest hall, as fractions of the hall
    /// threshold (numerator, denominator): below a third, below two thirds, within the
    /// threshold, up to 1.5 ×, beyond. Round fractions, so that a 30-minute threshold gives
    /// classes at 10, 20, 30 and 45 minutes.
    public static let hallClassFractions: [(numerator: Double, denominator: Double)] = [(1, 3), (2, 3), (1, 1), (3, 2)]

    /// Class colours, green near to red far; the last one is for cells with no hall in reach.
    public static let hallClassColours = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#7f0000"]

    /// Class index (0 ..< `hallClassColours.count`) of minutes to the nearest hall; nil minutes
    /// (no hall reachable) is the last class. The threshold itself belongs to class 2; the
    /// bounds are compared as `minutes × denominator` against `threshold × numerator`, so that
    /// 10 minutes of a 30-minute threshold is exactly on the first bound (class 1).
    public static func hallClass(minutes: Double?, thresholdMinutes: Double) -> Int {
        guard let m = minutes else { return 5 }
        let f = hallClassFractions
        func below(_ k: Int) -> Bool { m * f[k].denominator < thresholdMinutes * f[k].numerator }
        if below(0) { return 0 }
        if below(1) { return 1 }
        if m <= thresholdMinutes { return 2 }
        return below(3) ? 3 : 4
    }

    /// Colour of minutes to the nearest hall for simplestyle viewers and the maps.
    public static func hallColour(minutes: Double?, thresholdMinutes: Double) -> String {
        hallClassColours[hallClass(minutes: minutes, thresholdMinutes: thresholdMinutes)]
    }

    /// Legend labels of the classes, in minutes for the given threshold.
    public static func hallClassLabels(thresholdMinutes t: Double) -> [String] {
        let b = hallClassFractions.map { MapText.decimal(t * $0.numerator / $0.denominator, places: 1) }
        return ["under \(b[0]) min", "\(b[0]) – \(b[1]) min", "\(b[1]) – \(b[2]) min (threshold)",
                "\(b[2]) – \(b[3]) min", "\(b[3]) min or more", "no hall in reach"]
    }

    /// Colours of the gap-residents layer, light to dark (class 0 is "no gap residents",
    /// drawn transparent).
    public static let gapResidentColours = ["#fcc5c0", "#fa9fb5", "#f768a1", "#c51b8a", "#7a0177"]

    /// Upper bounds of the gap-residents classes (residents with a gap item in one cell): five
    /// equal steps of a round number (1, 2 or 5 × a power of ten) chosen so that the largest
    /// cell falls in the last class. Empty when no cell has gap residents.
    public static func gapResidentBounds(largest: Double) -> [Double] {
        guard largest > 0, largest.isFinite else { return [] }
        for exponent in 0...15 {
            let power = pow(10, Double(exponent))
            for m in [1.0, 2, 5] where m * power * 5 >= largest { return (1...5).map { Double($0) * m * power } }
        }
        return []
    }

    /// Class (1 ... 5) of a cell's gap residents for the bounds above; 0 for none.
    public static func gapResidentClass(_ gapResidents: Double, bounds: [Double]) -> Int {
        guard gapResidents > 0, let last = bounds.last else { return 0 }
        for (k, b) in bounds.enumerated() where gapResidents <= b { return k + 1 }
        return gapResidents > last ? bounds.count : 0
    }

    /// Legend labels of the gap-residents classes.
    public static func gapResidentLabels(bounds: [Double]) -> [String] {
        bounds.enumerated().map { k, b in
            let from = k == 0 ? "over 0" : MapText.decimal(bounds[k - 1], places: 3)
            return "\(from) – \(MapText.decimal(b, places: 3)) residents"
        }
    }

    /// Marker colour of a site: kiosks blue, halls purple, overloaded halls red.
    public static func siteColour(kind: SiteKind, overloaded: Bool) -> String {
        kind == .kiosk ? "#2b8cbe" : (overloaded ? "#d7301f" : "#54278f")
    }

    /// Colour of a site the model ignores (closed in the activity window or without windows).
    public static let unavailableSiteColour = "#969696"

    /// Side of a hall's square marker in SVG pixels (radius × 2 in the HTML map): larger for
    /// higher tiers.
    public static func hallSize(tier: Tier?) -> Double {
        switch tier ?? .community {
        case .city: 16
        case .district: 13
        case .street: 10
        case .community: 7
        }
    }

    /// Kiosk marker diameter in SVG pixels.
    public static let kioskSize = 6.0

    /// Gap areas: hatch and outline colour.
    public static let gapColour = "#7f0000"

    /// Fonts that render Chinese as well as Latin text (Debian: `fonts-noto-cjk`).
    public static let fontFamily = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC','DejaVu Sans',sans-serif"
}
