import Foundation
import Formats

/// `batch.svg`: the main figures across districts, one sorted dot strip per figure (Cleveland
/// dot plots): one row per district, best first, its value as a dot on the figure's axis, with
/// the median as a dashed line. Up to 40 districts every row is named; beyond, the rows get
/// thinner (the strip stays 420 px high) and only the three best, the median and the three
/// worst are named, so 5 and 500 districts read alike. Failed districts are counted, not drawn.
enum BatchChart {
    struct Panel {
        let title: String
        let measure: String
        let higherFirst: Bool
        /// Shares are drawn as percentages.
        let percent: Bool
    }

    static let panels = [
        Panel(title: "Residents within the hall threshold of a hall", measure: "hall_within_threshold_share", higherFirst: true, percent: true),
        Panel(title: "Travel minutes per resident-year", measure: "travel_minutes_per_resident_year", higherFirst: false, percent: false),
        Panel(title: "In-person trips per resident-year", measure: "trips_per_resident_year", higherFirst: false, percent: false),
        Panel(title: "Gap share (residents with no channel within the threshold)", measure: "gap_share", higherFirst: false, percent: true),
    ]

    static let panelWidth = 600.0, labelWidth = 190.0, valueWidth = 70.0, top = 70.0, namedRowsAtMost = 40, stripHeight = 420.0

    static func svg(_ result: BatchResult) -> String {
        let rows = result.rows.filter(\.ok)
        let rowHeight = rows.count <= namedRowsAtMost ? 16.0 : stripHeight / Double(max(rows.count, 1))
        let panelHeight = max(1, Double(rows.count)) * rowHeight + 70
        let width = 2 * panelWidth, height = top + 2 * panelHeight + 30
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(XMLText.escape("Batch: \(result.scenario)"))</text>\n"
        let failed = result.rows.count - rows.count
        var note = "\(rows.count) districts, each a row, best first; dashed: the median. Residents: all residents of each district's cells."
        if failed > 0 { note += " \(failed) failed (not drawn: see batch.md)." }
        out += "<text x=\"12\" y=\"44\" fill=\"#444\">\(XMLText.escape(note))</text>\n"
        for (k, panel) in panels.enumerated() {
            let x = Double(k % 2) * panelWidth, y = top + Double(k / 2) * panelHeight
            out += strip(panel, rows: rows, x: x, y: y, rowHeight: rowHeight)
        }
        out += "</svg>\n"
        return out
    }

    /// One panel: title, axis with ticks, one dot per district, names where they fit.
    static func strip(_ panel: Panel, rows: [BatchRow], x: Double, y: Double, rowHeight: Double) -> String {
        let index = BatchMeasures.districtNames.firstIndex(of: panel.measure) ?? 0
        let scale = panel.percent ? 100.0 : 1.0
        let values = rows.compactMap { row in row.figures[index].map { (row: row, value: $0 * scale) } }
            .sorted { a, b in a.value != b.value ? (panel.higherFirst ? a.value > b.value : a.value < b.value)
                : BatchDistricts.byteOrder(a.row.district, b.row.district) }
        var out = "<g>\n<text x=\"\(n(x + 12))\" y=\"\(n(y + 14))\" font-weight=\"bold\">\(XMLText.escape(panel.title + (panel.percent ? " (%)" : "")))</text>\n"
        let plotLeft = x + labelWidth, plotWidth = panelWidth - labelWidth - valueWidth, plotTop = y + 34
        let axis = ticks(upTo: values.map(\.value).max() ?? 0, percent: panel.percent)
        let axisTop = max(axis.last ?? 1, 1e-9)
        func px(_ v: Double) -> Double { plotLeft + plotWidth * v / axisTop }
        let plotBottom = plotTop + max(1, Double(values.count)) * rowHeight
        for t in axis {
            out += "<line x1=\"\(n(px(t)))\" y1=\"\(n(plotTop - 4))\" x2=\"\(n(px(t)))\" y2=\"\(n(plotBottom))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(n(px(t)))\" y=\"\(n(plotTop - 8))\" text-anchor=\"middle\" fill=\"#666\">\(n(t))</text>\n"
        }
        if !values.isEmpty {
            let median = values.map(\.value).sorted()[values.count / 2]
            out += "<line x1=\"\(n(px(median)))\" y1=\"\(n(plotTop))\" x2=\"\(n(px(median)))\" y2=\"\(n(plotBottom))\" stroke=\"#d73027\" stroke-dasharray=\"4 3\"/>\n"
        }
        let named = namedRows(values.count, rowHeight: rowHeight)
        let radius = max(1.2, min(4, rowHeight * 0.35))
        for (k, item) in values.enumerated() {
            let cy = plotTop + (Double(k) + 0.5) * rowHeight
            out += "<circle cx=\"\(n(px(item.value)))\" cy=\"\(n(cy))\" r=\"\(n(radius))\" fill=\"#2c7bb6\"/>"
            if named.contains(k) {
                let name = "\(k + 1). \(item.row.folder)"
                out += "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(cy + 4))\" text-anchor=\"end\">\(XMLText.escape(String(name.prefix(32))))</text>"
                out += "<text x=\"\(n(plotLeft + plotWidth + 6))\" y=\"\(n(cy + 4))\" fill=\"#444\">\(label(item.value))</text>"
            }
            out += "\n"
        }
        return out + "</g>\n"
    }

    /// The rows named: all up to `namedRowsAtMost`, else of the three best, the median and the
    /// three worst those at least a line (12 px) below the last one named.
    static func namedRows(_ count: Int, rowHeight: Double) -> Set<Int> {
        if count <= namedRowsAtMost { return Set(0..<count) }
        var named: [Int] = []
        for k in [0, 1, 2, count / 2, count - 3, count - 2, count - 1] {
            if let last = named.last, Double(k - last) * rowHeight < 12 { continue }
            named.append(k)
        }
        if let last = named.last, last != count - 1 { named[named.count - 1] = count - 1 }
        return Set(named)
    }

    /// A value as read: three significant decimals below 1, two below 10, else one.
    static func label(_ x: Double) -> String {
        let decimals = abs(x) < 1 ? 3 : abs(x) < 10 ? 2 : 1
        return SummaryFigures.f(x, decimals)
    }

    /// Axis ticks from 0 to a round value at or above `maximum` (about five steps of 1, 2 or 5 × 10^k).
    static func ticks(upTo maximum: Double, percent: Bool) -> [Double] {
        let top = maximum > 0 ? (percent ? min(100, maximum) : maximum) : 1
        let raw = top / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = [0]
        var current = 0.0
        while current < top - 1e-9 { current = rounded(current + step); ticks.append(current) }
        return ticks
    }

    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    static func n(_ x: Double) -> String { GeoJSONWriter.number((x * 10).rounded() / 10) }
}
