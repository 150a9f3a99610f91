import Model

/// Colours and classes shared by the maps and the GeoJSON outputs' simplestyle properties, so
/// that a cell has the same colour in `map.svg`, `map.html`, QGIS and geojson.io.
public enum MapStyle {
    /// Upper bounds of the classes of minutes to the nearest hall, as fractions of the hall
    /// threshold: below a third, below two thirds, within the threshold, up to 1.5 ×, beyond.
    public static let hallClassBounds: [Double] = [0.34, 0.67, 1.0, 1.5]

    /// Class colours, green near to red far; the last one is for cells with no hall in reach.
    public static let hallClassColours = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#7f0000"]

    /// Class index (0 ..< `hallClassColours.count`) of minutes to the nearest hall; nil minutes
    /// (no hall reachable) is the last class. The threshold itself belongs to class 2.
    public static func hallClass(minutes: Double?, thresholdMinutes: Double) -> Int {
        guard let m = minutes else { return 5 }
        switch m / thresholdMinutes {
        case ..<0.34: return 0
        case ..<0.67: return 1
        case ...1.0: return 2
        case ..<1.5: return 3
        default: return 4
        }
    }

    /// Colour of minutes to the nearest hall for simplestyle viewers and the maps.
    public static func hallColour(minutes: Double?, thresholdMinutes: Double) -> String {
        hallClassColours[hallClass(minutes: minutes, thresholdMinutes: thresholdMinutes)]
    }

    /// Legend labels of the classes, in minutes for the given threshold.
    public static func hallClassLabels(thresholdMinutes t: Double) -> [String] {
        let b = hallClassBounds.map { MapText.decimal($0 * t, places: 1) }
        return ["under \(b[0]) min", "\(b[0]) – \(b[1]) min", "\(b[1]) – \(b[2]) min (threshold)",
                "\(b[2]) – \(b[3]) min", "\(b[3]) min or more", "no hall in reach"]
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
