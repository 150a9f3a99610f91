import Foundation
import Model
import TwinSpace

/// The cells of `map.html`: their layers as images of one `CellRaster` (minutes to the nearest
/// hall; gap residents per cell) and, for the pop-ups, a compact look-up: the ids, and per cell
/// four Float32 figures, a flag byte and a bounding box in 16-bit steps, each as base64 of
/// little-endian typed arrays. A 200,000-cell district takes about 9 MB instead of 61 MB of
/// GeoJSON, and the browser decodes images instead of building 200,000 paths.
public enum HTMLCells {
    /// Beyond this many cells the page has no per-cell look-up (it would pass 15 MB at about
    /// 45 bytes a cell): the layers are still drawn, pop-ups are for sites and gap areas, and
    /// the cells' figures are in `layers.gpkg` (and `cells.geojson` when written). The run says so in its warnings.
    public static let lookupCellLimit = 300_000

    /// Gap areas with more vertices than this are drawn from the raster (the gap cells, no
    /// pop-ups) instead of as vectors.
    public static let gapVertexLimit = 300_000

    /// The run's warning when the page leaves out the per-cell look-up, else nil.
    public static func degradedNote(cells: Int) -> String? {
        guard cells > lookupCellLimit else { return nil }
        return "map.html: \(cells) cells are more than the \(lookupCellLimit) whose figures the page can hold: "
            + "it draws the cell layers as images without per-cell pop-ups (layers.gpkg has every cell's figures)"
    }

    static func append(_ input: MapInput, bounds: (min: XY, max: XY), gapAreasAsRaster: Bool, to out: inout String) {
        let cells = input.district.cells
        let raster = CellRaster(cells: cells, bounds: bounds)
        let t = input.hallThresholdMinutes
        let results = input.cellResults
        func result(_ i: Int) -> TwinCellResult? { i < results.count ? results[i] : nil }
        var o = JSONObject()
        o.key("image", &out)
        do {
            var m = JSONObject()
            m.number("width", Double(raster.width), &out)
            m.number("height", Double(raster.height), &out)
            let sw = raster.southWest, ne = raster.northEast
            m.key("bounds", &out)
            appendNumbers([sw.x, sw.y, ne.x, ne.y], places: 7, to: &out)
            m.close(&out)
        }
        let hallClasses = cells.indices.map { UInt8(1 + MapStyle.hallClass(minutes: result($0)?.nearestHallMinutes, thresholdMinutes: t)) }
        let hall = raster.image(palette: ["#000000"] + MapStyle.hallClassColours, colours: hallClasses)
        o.string("hall", hall.dataURL, &out)

        let largest = results.reduce(0) { max($0, $1.gapPopulation.isFinite ? $1.gapPopulation : 0) }
        let gapBounds = MapStyle.gapResidentBounds(largest: largest)
        o.key("gap_bounds", &out)
        appendNumbers(gapBounds, places: 3, to: &out)
        o.key("gap_labels", &out)
        appendStrings(MapStyle.gapResidentLabels(bounds: gapBounds), to: &out)
        o.key("gap_colours", &out)
        appendStrings(MapStyle.gapResidentColours, to: &out)
        if !gapBounds.isEmpty {
            let classes = cells.indices.map { UInt8(MapStyle.gapResidentClass(result($0)?.gapPopulation ?? 0, bounds: gapBounds)) }
            let gaps = raster.image(palette: ["#000000"] + MapStyle.gapResidentColours, colours: classes)
            o.string("gap_residents", gaps.dataURL, &out)
        }
        if gapAreasAsRaster {
            let flags = cells.indices.map { UInt8($0 < input.gapCells.count && input.gapCells[$0] ? 1 : 0) }
            let gapCells = raster.image(palette: ["#000000", MapStyle.gapColour], colours: flags)
            o.string("gap_cells", gapCells.dataURL, &out)
        }
        o.number("count", Double(cells.count), &out)
        o.number("lookup_limit", Double(lookupCellLimit), &out)
        let lookup = cells.count <= lookupCellLimit
        o.bool("lookup", lookup, &out)
        if lookup { appendLookup(input, bounds: bounds, to: &out, &o) }
        o.close(&out)
    }

    /// Ids, figures (residents, hall minutes, kiosk minutes — NaN for none —, gap residents),
    /// flags (1: gap cell) and boxes (west, south, east, north in steps of 1/65535 of the map's
    /// bounds, rounded outwards).
    static func appendLookup(_ input: MapInput, bounds: (min: XY, max: XY), to out: inout String, _ o: inout JSONObject) {
        let cells = input.district.cells
        o.key("ids", &out)
        out += "["
        for (i, cell) in cells.enumerated() {
            if i > 0 { out += "," }
            MapText.appendJSON(cell.id, to: &out)
        }
        out += "]"
        var figures = [UInt8](), flags = [UInt8](), boxes = [UInt8]()
        figures.reserveCapacity(cells.count * 16); flags.reserveCapacity(cells.count); boxes.reserveCapacity(cells.count * 8)
        func float(_ v: Double?) {
            let bits = Float(v ?? .nan).bitPattern
            for k in 0..<4 { figures.append(UInt8(truncatingIfNeeded: bits >> (8 * k))) }
        }
        let spanX = max(bounds.max.x - bounds.min.x, 1e-9), spanY = max(bounds.max.y - bounds.min.y, 1e-9)
        func step(_ v: Double, _ lo: Double, _ span: Double, _ rule: FloatingPointRoundingRule) {
            let s = ((v - lo) / span * 65535).rounded(rule)
            let q = UInt16(s.isFinite ? max(0, min(65535, s)) : 0)
            boxes.append(UInt8(q & 0xFF)); boxes.append(UInt8(q >> 8))
        }
        for (i, cell) in cells.enumerated() {
            let r = i < input.cellResults.count ? input.cellResults[i] : nil
            float(cell.population); float(r?.nearestHallMinutes); float(r?.nearestKioskMinutes); float(r?.gapPopulation ?? 0)
            flags.append(i < input.gapCells.count && input.gapCells[i] ? 1 : 0)
            let b = CellRaster.bounds(of: cell) ?? (min: cell.centroid, max: cell.centroid)
            step(b.min.x, bounds.min.x, spanX, .down); step(b.min.y, bounds.min.y, spanY, .down)
            step(b.max.x, bounds.min.x, spanX, .up); step(b.max.y, bounds.min.y, spanY, .up)
        }
        o.string("figures", Data(figures).base64EncodedString(), &out)
        o.string("flags", Data(flags).base64EncodedString(), &out)
        o.string("boxes", Data(boxes).base64EncodedString(), &out)
    }

    /// Vertices of the gap areas (to choose vectors or the raster).
    static func gapVertices(_ areas: [GapArea]) -> Int {
        areas.reduce(0) { $0 + $1.area.rings.reduce(0) { $0 + $1.count } }
    }

    static func appendStrings(_ values: [String], to out: inout String) {
        out += "["
        for (k, v) in values.enumerated() {
            if k > 0 { out += "," }
            MapText.appendJSON(v, to: &out)
        }
        out += "]"
    }

    static func appendNumbers(_ values: [Double], places: Int, to out: inout String) {
        out += "["
        for (k, v) in values.enumerated() {
            if k > 0 { out += "," }
            MapText.appendDecimal(v, places: places, to: &out)
        }
        out += "]"
    }
}
