import Formats
import Model
import TwinSpace

/// The static map: a choropleth of minutes to the nearest hall (the hall threshold's classes),
/// gap areas hatched, subdistrict outlines and names, sites by kind and tier, a legend with the
/// run's headline figures, a scale bar and a north arrow. Every text from the inputs is escaped.
public enum SVGMap {
    public static let width = 1200.0, height = 860.0
    /// The map's frame (left part); the legend is on the right.
    static let frame = (x: 16.0, y: 56.0, width: 856.0, height: 788.0)
    static let legendX = 892.0

    /// Up to this many cells the map draws each as a path (about 90 bytes a cell); beyond, the
    /// cells are one palette image of their hall classes (a `CellRaster` in the map's
    /// equirectangular frame), so that the file stays a few megabytes at millions of cells.
    public static let vectorCellLimit = 300_000

    /// `cellLimit`: `vectorCellLimit` (tests lower it).
    public static func svg(_ input: MapInput, cellLimit: Int = vectorCellLimit) -> String {
        var out = ""
        let asImage = input.district.cells.count > cellLimit
        out.reserveCapacity(4096 + (asImage ? 0 : input.district.cells.count * 90))
        let bounds = input.bounds  // a pass over every cell: once
        let projection = MapProjection(bounds: bounds ?? (XY(0, 0), XY(0, 0)), frame: frame)
        let threshold = input.hallThresholdMinutes
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(MapStyle.fontFamily)\">\n"
        out += "<title>"; XMLText.append(input.title, to: &out); out += "</title>\n"
        out += style()
        out += "<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">"
        out += "<rect width=\"6\" height=\"6\" fill=\"\(MapStyle.gapColour)\" fill-opacity=\"0.12\"/>"
        out += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(MapStyle.gapColour)\" stroke-width=\"2\"/></pattern>"
        out += "<clipPath id=\"frame\"><rect x=\"\(n(frame.x))\" y=\"\(n(frame.y))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\"/></clipPath></defs>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<rect x=\"\(n(frame.x))\" y=\"\(n(frame.y))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\" fill=\"#f4f4f0\" stroke=\"#bdbdbd\"/>\n"
        out += "<text class=\"title\" x=\"\(n(frame.x))\" y=\"36\">"; XMLText.append(input.title, to: &out); out += "</text>\n"
        out += "<g clip-path=\"url(#frame)\">\n"

        // Cells: one path per cell, in input order; beyond `vectorCellLimit`, one image.
        out += "<g id=\"cells\">\n"
        let pointSide = 4.0
        if asImage { appendCellImage(input, bounds: bounds, projection, to: &out) }
        for (i, cell) in input.district.cells.enumerated() where !asImage {
            let minutes = i < input.cellResults.count ? input.cellResults[i].nearestHallMinutes : nil
            out += "<path class=\"k\(MapStyle.hallClass(minutes: minutes, thresholdMinutes: threshold))\" d=\""
            if let area = cell.area {
                appendPath(area.polygons, projection, to: &out)
            } else if cell.centroid.x.isFinite, cell.centroid.y.isFinite {
                let p = projection.project(cell.centroid)
                appendSquare(x: p.x, y: p.y, side: pointSide, to: &out)
            }
            out += "\"/>\n"
        }
        out += "</g>\n"

        // Gap areas (dissolved), and gap cells given as points.
        out += "<g id=\"gaps\">\n"
        for gap in input.gapAreas {
            out += "<path class=\"gap\" d=\""; appendPath([gap.area], projection, to: &out); out += "\"/>\n"
        }
        for (i, cell) in input.district.cells.enumerated() where !cell.hasArea && i < input.gapCells.count && input.gapCells[i] {
            guard cell.centroid.x.isFinite, cell.centroid.y.isFinite else { continue }
            let p = projection.project(cell.centroid)
            out += "<path class=\"gap\" d=\""; appendSquare(x: p.x, y: p.y, side: pointSide + 3, to: &out); out += "\"/>\n"
        }
        out += "</g>\n"

        out += "<g id=\"subdistricts\">\n"
        for s in input.district.subdistricts {
            out += "<path class=\"sub\" d=\""; appendPath(s.area.polygons, projection, to: &out); out += "\"><title>"
            XMLText.append(s.name, to: &out); out += "</title></path>\n"
        }
        out += "</g>\n"
        if !input.district.boundary.isEmpty {
            out += "<path id=\"boundary\" class=\"boundary\" d=\""; appendPath(input.district.boundary.polygons, projection, to: &out); out += "\"/>\n"
        }

        // Names under the sites, so that a hall is never hidden under its subdistrict's name.
        out += "<g id=\"labels\">\n"
        for s in input.district.subdistricts {
            guard let at = MapLabels.point(in: s.area), at.x.isFinite, at.y.isFinite else { continue }
            let p = projection.project(at)
            out += "<text class=\"label\" x=\"\(c(p.x))\" y=\"\(c(p.y))\">"; XMLText.append(s.name, to: &out); out += "</text>\n"
        }
        out += "</g>\n"

        // Sites: kiosks below halls, lower tiers below higher ones.
        out += "<g id=\"sites\">\n"
        let order = input.district.sites.indices.sorted { a, b in
            let ra = rank(input.district.sites[a]), rb = rank(input.district.sites[b])
            return ra != rb ? ra < rb : a < b
        }
        for i in order {
            let site = input.district.sites[i]
            guard site.location.x.isFinite, site.location.y.isFinite else { continue }
            let r = i < input.siteResults.count ? input.siteResults[i] : nil
            let p = projection.project(site.location)
            let colour = (r?.available ?? true) ? MapStyle.siteColour(kind: site.kind, overloaded: r?.overloaded ?? false) : MapStyle.unavailableSiteColour
            if site.kind == .hall {
                let side = MapStyle.hallSize(tier: site.tier)
                out += "<rect class=\"hall\" x=\"\(c(p.x - side / 2))\" y=\"\(c(p.y - side / 2))\" width=\"\(n(side))\" height=\"\(n(side))\" fill=\"\(colour)\">"
            } else {
                out += "<circle class=\"kiosk\" cx=\"\(c(p.x))\" cy=\"\(c(p.y))\" r=\"\(n(MapStyle.kioskSize / 2))\" fill=\"\(colour)\">"
            }
            out += "<title>"; XMLText.append(siteTitle(site, r), to: &out); out += "</title>"
            out += site.kind == .hall ? "</rect>\n" : "</circle>\n"
        }
        out += "</g>\n</g>\n"

        appendFurniture(input, projection, to: &out)
        appendLegend(input, to: &out)
        out += "</svg>\n"
        return out
    }

