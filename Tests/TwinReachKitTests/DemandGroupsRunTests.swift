import Foundation
import Formats
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// Time of day and establishments through the district folder: written, read back, run, and
/// reported in summary.json and report.md; bad values refused by file and line.
@Suite(.serialized) struct DemandGroupsRunTests {
    /// 1,000 residents (half work office hours), 5 establishments, one office-hours hall 100 m
    /// away; S1 (100 per 1,000 residents a year) and B1 (4 per establishment a year), hall only.
    func district() -> TinyDistrict {
        var t = TinyDistrict()
        t.settings.timeOfDay = TimeOfDaySettings(workingShare: 0.5)
        t.item("S1", perThousand: 100)
        t.item("B1", perThousand: 0)
        t.items[1].perEstablishmentPerYear = 4
        t.hall("A", x: 0, y: 0)
        t.cell("c0", x: 100, y: 0, pop: 1000)
        t.cells[0].establishments = 5
        return t
    }

    @Test func workingAdultsLoseTheOfficeHoursHallAndEstablishmentsLoadIt() throws {
        let root = try Paths.scratch()
        _ = try district().write(to: root.appendingPathComponent("district"))
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\n".write(to: file, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: out.path))
        // The 500 working adults cannot come in office hours; the other 500 and the 5 establishments can.
        #expect(abs(outcome.summary.district.gapPopulation - 500) < 1e-9)
        #expect(abs(outcome.siteResults[0].completionsPerYear - (50 + 20)) < 1e-9)
        // Resident figures are residents only: 100 completions a year demanded.
        #expect(abs(outcome.cellResults[0].completionsPerYear - 100) < 1e-9)

        let summary = try JSONValue.read(path: out.appendingPathComponent("summary.json").path)
        let groups = summary["demand_groups"]?.array ?? []
        #expect(groups.compactMap { $0["id"]?.string } == ["working", "elderly", "others", "establishments"])
        #expect(groups.first?["gap_population"]?.number == 500)
        #expect(groups.last?["establishments"]?.number == 5 && groups.last?["hall_completions_per_year"]?.number == 20)
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("count **residents only**. The 5 establishments' 20 business completions a year load the halls"))
        #expect(report.contains("20 of the halls' 70 completions (28.6 %)"))
    }

    @Test func badDemandInputsAreRefusedByFileAndLine() throws {
        let root = try Paths.scratch()
        let folder = try district().write(to: root.appendingPathComponent("district"))
        let yaml = folder.appendingPathComponent("district.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.filter { !$0.hasPrefix("time_of_day:") }.joined(separator: "\n")
             + "time_of_day: {elderly_hours: \"Mo-Su 08:00-18:00\"}\n").write(to: yaml, atomically: true, encoding: .utf8)
        let population = folder.appendingPathComponent("population.geojson")
        let layer = try String(contentsOf: population, encoding: .utf8)
        try layer.replacingOccurrences(of: "\"establishments\":5", with: "\"establishments\":-3")
            .write(to: population, atomically: true, encoding: .utf8)
        // The rewritten time_of_day (no working_share) is the file's last line.
        let check = try Tool.run(["check", folder.path])
        #expect(check.status == 65)
        #expect(check.stderr.contains("district.yaml:\(lines.count - 1): time_of_day needs 'working_share' (share of the residents under 65 who work office hours, 0..1)"), "\(check.stderr)")
        #expect(check.stderr.contains("population.geojson: feature 0 (id c0): establishments is -3; it must be >= 0"), "\(check.stderr)")
    }
}
