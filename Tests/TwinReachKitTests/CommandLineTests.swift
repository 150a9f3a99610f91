import Foundation
import Model
import TestSupport
import Testing

/// What a newcomer meets at the command line (issue 14 §3): a misspelt command, `--version`,
/// `run` given a district folder, and the warnings `run` has.
@Suite struct CommandLineTests {
    @Test func aMisspeltCommandGetsASuggestion() throws {
        let result = try Tool.run(["rnu", "scenario.yaml"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("twinreach: unknown command 'rnu' (did you mean 'run'?); the commands are check, import, run,"),
                "\(result.stderr)")
        let far = try Tool.run(["teleport"])
        #expect(far.status == 64)
        #expect(far.stderr.hasPrefix("twinreach: unknown command 'teleport'; the commands are"), "\(far.stderr)")
    }

    @Test func versionIsPrintedAndRecordedInTheSummary() throws {
        let result = try Tool.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "\(TwinReachVersion.current)\n")
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Tool.run(["run", try Self.tinyScenario(root).path, "--out", root.appendingPathComponent("out").path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("out/summary.json"))) as? [String: Any]
        #expect(summary?["twinreach_version"] as? String == TwinReachVersion.current)
    }

    @Test func runOnADistrictFolderShowsTheScenarioToWrite() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let district = Paths.repo.appendingPathComponent("GeoData/synthetic-small").path
        let result = try Tool.run(["run", district], cwd: root)
        #expect(result.status == 64)
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        #expect(result.stderr.hasPrefix("\(district): is a district folder; `twinreach run` takes a scenario file."), "\(result.stderr)")
        // The three lines it shows are a scenario that runs.
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { String($0.dropFirst(2)) }
        #expect(lines == ["name: synthetic-small-baseline", "district: \(district)", "changes: []"])
        try (lines.joined(separator: "\n") + "\n").write(to: root.appendingPathComponent("synthetic-small-baseline.yaml"), atomically: true, encoding: .utf8)
        let run = try Tool.run(["run", "synthetic-small-baseline.yaml", "-q"], cwd: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/synthetic-small-baseline/summary.json").path))
    }

    @Test func runPrintsItsWarnings() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = try Self.tinyScenario(root)
        let run = try Tool.run(["run", scenario.path, "--out", root.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: 1 cell(s) lie in no subdistrict: counted in the district figures only"), "\(run.stderr)")
        let quiet = try Tool.run(["run", scenario.path, "--out", root.appendingPathComponent("out").path, "-q"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// Two cells, one hall, no roads; the cell at x = 5,000 m lies outside the one subdistrict.
    static func tinyScenario(_ root: URL) throws -> URL {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.cell("in", x: 100, y: 0, pop: 100)
        t.cell("out", x: 5000, y: 0, pop: 50)
        t.subdistrict("west", -1000, -1000, 1000, 1000)
        _ = try t.write(to: root.appendingPathComponent("district"))
        let scenario = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\n".write(to: scenario, atomically: true, encoding: .utf8)
        return scenario
    }
}