    static func rank(_ site: Site) -> Int { site.kind == .kiosk ? -1 : (site.tier ?? .community).rank }

    /// Hover text of a site: name, kind and tier, load and wait.
    static func siteTitle(_ site: Site, _ r: TwinSiteResult?) -> String {
        var text = site.name + " (" + site.kind.rawValue
        if let tier = site.tier { text += ", " + tier.rawValue }
        text += ")"
        if let r {
            if !r.available { return text + ": closed in the activity window or without windows" }
            text += ": \(grouped(r.completionsPerYear)) completions/yr, utilisation \(MapText.decimal(r.utilisation * 100, places: 1)) %, wait \(MapText.decimal(r.waitMinutes, places: 1)) min"
            if r.overloaded { text += ", OVERLOADED" }
        }
        return text
    }

    static func style() -> String {
        var css = "<style>\n"
        for (k, colour) in MapStyle.hallClassColours.enumerated() {
            css += ".k\(k){fill:\(colour);stroke:\(colour);stroke-width:0.3}\n"
        }
        css += """
        #cells path{fill-rule:evenodd}
        .gap{fill:url(#hatch);stroke:\(MapStyle.gapColour);stroke-width:1.4;fill-rule:evenodd}
        .sub{fill:none;stroke:#252525;stroke-width:1.2;stroke-dasharray:5 3}
        .boundary{fill:none;stroke:#000000;stroke-width:2.2}
        .hall,.kiosk{stroke:#ffffff;stroke-width:1.2}
        .label{font-size:14px;font-weight:bold;fill:#111111;stroke:#ffffff;stroke-width:3.5px;stroke-linejoin:round;paint-order:stroke;text-anchor:middle;dominant-baseline:middle}
        .title{font-size:22px;font-weight:bold;fill:#111111}
        .h{font-size:14px;font-weight:bold;fill:#111111}
        .t{font-size:12px;fill:#222222}
        .small{font-size:11px;fill:#444444}

        """
        return css + "</style>\n"
    }

