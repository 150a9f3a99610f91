import Formats
import Model
import TwinSpace

/// The interactive map: one self-contained HTML file. The data are embedded as JSON in
/// `<script type="application/json">` blocks (escaped for `<script>`), read by the page's own
/// script, which builds every text with `textContent`. The cells are images of one raster with
/// a compact look-up for their pop-ups (`HTMLCells`), so that the page scales with its image,
/// not with the cells; gap areas, outlines and sites are GeoJSON. With Leaflet (inlined, see
/// `LeafletAssets`) the page has pan/zoom, pop-ups, a layer switch and an optional OSM tile
/// layer (off by default, needs a network); without it, the page draws the same layers as SVG
/// with its own layer switch, pan/zoom and pop-ups.
public enum HTMLMap {
    /// Coordinates in the page are rounded to 6 decimals (about 0.1 m).
    static let places = 6

    public static func html(_ input: MapInput, leaflet: LeafletAssets?) -> String {
        var out = ""
        out.reserveCapacity(400_000 + min(input.district.cells.count, HTMLCells.lookupCellLimit) * 50 + (leaflet?.javascript.utf8.count ?? 0))
        let bounds = input.bounds ?? (XY(0, 0), XY(0, 0))
        let gapsAsRaster = HTMLCells.gapVertices(input.gapAreas) > HTMLCells.gapVertexLimit
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"twinreach\">\n<title>"
        XMLText.append(input.title, to: &out)
        out += "</title>\n"
        if let leaflet { out += "<style>\n" + leaflet.css + "\n</style>\n" }
        out += "<style>\n" + MapScript.css + "</style>\n</head>\n<body>\n"
        out += "<div id=\"map\"></div>\n<div id=\"panel\"><h1 id=\"title\"></h1><div id=\"legend\"></div><div id=\"switch\"></div>"
        out += "<div id=\"status\" data-state=\"loading\">loading…</div></div>\n"
        out += "<noscript><p>This map needs JavaScript; map.svg beside it is the same map as a picture.</p></noscript>\n"
        out += "<script>\n" + MapScript.errorCatcher + "</script>\n"
        appendBlock("data-meta", to: &out) { appendMeta(input, bounds: bounds, to: &$0) }
        appendBlock("data-cells", to: &out) { HTMLCells.append(input, bounds: bounds, gapAreasAsRaster: gapsAsRaster, to: &$0) }
        appendBlock("data-gaps", to: &out) { gapsAsRaster ? $0 += "{\"type\":\"FeatureCollection\",\"features\":[]}" : appendGaps(input, to: &$0) }
        appendBlock("data-outlines", to: &out) { appendOutlines(input, to: &$0) }
        appendBlock("data-sites", to: &out) { appendSites(input, to: &$0) }
        if let leaflet { out += "<script>\n" + leaflet.javascript + "\n</script>\n" }
        out += "<script>\n" + MapScript.page + "</script>\n</body>\n</html>\n"
        return out
    }

    static func appendBlock(_ id: String, to out: inout String, _ body: (inout String) -> Void) {
        out += "<script type=\"application/json\" id=\"\(id)\">"
        body(&out)
        out += "</script>\n"
    }

    // MARK: blocks

