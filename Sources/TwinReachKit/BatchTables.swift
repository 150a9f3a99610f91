import Foundation
import Formats
import Model

/// `batch.csv` (one row per district), `batch_subdistricts.csv` (one per subdistrict) and
/// `batch.md`. Rows in byte order of the district paths; numbers printed so they read back
/// equal (as `summary.csv`); names and errors as CSV text (`CSVField`, formula-safe).
enum BatchTables {
    static var districtColumns: [String] {
        ["district", "folder", "name", "status", "exit_code", "error"] + BatchMeasures.districtNames
            + BatchMeasures.ranked.map(\.column) + ["inputs_fnv1a64", "twinreach_version"]
    }
    static var subdistrictColumns: [String] {
        ["district", "folder", "subdistrict", "name"] + BatchMeasures.areaNames + BatchMeasures.ranked.map(\.column)
    }

    static func number(_ x: Double?) -> String { x.map(GeoJSONWriter.number) ?? "" }

    /// Each ranked figure's ranks over `figures` (rows of figures named `names`).
    static func ranks(_ figures: [[Double?]], names: [String]) -> [[Int?]] {
        let perMeasure = BatchMeasures.ranked.map { r -> [Int?] in
            let k = names.firstIndex(of: r.measure) ?? 0
            return BatchMeasures.ranks(figures.map { $0[k] }, higherFirst: r.higherFirst)
        }
        return figures.indices.map { row in perMeasure.map { $0[row] } }
    }

    static func districtsCSV(_ result: BatchResult) -> String {
        let field = CSVField.text
        let ranks = ranks(result.rows.map(\.figures), names: BatchMeasures.districtNames)
        var out = districtColumns.joined(separator: ",") + "\n"
        for (row, rowRanks) in zip(result.rows, ranks) {
            let values = [field(row.district), field(row.folder), field(row.name), row.ok ? "ok" : "failed", String(row.exitCode), field(row.error)]
                + row.figures.map(number) + rowRanks.map { $0.map(String.init) ?? "" } + [row.inputsHash, field(result.version)]
            out += values.joined(separator: ",") + "\n"
        }
        return out
    }

    static func subdistrictsCSV(_ result: BatchResult) -> String {
        let field = CSVField.text
        let areas = result.rows.flatMap { row in row.subdistricts.map { (row, $0) } }
        let ranks = ranks(areas.map(\.1.figures), names: BatchMeasures.areaNames)
        var out = subdistrictColumns.joined(separator: ",") + "\n"
        for ((row, area), areaRanks) in zip(areas, ranks) {
            let values = [field(row.district), field(row.folder), field(area.id), field(area.name)]
                + area.figures.map(number) + areaRanks.map { $0.map(String.init) ?? "" }
            out += values.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The readable table: the main figures per district, best hall share first, then the
    /// districts that failed with their errors.
    static func markdown(_ result: BatchResult) -> String {
        let md = MarkdownText.escape
        let names = BatchMeasures.districtNames
        func figure(_ row: BatchRow, _ name: String) -> Double? { names.firstIndex(of: name).flatMap { row.figures[$0] } }
        let ranks = ranks(result.rows.map(\.figures), names: names)
        let order = result.rows.indices.sorted { a, b in
            let ra = ranks[a][0] ?? Int.max, rb = ranks[b][0] ?? Int.max
            return ra != rb ? ra < rb : BatchDistricts.byteOrder(result.rows[a].district, result.rows[b].district)
        }
        let failed = result.failed
        var out = "# Batch: \(md(result.scenario))\n\n"
        out += "twinreach \(md(result.version)); scenario `\(md(result.scenario))` (FNV-1a 64 of the file: \(result.scenarioHash)); "
        out += "districts `\(md(result.glob))`: \(result.districtsTotal) found"
        out += result.shard.map { ", this shard (\($0)) \(result.rows.count)" } ?? ""
        out += "; \(result.rows.count - failed.count) ran, \(failed.count) failed.\n\n"
        out += "Residents: every resident of a district's cells. Minutes and trips per resident-year count every resident; "
        out += "the hall share is the share of all residents within the district's hall threshold of a hall. "
        out += "Ranks: 1 = the highest hall share, the fewest travel minutes, the smallest gap share (equal values share a rank). "
        out += "Each district's run folder is districts/<folder> in the batch folder it ran in; every figure per district and "
        out += "subdistrict is in batch.csv and batch_subdistricts.csv.\n\n"
        out += "| rank | district | name | residents | hall threshold (min) | within threshold of a hall | travel min / resident-year | trips / resident-year | gap share | gap residents |\n"
        out += "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for k in order where result.rows[k].ok {
            let row = result.rows[k]
            let cells = [ranks[k][0].map(String.init) ?? "–", md(row.district), md(row.name),
                         SummaryFigures.f(figure(row, "population"), 0), SummaryFigures.f(figure(row, "hall_threshold_minutes"), 1),
                         SummaryFigures.percent(figure(row, "hall_within_threshold_share")),
                         SummaryFigures.f(figure(row, "travel_minutes_per_resident_year"), 2),
                         SummaryFigures.f(figure(row, "trips_per_resident_year"), 3),
                         SummaryFigures.percent(figure(row, "gap_share")), SummaryFigures.f(figure(row, "gap_population"), 0)]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if !failed.isEmpty {
            out += "\n## Districts that failed\n\n| district | exit code | error |\n| --- | ---: | --- |\n"
            for row in failed { out += "| \(md(row.district)) | \(row.exitCode) | \(md(row.error)) |\n" }
        }
        return out
    }
}

/// Figures rounded for reading.
enum SummaryFigures {
    static func f(_ x: Double?, _ decimals: Int) -> String {
        guard let x, x.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return GeoJSONWriter.number((x * scale).rounded() / scale)
    }

    static func percent(_ x: Double?) -> String { x.map { f($0 * 100, 1) + " %" } ?? "–" }
}