    /// Scale bar, north arrow and attribution inside the map frame.
    static func appendFurniture(_ input: MapInput, _ projection: MapProjection, to out: inout String) {
        // Scale bar: the longest 1-2-5 length that fits in 160 units.
        let maxMeters = projection.metersPerUnit * 160
        var length = 1.0
        while length * 10 <= maxMeters { length *= 10 }
        if length * 5 <= maxMeters { length *= 5 } else if length * 2 <= maxMeters { length *= 2 }
        let barWidth = length / projection.metersPerUnit
        let x0 = frame.x + 14, y0 = frame.y + frame.height - 18
        let label = length >= 1000 ? "\(MapText.decimal(length / 1000, places: 1)) km" : "\(MapText.decimal(length, places: 0)) m"
        out += "<g id=\"scale\"><rect x=\"\(c(x0 - 6))\" y=\"\(c(y0 - 22))\" width=\"\(c(barWidth + 12))\" height=\"32\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>"
        out += "<path d=\"M\(c(x0)) \(c(y0 - 5))V\(c(y0))H\(c(x0 + barWidth))V\(c(y0 - 5))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>"
        out += "<text class=\"small\" x=\"\(c(x0))\" y=\"\(c(y0 - 9))\">\(label)</text></g>\n"
        let ax = frame.x + frame.width - 28, ay = frame.y + 18
        out += "<g id=\"north\"><path d=\"M\(c(ax)) \(c(ay))l8 24l-8 -6l-8 6z\" fill=\"#111111\"/>"
        out += "<text class=\"h\" x=\"\(c(ax))\" y=\"\(c(ay + 40))\" text-anchor=\"middle\">N</text></g>\n"
        if input.osmAttribution {
            out += "<text id=\"attribution\" class=\"small\" x=\"\(c(frame.x + frame.width - 6))\" y=\"\(c(frame.y + frame.height - 6))\" text-anchor=\"end\">Roads © OpenStreetMap contributors, ODbL</text>\n"
        }
    }

    static func appendLegend(_ input: MapInput, to out: inout String) {
        let x = legendX
        var y = frame.y + 14
        let threshold = input.hallThresholdMinutes
        out += "<g id=\"legend\">\n"
        func text(_ s: String, _ cls: String, dx: Double = 0) {
            out += "<text class=\"\(cls)\" x=\"\(c(x + dx))\" y=\"\(c(y))\">"; XMLText.append(s, to: &out); out += "</text>\n"
        }
        text("Minutes to the nearest hall", "h"); y += 20
        for (k, label) in MapStyle.hallClassLabels(thresholdMinutes: threshold).enumerated() {
            out += "<rect class=\"k\(k)\" x=\"\(c(x))\" y=\"\(c(y - 11))\" width=\"22\" height=\"14\"/>\n"
            text(label, "t", dx: 30); y += 20
        }
        y += 8
        out += "<rect class=\"gap\" x=\"\(c(x))\" y=\"\(c(y - 11))\" width=\"22\" height=\"14\"/>\n"
        text("Gap area: half or more of the", "t", dx: 30); y += 15
        text("residents lack a channel in reach", "t", dx: 30); y += 22
        out += "<path class=\"sub\" d=\"M\(c(x)) \(c(y - 4))h22\"/>\n"; text("Subdistrict", "t", dx: 30); y += 20
        out += "<path class=\"boundary\" d=\"M\(c(x)) \(c(y - 4))h22\"/>\n"; text("District boundary", "t", dx: 30); y += 28

        text("Sites", "h"); y += 22
        for tier in Tier.allCases.reversed() {
            let side = MapStyle.hallSize(tier: tier)
            out += "<rect class=\"hall\" x=\"\(c(x + 11 - side / 2))\" y=\"\(c(y - 4 - side / 2))\" width=\"\(n(side))\" height=\"\(n(side))\" fill=\"\(MapStyle.siteColour(kind: .hall, overloaded: false))\"/>\n"
            text("\(tier.rawValue) hall", "t", dx: 30); y += 21
        }
        out += "<rect class=\"hall\" x=\"\(c(x + 6))\" y=\"\(c(y - 9))\" width=\"10\" height=\"10\" fill=\"\(MapStyle.siteColour(kind: .hall, overloaded: true))\"/>\n"
        text("overloaded hall (utilisation ≥ 1)", "t", dx: 30); y += 20
        out += "<circle class=\"kiosk\" cx=\"\(c(x + 11))\" cy=\"\(c(y - 4))\" r=\"\(n(MapStyle.kioskSize / 2))\" fill=\"\(MapStyle.siteColour(kind: .kiosk, overloaded: false))\"/>\n"
        text("kiosk", "t", dx: 30); y += 20
        out += "<rect class=\"hall\" x=\"\(c(x + 6))\" y=\"\(c(y - 9))\" width=\"10\" height=\"10\" fill=\"\(MapStyle.unavailableSiteColour)\"/>\n"
        text("closed or without windows", "t", dx: 30); y += 30

        let s = input.summary
        text("This run", "h"); y += 20
        text("Residents: \(grouped(s.district.population)) in \(grouped(Double(s.district.cells))) cells", "t"); y += 17
        text("Within \(MapText.decimal(threshold, places: 1)) min of a hall: \(MapText.decimal(s.district.hall.shareWithinThreshold * 100, places: 1)) %", "t"); y += 17
        text("Gap population: \(grouped(s.district.gapPopulation))", "t"); y += 17
        let kiosks = input.district.sites.filter { $0.kind == .kiosk }.count
        text("Halls: \(s.halls.halls), kiosks: \(kiosks), overloaded: \(s.halls.overloaded.count)", "t"); y += 17
        for line in wrap("Travel: " + s.travel, width: 52) { text(line, "small"); y += 15 }
        out += "</g>\n"
    }

