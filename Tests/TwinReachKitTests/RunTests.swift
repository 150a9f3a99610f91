import Districts
import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach run` end to end on small districts written by the tests.
@Suite struct RunTests {
    /// A generated district with its road grid, and a baseline scenario beside it.
    func scenario(cellsX: Int = 12, cellsY: Int = 10, roads: Bool = true) throws -> URL {
        try generatedScenario(cellsX: cellsX, cellsY: cellsY, seed: 11, name: "baseline", roads: roads)
    }

    @Test func outputsAreTheSameBytesForOneAndTwoThreads() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let one = try Tool.run(["run", file.path, "--out", root.appendingPathComponent("t1").path, "--threads", "1", "-q"])
        let two = try Tool.run(["run", file.path, "--out", root.appendingPathComponent("t2").path, "--threads", "2", "-q"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        for name in ["cells.geojson", "sites.geojson", "gaps.geojson", "layers.gpkg", "summary.json", "summary.csv", "report.md"] {
            let a = try Data(contentsOf: root.appendingPathComponent("t1").appendingPathComponent(name))
            let b = try Data(contentsOf: root.appendingPathComponent("t2").appendingPathComponent(name))
            #expect(a == b, "\(name) differs between --threads 1 and 2")
            #expect(!a.isEmpty)
        }
    }

    /// Without roads, the minutes to the nearest hall are the straight line × detour at walking
    /// speed: checked here against the haversine-free local computation for every cell.
    @Test func straightLineMinutesFollowTheDefinition() throws {
        let file = try scenario(cellsX: 5, cellsY: 4, roads: false)
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: file.deletingLastPathComponent().appendingPathComponent("o").path))
        let d = outcome.district
        let halls = d.sites.filter { $0.kind == .hall }
        // Metres on a local tangent plane: at this scale (1 km) UTM and the tangent plane agree
        // far better than the 0.5 % tolerance used here.
        func meters(_ a: XY, _ b: XY) -> Double {
            let lat = (a.y + b.y) / 2 * .pi / 180
            let dx = (a.x - b.x) * 111_320 * cos(lat), dy = (a.y - b.y) * 110_574
            return (dx * dx + dy * dy).squareRoot()
        }
        for (i, cell) in d.cells.enumerated() {
            let expected = halls.map { meters(cell.centroid, $0.location) * 1.3 / (4.5 * 1000 / 60) }.min() ?? .nan
            let got = outcome.cellResults[i].nearestHallMinutes ?? .nan
            #expect(abs(got - expected) <= 0.005 * expected + 1e-9, "cell \(cell.id): \(got) vs \(expected)")
        }
        #expect(outcome.summary.travel.contains("straight line × 1.3"))
    }

    @Test func summaryAddsUpOverSubdistricts() throws {
        let file = try scenario()
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: file.deletingLastPathComponent().appendingPathComponent("o").path))
        let s = outcome.summary
        let population = s.subdistricts.reduce(0) { $0 + $1.population }
        #expect(abs(population - s.district.population) < 1e-6)
        let gap = s.subdistricts.reduce(0) { $0 + $1.gapPopulation }
        #expect(abs(gap - s.district.gapPopulation) < 1e-6 * max(1, gap))
        let shares = s.district.shareHall + s.district.shareKiosk + s.district.shareOnline + s.district.shareVideo + s.district.shareUnserved
        #expect(abs(shares - 1) < 1e-9)
    }

    @Test func badScenarioAndMissingDistrict() throws {
        let root = try Paths.scratch()
        let file = root.appendingPathComponent("s.yaml")
        try "name: x\ndistrict: nowhere\n".write(to: file, atomically: true, encoding: .utf8)
        // Run in `root`, where the default output folder out/x would go.
        var result = try Tool.run(["run", file.path], cwd: root)
        #expect(result.status == 66)
        #expect(result.stderr.contains("s.yaml:2: district folder 'nowhere' does not exist"), "\(result.stderr)")
        try "name: [x\n".write(to: file, atomically: true, encoding: .utf8)
        result = try Tool.run(["run", file.path], cwd: root)
        #expect(result.status == 65)
        #expect(result.stderr.contains("s.yaml:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
