import Formats
import Foundation
import TestSupport
import Testing

// `twinreach optimize --model twin --district DIR` with no CSV at all: the district gives the
// demand, the travel minutes and the candidates (issue 14 §3). The same two clusters as
// `twinCommandHandChecked`: cw at the west cell, ce at the east cell, hall A between them.

/// `twinFolder`'s district with `candidates.geojson` (cw at x = 0, ce at x = 6,000 m) and,
/// when `matrix`, its minutes as `travel_matrix.csv`.
func twinDistrictOnly(elderlyWeight: Double, matrix: Bool, _ name: String = #function) throws -> (root: URL, district: URL) {
    let root = try twinFolder(elderlyWeight: elderlyWeight, name)
    let district = root.appendingPathComponent("district")
    let writer = try GeoJSONWriter(path: district.appendingPathComponent("candidates.geojson").path)
    let tiny = TinyDistrict()
    try writer.write(geometry: .point(tiny.at(0, 0)), properties: [("id", .string("cw"))])
    try writer.write(geometry: .point(tiny.at(6000, 0)), properties: [("id", .string("ce"))])
    try writer.finish()
    if matrix {
        try FileManager.default.moveItem(at: root.appendingPathComponent("matrix.csv"), to: district.appendingPathComponent("travel_matrix.csv"))
    }
    return (root, district)
}

@Test("optimize --model twin from a district alone: its travel_matrix.csv and candidates.geojson, hand-checked")
func twinFromDistrictMatrixHandChecked() throws {
    // As twinCommandHandChecked: W = 1 → cw, 520 weighted minutes; W_e = 2 → ce, 595.
    for (weight, site, objective) in [(1.0, "cw", 520.0), (2.0, "ce", 595.0)] {
        let (root, district) = try twinDistrictOnly(elderlyWeight: weight, matrix: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out.json")
        let run = try Tool.run(["optimize", "--model", "twin", "--p", "1", "--district", district.path, "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try readJSON(out)
        #expect(json["selected"] as? [String] == [site])
        #expect(json["fixed"] as? [String] == ["A"])
        #expect(json["candidates"] as? Int == 2 && json["demand_cells"] as? Int == 2)
        #expect((json["objective"] as? Double).map { abs($0 - objective) < 1e-9 } == true, "\(json)")
    }
}

@Test("optimize --model twin from a district without roads or matrix equals its scenario step")
func twinFromDistrictStraightLineEqualsTheScenarioStep() throws {
    // Straight line × 1.3 at 4.5 km/h: 3,000 m is 52 minutes, 6,000 m 104, so W = 1 gives cw
    // at about 520 (the metric CRS and the degree offsets of the fixture differ by < 0.3 %).
    let (root, district) = try twinDistrictOnly(elderlyWeight: 1, matrix: false)
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out.json")
    let run = try Tool.run(["optimize", "--model", "twin", "--p", "1", "--district", district.path, "--output", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try readJSON(out)
    #expect(json["selected"] as? [String] == ["cw"])
    let objective = try #require(json["objective"] as? Double)
    #expect(abs(objective - 520) <= 0.003 * 520, "\(objective)")
    // The scenario's optimize step on the same district places the same hall at the same objective.
    try "name: s\ndistrict: district\nchanges:\n  - optimize: {model: twin, kind: hall, tier: street, p: 1}\n"
        .write(to: root.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let scenario = try Tool.run(["run", root.appendingPathComponent("s.yaml").path, "--out", root.appendingPathComponent("run").path, "-q"])
    #expect(scenario.status == 0, "\(scenario.stderr)")
    let summary = try readJSON(root.appendingPathComponent("run/summary.json"))
    let log = (summary["changes"] as? [String])?.first ?? ""
    #expect(log.contains("OPT1-1 at candidate cw (objective \(GeoJSONWriter.number((objective * 1e3).rounded() / 1e3))"), "\(log) vs \(objective)")
}

@Test("optimize: CSV inputs are all or none, and none only for twin")
func optimizeCSVInputsAllOrNone() throws {
    let (root, district) = try twinDistrictOnly(elderlyWeight: 1, matrix: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("out.json").path
    let partial = try Tool.run(["optimize", "--model", "twin", "--p", "1", "--district", district.path,
                                "--population", root.appendingPathComponent("population.csv").path, "--output", out])
    #expect(partial.status == 64)
    #expect(partial.stderr.contains("--model twin needs --population, --matrix and --candidates (or none of them: the district gives all three)"), "\(partial.stderr)")
    let median = try Tool.run(["optimize", "--model", "pmedian", "--p", "1", "--output", out])
    #expect(median.status == 64)
    #expect(median.stderr.contains("--model pmedian needs --population, --matrix and --candidates"), "\(median.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
}

@Test("export-matrix writes the CSVs optimize reads, and they give the district's own answer")
func exportMatrixRoundTrips() throws {
    let (root, district) = try twinDistrictOnly(elderlyWeight: 1, matrix: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("csv")
    let export = try Tool.run(["export-matrix", district.path, "--out", out.path])
    #expect(export.status == 0, "\(export.stderr)")
    #expect(export.stdout.contains("2 cells, 1 sites, 2 candidates, 4 pairs"), "\(export.stdout)")
    func lines(_ name: String) throws -> [String] {
        try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }
    #expect(try lines("population.csv") == ["id,pop", "west,1000", "east,500"])
    #expect(try lines("sites.csv") == ["id,kind,tier,capacity", "A,hall,district,4"])
    #expect(try lines("candidates.csv") == ["id", "cw", "ce"])
    // The 104-minute pairs are beyond the run's cut-off (twice the 30-minute threshold, at least 60).
    let matrix = try lines("matrix.csv")
    #expect(matrix.first == "origin,destination,minutes")
    #expect(Set(matrix.dropFirst()) == ["west,cw,0.0", "west,A,52.0", "east,ce,0.0", "east,A,52.0"], "\(matrix)")
    func optimize(_ extra: [String]) throws -> [String: Any] {
        let file = root.appendingPathComponent("o.json")
        try? FileManager.default.removeItem(at: file)
        let run = try Tool.run(["optimize", "--population", out.appendingPathComponent("population.csv").path,
                                "--matrix", out.appendingPathComponent("matrix.csv").path,
                                "--candidates", out.appendingPathComponent("candidates.csv").path, "--p", "1", "--output", file.path] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return try readJSON(file)
    }
    // p-median with A open: cw leaves east at A (500 × 52 = 26,000), ce leaves west there (52,000).
    let median = try optimize(["--model", "pmedian", "--fixed", out.appendingPathComponent("sites.csv").path])
    #expect(median["selected"] as? [String] == ["cw"])
    #expect(median["objective"] as? Double == 26_000)
    // Twin from the CSVs equals twin from the district alone (520, twinFromDistrictMatrixHandChecked).
    let twin = try optimize(["--model", "twin", "--district", district.path])
    #expect(twin["selected"] as? [String] == ["cw"])
    #expect((twin["objective"] as? Double).map { abs($0 - 520) < 1e-9 } == true, "\(twin)")
    // A second export replaces its own folder; a folder of someone else's is refused.
    #expect(try Tool.run(["export-matrix", district.path, "--out", out.path]).status == 0)
    let refused = try Tool.run(["export-matrix", district.path, "--out", district.path])
    #expect(refused.status == 73, "\(refused.stderr)")
}