    /// Splits text at spaces into lines of at most `width` characters (longer words alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: geometry text

    /// Subpaths of polygons (every ring, closed with Z), coordinates to 0.1 unit; rings with
    /// non-finite coordinates are left out.
    static func appendPath(_ polygons: [Polygon], _ projection: MapProjection, to out: inout String) {
        for polygon in polygons {
            // The exterior, then the holes (not `polygon.rings`, an array built per polygon).
            appendRing(polygon.exterior, projection, to: &out)
            for hole in polygon.holes { appendRing(hole, projection, to: &out) }
        }
    }

    static func appendRing(_ ring: [XY], _ projection: MapProjection, to out: inout String) {
        guard ring.count >= 3 && ring.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        let points = ring.first == ring.last ? ring.dropLast() : ring[...]
        for (k, point) in points.enumerated() {
            let p = projection.project(point)
            out += k == 0 ? "M" : (k == 1 ? "L" : " ")
            MapText.appendDecimal(p.x, places: 1, to: &out)
            out += " "
            MapText.appendDecimal(p.y, places: 1, to: &out)
        }
        out += "Z"
    }

    /// The cells as one image of their hall classes (palette entry 0 transparent), stretched
    /// over the frame between the raster's projected corners.
    static func appendCellImage(_ input: MapInput, bounds: (min: XY, max: XY)?, _ projection: MapProjection, to out: inout String) {
        guard let bounds else { return }
        let raster = CellRaster(cells: input.district.cells, bounds: bounds, mercator: false)
        let results = input.cellResults, t = input.hallThresholdMinutes
        let classes = input.district.cells.indices.map { i in
            UInt8(1 + MapStyle.hallClass(minutes: i < results.count ? results[i].nearestHallMinutes : nil, thresholdMinutes: t))
        }
        let image = raster.image(palette: ["#000000"] + MapStyle.hallClassColours, colours: classes)
        let nw = projection.project(XY(raster.southWest.x, raster.northEast.y))
        let se = projection.project(XY(raster.northEast.x, raster.southWest.y))
        out += "<image x=\"\(c(nw.x))\" y=\"\(c(nw.y))\" width=\"\(c(se.x - nw.x))\" height=\"\(c(se.y - nw.y))\" "
        out += "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"\(image.dataURL)\"/>\n"
    }

    static func appendSquare(x: Double, y: Double, side: Double, to out: inout String) {
        out += "M\(c(x - side / 2)) \(c(y - side / 2))h\(n(side))v\(n(side))h\(n(-side))Z"
    }

    /// A coordinate to 0.1 unit; a plain number to 0.01.
    static func c(_ v: Double) -> String { MapText.decimal(v, places: 1) }
    static func n(_ v: Double) -> String { MapText.decimal(v, places: 2) }

    /// A count with thousands separators ("288,001").
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 9e18 else { return "–" }
        let digits = String(Int64(value.rounded()).magnitude)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (value.rounded() < 0 ? "-" : "") + out
    }
}
