import Foundation
import Formats
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// The shipped overload sample (the district hall with 3 of its 30 windows): its unserved
/// completions are in the cells and in the gap, and a run without overload writes the cells
/// as before (no overload columns).
@Suite(.serialized) struct OverloadSampleTests {
    @Test func theShortStaffedDistrictHallsUnservedDemandIsInTheCellsAndTheGap() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        func run(_ name: String) throws -> (RunOutcome, JSONValue, JSONValue) {
            let out = root.appendingPathComponent(name)
            let outcome = try RunCommand.run(RunOptions(scenarioPath: Paths.repo.appendingPathComponent("Scenarios/\(name).yaml").path,
                                                        outPath: out.path))
            return (outcome, try JSONValue.read(path: out.appendingPathComponent("summary.json").path),
                    try JSONValue.read(path: out.appendingPathComponent("cells.geojson").path))
        }
        let (base, baseSummary, baseCells) = try run("synthetic-baseline")
        let (short, summary, cells) = try run("overload-district-hall")
        #expect(base.summary.overload.sites.isEmpty && short.summary.overload.sites == ["H-D01"])
        // Without overload the cells carry no overload columns (the bytes of before).
        #expect(baseCells["features"]?.array?.first?["properties"]?["overload_completions"] == nil)
        #expect(baseSummary["overload"]?["gap_population"]?.number == 0)

        // Every unserved completion is in some cell: the cells' column sums to the district's figure.
        let features = cells["features"]?.array ?? []
        let inCells = features.reduce(0) { $0 + ($1["properties"]?["overload_completions"]?.number ?? .nan) }
        let unserved = summary["overload"]?["unserved_completions_per_year"]?.number ?? 0
        #expect(unserved > 1000 && abs(inCells - unserved) < 1e-6 * unserved, "\(inCells) in cells of \(unserved)")
        // The gap grows by exactly the overload's part: reach did not change, capacity did.
        let gap = summary["summary"]?["gap_population"]?["total"]?.number ?? 0
        let baseGap = baseSummary["summary"]?["gap_population"]?["total"]?.number ?? 0
        let overloadGap = summary["overload"]?["gap_population"]?.number ?? 0
        #expect(overloadGap > 1000 && abs(gap - overloadGap - baseGap) < 1e-6 * baseGap, "\(gap) = \(baseGap) + \(overloadGap)?")
        // Residents: completions over the completions per resident-year; never fewer than the gap's part.
        let residents = short.cellResults.reduce(0) { $0 + $1.overloadResidents }
        let perResident = short.cellResults.reduce(0) { $0 + $1.completionsPerYear } / short.summary.district.population
        #expect(abs(residents - unserved / perResident) < 1e-6 * residents && residents >= overloadGap)
        // report.md says who is given what and how the gap counts it.
        let report = try String(contentsOf: root.appendingPathComponent("overload-district-hall/report.md"), encoding: .utf8)
        #expect(report.contains("\(Int(unserved.rounded())) a year to residents' cells"))
        #expect(report.contains("The gap population counts them: \(Int(overloadGap.rounded())) residents"))
    }
}
