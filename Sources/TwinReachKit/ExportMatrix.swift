import Districts
import Foundation
import Formats
import Model
import RoadGraphs
import Scenarios
import Travel

/// What `export-matrix` wrote.
public struct ExportMatrixOutcome: Sendable {
    public var outPath: String
    public var cells: Int
    public var sites: Int
    public var candidates: Int
    public var pairs: Int
}

/// `twinreach export-matrix <scenario.yaml | district-dir> --out DIR`: the CSVs `measure` and
/// `optimize` read (and PySAL / spopt), from a district as a run sees it (a scenario's changes
/// applied, its `optimize` steps not: they are what the CSVs feed):
/// `population.csv` (`id,pop`: every cell), `sites.csv` (`id,kind,tier,capacity`: the
/// existing sites, capacity = windows; `--fixed` and `measure --supply` read it),
/// `candidates.csv` (`id`: `candidates.geojson`, else cell centroids one per 1,000 m, as the
/// optimize step takes them) and `matrix.csv` (`origin,destination,minutes`: cell to candidate
/// and to site, the run's travel minutes within its cut-off, cells in file order, candidates
/// then sites).
public enum ExportMatrixCommand {
    public static let folder = OutputFolder(
        command: "export-matrix", outputNames: ["population.csv", "sites.csv", "candidates.csv", "matrix.csv"],
        aDoer: "export-matrix", theDoer: "export-matrix", fix: "choose an empty or new folder for --out")

    public static func run(path: String, out: String, threads: Int = 2, progress: (String) -> Void = { _ in }) throws -> ExportMatrixOutcome {
        let (district, districtPath, inputs) = try districtAsRun(path)
        try folder.prepare(out, inputs: inputs)
        let cutoff = try RunCommand.choiceCutoffMinutes(asked: nil, settings: district.settings)
        let context = try TravelContext(district: district, cutoffMinutes: cutoff, threads: threads, progress: progress) { roads in
            try RoadGraphSource().network(roadsPath: roads, folder: districtPath, settings: district.settings, progress: progress).0
        }
        let candidates = ScenarioOptimizer.districtCandidates(district)
        let ids = candidates.map(\.id) + district.sites.map(\.id)
        let reach = try context.minutes(to: candidates.map(\.location) + district.sites.map(\.location), ids: ids)
        var matrix = "origin,destination,minutes\n"
        for (i, cell) in district.cells.enumerated() {
            for k in reach.travel.pairs(ofCell: i) {
                matrix += "\(field(cell.id)),\(field(ids[Int(reach.travel.site[k])])),\(reach.travel.minutes[k])\n"
            }
        }
        let population = "id,pop\n" + district.cells.map { "\(field($0.id)),\(GeoJSONWriter.number($0.population))\n" }.joined()
        let sites = "id,kind,tier,capacity\n" + district.sites.map {
            "\(field($0.id)),\($0.kind.rawValue),\($0.tier?.rawValue ?? ""),\($0.windows)\n"
        }.joined()
        try folder.write(to: out, inputs: inputs, details: ["from: \(path)"]) { staging in
            func file(_ name: String) -> String { (staging as NSString).appendingPathComponent(name) }
            try AtomicFile.write(population, to: file("population.csv"))
            try AtomicFile.write(sites, to: file("sites.csv"))
            try AtomicFile.write("id\n" + candidates.map { field($0.id) + "\n" }.joined(), to: file("candidates.csv"))
            try AtomicFile.write(matrix, to: file("matrix.csv"))
        }
        return ExportMatrixOutcome(outPath: out, cells: district.cells.count, sites: district.sites.count,
                                   candidates: candidates.count, pairs: reach.travel.pairCount)
    }

    /// The district of a folder, or of a scenario with its changes applied (not its optimize
    /// steps); its folder; and the inputs no output may replace.
    static func districtAsRun(_ path: String) throws -> (District, String, [OutputFolder.Input]) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return (try DistrictLoader.load(path, geo: LibraryGeoServices()).get(), path, [("the district folder", path)])
        }
        let scenario = try Scenario(path: path)
        let load = try DistrictLoader.load(scenario.districtPath, geo: LibraryGeoServices()).get()
        let applied = try ScenarioApplier.apply(scenario, to: load, geo: LibraryGeoServices()) { folder in
            try DistrictLoader.load(folder, geo: LibraryGeoServices()).get()
        }
        return (applied.district, scenario.districtPath, RunCommand.runInputs(scenario))
    }

    /// An id as an RFC 4180 field (quoted when it holds a comma, a quote or a line break); not
    /// neutralised for spreadsheets, so that it reads back as the same id.
    static func field(_ id: String) -> String {
        id.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : id
    }
}