    /// `bounds`: the input's bounds (what `html` computed once for every block).
    static func appendMeta(_ input: MapInput, bounds b: (min: XY, max: XY), to out: inout String) {
        let s = input.summary, t = input.hallThresholdMinutes
        var o = JSONObject()
        o.string("title", input.title, &out)
        o.string("scenario", input.scenario, &out)
        o.string("district", input.district.settings.name, &out)
        o.number("hall_threshold_minutes", t, &out)
        o.key("classes", &out)
        do {
            out += "["
            let labels = MapStyle.hallClassLabels(thresholdMinutes: t)
            for (k, colour) in MapStyle.hallClassColours.enumerated() {
                if k > 0 { out += "," }
                var c = JSONObject()
                c.string("colour", colour, &out)
                c.string("label", labels[k], &out)
                c.close(&out)
            }
            out += "]"
        }
        o.key("bounds", &out)
        do {
            out += "["
            for (k, v) in [b.min.x, b.min.y, b.max.x, b.max.y].enumerated() {
                if k > 0 { out += "," }
                MapText.appendDecimal(v, places: places, to: &out)
            }
            out += "]"
        }
        o.bool("osm", input.osmAttribution, &out)
        o.string("gap_colour", MapStyle.gapColour, &out)
        o.key("items", &out)
        do {
            out += "["
            for (k, item) in input.district.services.enumerated() {
                if k > 0 { out += "," }
                MapText.appendJSON(item.name, to: &out)
            }
            out += "]"
        }
        o.key("summary", &out)
        do {
            var m = JSONObject()
            m.number("population", s.district.population, &out)
            m.number("cells", Double(s.district.cells), &out)
            m.number("share_within_hall_threshold", s.district.hall.shareWithinThreshold, &out)
            m.number("gap_population", s.district.gapPopulation, &out)
            m.number("halls", Double(s.halls.halls), &out)
            m.number("kiosks", Double(input.district.sites.filter { $0.kind == .kiosk }.count), &out)
            m.number("overloaded_halls", Double(s.halls.overloaded.count), &out)
            m.string("travel", s.travel, &out)
            m.close(&out)
        }
        o.close(&out)
    }

