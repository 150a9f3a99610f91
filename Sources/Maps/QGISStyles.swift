import Model

/// QGIS layer styles (QML) for the run's GeoPackage: the same classes and colours as the maps,
/// so that QGIS draws a cell as `map.svg` does. Only symbology is written; QGIS keeps its own
/// defaults for everything else.
public enum QGISStyles {
    /// Cells graduated on `hall_class` (the maps' classes of minutes to the nearest hall, the
    /// last one "no hall in reach"), labelled in minutes of this threshold.
    public static func hallMinutes(thresholdMinutes: Double) -> String {
        let labels = MapStyle.hallClassLabels(thresholdMinutes: thresholdMinutes)
        let classes = zip(MapStyle.hallClassColours, labels).enumerated().map { k, c in
            GraduatedClass(lower: Double(k) - 0.5, upper: Double(k) + 0.5, label: c.1, colour: c.0, fillStyle: "solid", outline: nil)
        }
        return graduated(attribute: "hall_class", classes: classes)
    }

    /// Upper bounds of the gap-share classes: the share of a cell's residents with a gap;
    /// from 0.5 the cell is a gap cell (the run's rule).
    public static let gapShareBounds = [0.1, 0.25, 0.5, 1.0]
    static let gapShareColours = ["#fee5d9", "#fcae91", "#fb6a4a", "#a50f15"]

    /// Cells graduated on the share of their residents with a gap (`gap_pop` / `pop`).
    public static func gapShare() -> String {
        var lower = 0.0
        let classes = zip(gapShareBounds, gapShareColours).map { upper, colour in
            defer { lower = upper }
            let label = upper == 1.0 ? "\(percent(lower)) or more (gap cells)" : "\(percent(lower)) – \(percent(upper))"
            return GraduatedClass(lower: lower, upper: upper, label: label, colour: colour, fillStyle: "solid", outline: nil)
        }
        return graduated(attribute: "\"gap_pop\" / \"pop\"", classes: classes)
    }

    /// Gap areas: hatched in the maps' gap colour, with an outline.
    public static func gapAreas() -> String {
        document(renderer: "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>"
                 + fillSymbol(name: "0", colour: MapStyle.gapColour, style: "b_diagonal", outline: MapStyle.gapColour)
                 + "</symbols></renderer-v2>")
    }

    /// Subdistricts: outlines only.
    public static func subdistricts() -> String {
        document(renderer: "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>"
                 + fillSymbol(name: "0", colour: "#000000", style: "no", outline: "#333333")
                 + "</symbols></renderer-v2>")
    }

    /// Sites by kind: halls purple squares, kiosks blue circles (the maps' colours).
    public static func sites() -> String {
        let kinds: [(value: String, label: String, colour: String, shape: String, size: Double)] = [
            ("hall", "hall", MapStyle.siteColour(kind: .hall, overloaded: false), "square", 3.2),
            ("kiosk", "kiosk", MapStyle.siteColour(kind: .kiosk, overloaded: false), "circle", 2.0),
        ]
        var categories = "", symbols = ""
        for (k, c) in kinds.enumerated() {
            categories += "<category value=\"\(c.value)\" label=\"\(c.label)\" symbol=\"\(k)\" render=\"true\"/>"
            symbols += "<symbol type=\"marker\" name=\"\(k)\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                + symbolLayer("SimpleMarker", ["name": c.shape, "color": rgba(c.colour), "size": "\(c.size)",
                                               "outline_color": "255,255,255,255", "outline_width": "0.3"])
                + "</symbol>"
        }
        return document(renderer: "<renderer-v2 type=\"categorizedSymbol\" attr=\"kind\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
                        + "<categories>\(categories)</categories><symbols>\(symbols)</symbols></renderer-v2>")
    }

    struct GraduatedClass {
        var lower: Double, upper: Double, label: String, colour: String, fillStyle: String, outline: String?
    }

    static func graduated(attribute: String, classes: [GraduatedClass]) -> String {
        var ranges = "", symbols = ""
        for (k, c) in classes.enumerated() {
            ranges += "<range lower=\"\(c.lower)\" upper=\"\(c.upper)\" label=\"\(xml(c.label))\" symbol=\"\(k)\" render=\"true\"/>"
            symbols += fillSymbol(name: "\(k)", colour: c.colour, style: c.fillStyle, outline: c.outline)
        }
        return document(renderer: "<renderer-v2 type=\"graduatedSymbol\" attr=\"\(xml(attribute))\" graduatedMethod=\"GraduatedColor\" "
                        + "symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><ranges>\(ranges)</ranges><symbols>\(symbols)</symbols></renderer-v2>")
    }

    static func fillSymbol(name: String, colour: String, style: String, outline: String?) -> String {
        "<symbol type=\"fill\" name=\"\(name)\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
            + symbolLayer("SimpleFill", ["color": rgba(colour), "style": style,
                                         "outline_style": outline == nil ? "no" : "solid",
                                         "outline_color": rgba(outline ?? "#000000"), "outline_width": "0.4"])
            + "</symbol>"
    }

    /// A symbol layer with its properties both as QGIS 3.x `<Option>` map and as the older
    /// `<prop>` elements, which every QGIS 3 reads.
    static func symbolLayer(_ kind: String, _ properties: [String: String]) -> String {
        let keys = properties.keys.sorted()
        let options = keys.map { "<Option name=\"\($0)\" type=\"QString\" value=\"\(xml(properties[$0] ?? ""))\"/>" }.joined()
        let props = keys.map { "<prop k=\"\($0)\" v=\"\(xml(properties[$0] ?? ""))\"/>" }.joined()
        return "<layer class=\"\(kind)\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">\(options)</Option>\(props)</layer>"
    }

    static func document(renderer: String) -> String {
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
            + renderer + "\n</qgis>\n"
    }

    /// `#rrggbb` as QGIS's `r,g,b,255`.
    static func rgba(_ hex: String) -> String {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let v = Int(digits, radix: 16) else { return "0,0,0,255" }
        return "\((v >> 16) & 255),\((v >> 8) & 255),\(v & 255),255"
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    static func xml(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
