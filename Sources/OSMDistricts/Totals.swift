import Foundation
import Formats
import Geometry
import Model

/// The published subdistrict totals of `grid` and `osm-district`: subdistrict areas from a
/// GeoJSON file or from OSM, joined with a CSV of totals.
public enum SubdistrictTotals {
    /// Reads the subdistricts and joins the totals.
    public static func readSubdistricts(_ path: String, totals: String?) throws -> [GridSubdistrict] {
        var problems: [InputError] = []
        let features = try GeoJSONReader.read(path: path, geographic: true, problems: &problems)
        var candidates: [TotalCandidate] = []
        var seen = Set<String>()
        for feature in features {
            guard let area = feature.geometry?.multiPolygon else {
                problems.append(InputError(file: path, feature.location, "geometry is \(feature.geometry?.typeName ?? "missing"); a Polygon or MultiPolygon belongs here"))
                continue
            }
            let id = feature.id ?? String(feature.index)
            guard seen.insert(id).inserted else {
                problems.append(InputError(file: path, feature.location, "duplicate id '\(id)'")); continue
            }
            candidates.append(TotalCandidate(
                id: id, name: feature.properties["name"]?.string ?? id, area: area,
                population: feature.properties["pop"]?.number, elderlyShare: feature.properties["elderly"]?.number,
                digitalShare: feature.properties["digital"]?.number, file: path, location: feature.location))
        }
        if candidates.isEmpty && problems.isEmpty { problems.append(InputError(file: path, .file, "has no subdistricts")) }
        if !problems.isEmpty { throw InputErrors(problems) }
        return try joinTotals(candidates, totals: totals)
    }

    /// A subdistrict before its total is joined: where it came from, for messages.
    public struct TotalCandidate: Sendable {
        public var id: String
        public var name: String
        public var area: MultiPolygon
        public var population: Double?
        public var elderlyShare: Double?
        public var digitalShare: Double?
        public var file: String
        public var location: InputLocation
        public init(id: String, name: String, area: MultiPolygon, population: Double?, elderlyShare: Double?,
                    digitalShare: Double?, file: String, location: InputLocation) {
            self.id = id; self.name = name; self.area = area; self.population = population
            self.elderlyShare = elderlyShare; self.digitalShare = digitalShare; self.file = file; self.location = location
        }
    }

    /// Joins the totals CSV (when given) to the subdistricts: a row matches by `id` first, else by
    /// `name` (trimmed, case-insensitive); its `pop` (and shares) replace the subdistrict's own.
    /// Every subdistrict needs a total and every row must match one subdistrict.
    public static func joinTotals(_ candidates: [TotalCandidate], totals: String?) throws -> [GridSubdistrict] {
        var problems: [InputError] = []
        let table = try totals.map(readTotals) ?? []
        var used = Set<Int>()
        var result: [GridSubdistrict] = []
        for c in candidates {
            var pop = c.population, elderly = c.elderlyShare, digital = c.digitalShare
            if let totals {
                let row = table.firstIndex { $0.id == c.id } ?? table.firstIndex { r in
                    r.name.map { normalized($0) == normalized(c.name) } == true
                }
                if let row {
                    used.insert(row)
                    pop = table[row].pop
                    elderly = table[row].elderly ?? elderly
                    digital = table[row].digital ?? digital
                } else if pop == nil {
                    problems.append(InputError(file: totals, .file, "no total for subdistrict '\(c.id)' (\(c.name)): no row with that id or name"))
                    continue
                }
            }
            guard let pop else {
                problems.append(InputError(file: c.file, c.location, "has no pop (the published resident total); give it here or in a totals CSV"))
                continue
            }
            guard pop >= 0, pop.isFinite else {
                problems.append(InputError(file: c.file, c.location, "pop must be a number >= 0")); continue
            }
            guard pop <= InputLimits.maxPopulation else {
                problems.append(InputError(file: c.file, c.location, InputLimits.populationMessage(pop))); continue
            }
            var bad = false
            for (key, value) in [("elderly", elderly), ("digital", digital)] {
                if let value, !(0...1).contains(value) {
                    problems.append(InputError(file: c.file, c.location, "\(key) is \(value), outside 0..1")); bad = true
                }
            }
            if bad { continue }
            result.append(GridSubdistrict(id: c.id, name: c.name, area: c.area, population: pop, elderlyShare: elderly, digitalShare: digital))
        }
        if let totals {
            for (i, row) in table.enumerated() where !used.contains(i) {
                problems.append(InputError(file: totals, .line(row.line), "no subdistrict has id or name '\(row.id ?? row.name ?? "")'"))
            }
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return result
    }

    struct TotalRow { var line: Int; var id: String?; var name: String?; var pop: Double; var elderly: Double?; var digital: Double? }

    static func normalized(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }

    /// `id` and/or `name`, `pop`, optional `elderly`, `digital`; other columns are ignored.
    static func readTotals(_ path: String) throws -> [TotalRow] {
        var reader = try CSVReader(path: path)
        let idColumn = reader.optionalColumn("id"), nameColumn = reader.optionalColumn("name")
        guard idColumn != nil || nameColumn != nil else {
            throw InputError(file: path, .line(1), "needs an 'id' or a 'name' column to join the totals on")
        }
        let popColumn = try reader.columns(["pop"])[0]
        let elderlyColumn = reader.optionalColumn("elderly"), digitalColumn = reader.optionalColumn("digital")
        var rows: [TotalRow] = []
        try reader.forEach { record in
            guard let pop = record.double(popColumn), pop >= 0 else {
                throw InputError(file: path, .line(record.line), "pop must be a number >= 0, not '\(record.string(popColumn))'")
            }
            func share(_ column: Int?, _ key: String) throws -> Double? {
                guard let column, !record.isEmpty(column) else { return nil }
                guard let v = record.double(column), (0...1).contains(v) else {
                    throw InputError(file: path, .line(record.line), "\(key) must be a share 0..1, not '\(record.string(column))'")
                }
                return v
            }
            let id = idColumn.flatMap { record.isEmpty($0) ? nil : record.string($0) }
            let name = nameColumn.flatMap { record.isEmpty($0) ? nil : record.string($0) }
            rows.append(TotalRow(line: record.line, id: id, name: name, pop: pop,
                                 elderly: try share(elderlyColumn, "elderly"), digital: try share(digitalColumn, "digital")))
        }
        return rows
    }
}
