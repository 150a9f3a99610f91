import Districts
import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// A district beyond `RunOutputs.cellsGeoJSONLimit` cells keeps its cells in `layers.gpkg`
/// only (unless `--cells-geojson`), says so, and `compare` reads them from there. The limit is
/// lowered to below the test district's 120 cells.
@Suite struct LargeRunOutputTests {
    func scenario() throws -> URL {
        try generatedScenario(cellsX: 12, cellsY: 10, seed: 5, name: "large") { district in
            district.settings.hallThresholdMinutes = 6
            district.channels.removeAll { $0.kind != .hotline }
        }
    }

    func run(_ file: URL, out: String, cellsGeoJSON: Bool, limit: Int = 100) throws -> RunOutcome {
        var options = RunOptions(scenarioPath: file.path, outPath: file.deletingLastPathComponent().appendingPathComponent(out).path)
        options.cellsGeoJSON = cellsGeoJSON
        options.cellsGeoJSONLimit = limit
        return try RunCommand.run(options)
    }

    @Test func cellsBeyondTheLimitAreInTheGeoPackageOnly() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let compact = try run(file, out: "compact", cellsGeoJSON: false)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("compact/cells.geojson").path))
        let marker = try String(contentsOf: root.appendingPathComponent("compact/.twinreach-run"), encoding: .utf8)
        #expect(marker.hasSuffix("files: sites.geojson gaps.geojson layers.gpkg summary.json summary.csv report.md map.svg map.html\n"), "\(marker)")
        #expect(compact.summary.warnings.contains(
            "cells.geojson: not written for 120 cells (more than 100): every cell's figures are in layers.gpkg (layer cells); --cells-geojson writes it too"))

        // Every cell is in the GeoPackage, with the figures the GeoJSON of the same run holds.
        let full = try run(file, out: "full", cellsGeoJSON: true)
        #expect(!full.summary.warnings.contains { $0.hasPrefix("cells.geojson") })
        var problems: [InputError] = []
        let geojson = try CompareCommand.cellFeatures(ofRun: root.appendingPathComponent("full").path, problems: &problems)
        let package = try CompareCommand.cellFeatures(ofRun: root.appendingPathComponent("compact").path, problems: &problems)
        #expect(problems.isEmpty)
        try #require(geojson.count == 120 && package.count == 120)
        for (a, b) in zip(geojson, package) {
            #expect(a.id == b.id)
            for key in ["pop", "hall_minutes", "gap_pop", "hall_class"] { #expect(a.properties[key] == b.properties[key], "\(key) of \(a.id ?? "")") }
            #expect(CompareCommand.isGapCell(a) == CompareCommand.isGapCell(b))
        }
        #expect(geojson.contains { CompareCommand.isGapCell($0) }, "the test district should have gap cells")

        // The cells have no R-tree (it cost twice their writing); the small layers keep theirs.
        let tables = try Tool.run(["-ro", "-q", root.appendingPathComponent("compact/layers.gpkg").path, "-sql",
                                   "SELECT name FROM sqlite_master WHERE name LIKE 'rtree_%' AND type = 'table' ORDER BY name"],
                                  program: URL(fileURLWithPath: "/usr/bin/ogrinfo"))
        #expect(tables.status == 0, "\(tables.stderr)")
        #expect(tables.stdout.contains("name (String) = rtree_sites_geom") && !tables.stdout.contains("rtree_cells_geom"), "\(tables.stdout)")

        // Under the limit the rule writes it without being asked.
        let small = try run(file, out: "small", cellsGeoJSON: false, limit: 120)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("small/cells.geojson").path))
        #expect(!small.summary.warnings.contains { $0.hasPrefix("cells.geojson") })
    }

    /// `compare` of a run without `cells.geojson` against one with it finds the same gap
    /// changes as between two runs with it.
    @Test func compareReadsTheCellsFromTheGeoPackage() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let closed = root.appendingPathComponent("closed.yaml")
        let halls = try DistrictLoader.load(root.appendingPathComponent("district").path, geo: LibraryGeoServices()).get()
            .sites.filter { $0.kind == .hall }
        try #require(halls.count > 1)
        // Every hall but the first closed: gap cells open.
        try ("name: closed\ndistrict: district\nchanges:\n" + halls.dropFirst().map { "  - close_site: \($0.id)\n" }.joined())
            .write(to: closed, atomically: true, encoding: .utf8)
        _ = try run(file, out: "compact", cellsGeoJSON: false)
        _ = try run(file, out: "full", cellsGeoJSON: true)
        _ = try run(closed, out: "after", cellsGeoJSON: false)
        let fromPackage = try CompareCommand.run(runA: root.appendingPathComponent("compact").path, runB: root.appendingPathComponent("after").path,
                                          out: root.appendingPathComponent("c1").path)
        let fromGeoJSON = try CompareCommand.run(runA: root.appendingPathComponent("full").path, runB: root.appendingPathComponent("after").path,
                                          out: root.appendingPathComponent("c2").path)
        let changes = { (name: String) in try String(contentsOf: root.appendingPathComponent("\(name)/gap_changes.geojson"), encoding: .utf8) }
        #expect(try changes("c1") == changes("c2"))
        #expect(try changes("c1").contains("\"change\":\"opened\""), "closing a hall should open gap cells")
        #expect(fromPackage.markdown == fromGeoJSON.markdown)
    }
}