    static func appendGaps(_ input: MapInput, to out: inout String) {
        out += "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        for (k, gap) in input.gapAreas.enumerated() {
            if !first { out += ",\n" }
            first = false
            out += "{\"type\":\"Feature\",\"properties\":"
            var p = JSONObject()
            p.string("id", "gap-\(k + 1)", &out)
            p.number("cells", Double(gap.cells), &out)
            p.number("pop", round3(gap.population), &out)
            p.number("gap_pop", round3(gap.gapPopulation), &out)
            p.number("gap_elderly", round3(gap.gapElderly), &out)
            p.number("gap_not_digital", round3(gap.gapNotDigital), &out)
            p.close(&out)
            out += ",\"geometry\":"
            appendMultiPolygon([gap.area], to: &out)
            out += "}"
        }
        // Cells given as points have no area to dissolve: their gap cells are shown one by one.
        for (i, cell) in input.district.cells.enumerated() where !cell.hasArea && i < input.gapCells.count && input.gapCells[i] {
            if !first { out += ",\n" }
            first = false
            out += "{\"type\":\"Feature\",\"properties\":"
            var p = JSONObject()
            p.string("id", cell.id, &out)
            p.number("cells", 1, &out)
            p.number("pop", round3(cell.population), &out)
            p.number("gap_pop", round3(i < input.cellResults.count ? input.cellResults[i].gapPopulation : 0), &out)
            p.close(&out)
            out += ",\"geometry\":"
            appendPoint(cell.centroid, to: &out)
            out += "}"
        }
        out += "]}"
    }

    /// Subdistrict outlines with a label point each, and the district boundary.
    static func appendOutlines(_ input: MapInput, to out: inout String) {
        out += "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        if !input.district.boundary.isEmpty {
            out += "{\"type\":\"Feature\",\"properties\":{\"role\":\"boundary\"},\"geometry\":"
            appendMultiPolygon(input.district.boundary.polygons, to: &out)
            out += "}"
            first = false
        }
        for s in input.district.subdistricts {
            if !first { out += ",\n" }
            first = false
            out += "{\"type\":\"Feature\",\"properties\":"
            var p = JSONObject()
            p.string("role", "subdistrict", &out)
            p.string("id", s.id, &out)
            p.string("name", s.name, &out)
            if let at = MapLabels.point(in: s.area), at.x.isFinite, at.y.isFinite {
                p.key("label", &out)
                do {
                    out += "["; MapText.appendDecimal(at.x, places: places, to: &out)
                    out += ","; MapText.appendDecimal(at.y, places: places, to: &out); out += "]"
                }
            }
            p.close(&out)
            out += ",\"geometry\":"
            appendMultiPolygon(s.area.polygons, to: &out)
            out += "}"
        }
        out += "]}"
    }

    static func appendSites(_ input: MapInput, to out: inout String) {
        let handled = input.itemsHandled
        out += "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        for (i, site) in input.district.sites.enumerated() {
            guard site.location.x.isFinite, site.location.y.isFinite else { continue }
            if !first { out += ",\n" }
            first = false
            let r = i < input.siteResults.count ? input.siteResults[i] : nil
            out += "{\"type\":\"Feature\",\"properties\":"
            var p = JSONObject()
            p.string("id", site.id, &out)
            p.string("name", site.name, &out)
            p.string("kind", site.kind.rawValue, &out)
            if let tier = site.tier { p.string("tier", tier.rawValue, &out) } else { p.null("tier", &out) }
            p.number("windows", Double(site.windows), &out)
            p.string("hours", site.hours.text, &out)
            p.bool("available", r?.available ?? false, &out)
            p.number("open_minutes_per_week", Double(r?.openMinutesPerWeek ?? 0), &out)
            p.number("completions_per_year", round3(r?.completionsPerYear ?? 0), &out)
            p.number("utilisation", round6(r?.utilisation ?? 0), &out)
            p.number("wait_minutes", round3(r?.waitMinutes ?? 0), &out)
            p.bool("overloaded", r?.overloaded ?? false, &out)
            p.key("items", &out)
            do {
                out += "["
                for (k, item) in handled[i].enumerated() {
                    if k > 0 { out += "," }
                    out += String(item)
                }
                out += "]"
            }
            p.close(&out)
            out += ",\"geometry\":"
            appendPoint(site.location, to: &out)
            out += "}"
        }
        out += "]}"
    }

    // MARK: geometry

    static func appendPoint(_ p: XY, to out: inout String) {
        guard p.x.isFinite, p.y.isFinite else { out += "null"; return }
        out += "{\"type\":\"Point\",\"coordinates\":["
        MapText.appendDecimal(p.x, places: places, to: &out)
        out += ","
        MapText.appendDecimal(p.y, places: places, to: &out)
        out += "]}"
    }

    /// A MultiPolygon; rings with non-finite coordinates are left out.
    static func appendMultiPolygon(_ polygons: [Polygon], to out: inout String) {
        out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
        var firstPolygon = true
        for polygon in polygons {
            let rings = polygon.rings.filter { $0.count >= 4 && $0.allSatisfy { $0.x.isFinite && $0.y.isFinite } }
            guard !rings.isEmpty else { continue }
            if !firstPolygon { out += "," }
            firstPolygon = false
            out += "["
            for (k, ring) in rings.enumerated() {
                if k > 0 { out += "," }
                out += "["
                for (j, p) in ring.enumerated() {
                    if j > 0 { out += "," }
                    out += "["
                    MapText.appendDecimal(p.x, places: places, to: &out)
                    out += ","
                    MapText.appendDecimal(p.y, places: places, to: &out)
                    out += "]"
                }
                out += "]"
            }
            out += "]"
        }
        out += "]}"
    }

    static func round3(_ x: Double) -> Double { (x * 1e3).rounded() / 1e3 }
    static func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}

/// Writes one JSON object's members in order, every string escaped for `<script>`.
struct JSONObject {
    private var empty = true

    /// Starts a member; its value follows.
    mutating func key(_ key: String, _ out: inout String) {
        out += empty ? "{" : ","
        empty = false
        MapText.appendJSON(key, to: &out)
        out += ":"
    }

    mutating func string(_ k: String, _ value: String, _ out: inout String) {
        key(k, &out)
        MapText.appendJSON(value, to: &out)
    }

    mutating func number(_ k: String, _ value: Double, _ out: inout String) {
        key(k, &out)
        out += GeoJSONWriter.number(value)
    }

    mutating func optional(_ k: String, _ value: Double?, _ out: inout String) {
        key(k, &out)
        out += value.map { GeoJSONWriter.number($0) } ?? "null"
    }

    mutating func bool(_ k: String, _ value: Bool, _ out: inout String) {
        key(k, &out)
        out += value ? "true" : "false"
    }

    mutating func null(_ k: String, _ out: inout String) {
        key(k, &out)
        out += "null"
    }

    func close(_ out: inout String) { out += empty ? "{}" : "}" }
}
