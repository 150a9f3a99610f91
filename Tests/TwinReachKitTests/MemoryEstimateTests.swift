import Foundation
import Testing
import TestSupport
@testable import TwinReachKit

/// The memory estimate made before loading (issue 10: 4 M cells took 10 GB and simply ran).
@Suite struct MemoryEstimateTests {
    func environment(budget: Int) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["TWINREACH_MEMORY_BYTES"] = String(budget)
        return env
    }

    @Test func countsCellsAndSizesBeforeLoading() throws {
        let file = try generatedScenario(cellsX: 5, cellsY: 4, seed: 3, name: "base")
        let folder = file.deletingLastPathComponent().appendingPathComponent("district").path
        let estimate = MemoryEstimate.of(district: folder)
        let roads = try #require(try FileManager.default.attributesOfItem(atPath: folder + "/roads.osm")[.size] as? Int)
        #expect(estimate == MemoryEstimate(cells: 20, roadBytes: roads, matrixBytes: 0))
        #expect(estimate.bytes == (60 << 20) + 20 * 720 + roads / 4)
    }

    /// A lower bound: never above a measured peak, so a district that fits is never refused
    /// (`scripts/bench-scale.sh`'s districts, with their roads.osm, 2026-12-02; and the 1.0 GB
    /// province `.osm.pbf` of `scripts/make-province-pbf.sh`, read in 592 MiB).
    @Test(arguments: [(200_000, 31_974_773, 256 << 20), (1_000_000, 162_361_664, 1_032 << 20),
                      (4_000_000, 519_721_590, 3_101 << 20)])
    func neverAboveAMeasuredPeak(_ cells: Int, _ roadBytes: Int, _ peakBytes: Int) {
        let estimate = MemoryEstimate(cells: cells, roadBytes: roadBytes, matrixBytes: 0)
        #expect(estimate.bytes <= peakBytes)
        #expect(estimate.bytes >= peakBytes * 7 / 10, "a bound far below the peak would let hopeless runs start")
    }

    @Test func aProvinceRoadFileCountsAQuarterOfItsSize() {
        let province = MemoryEstimate(cells: 0, roadBytes: 1_000_000_000, matrixBytes: 0)
        #expect(province.bytes == (60 << 20) + 250_000_000)
        #expect(province.bytes <= 592 << 20)
    }

    @Test func runAndImportRefuseWhatCannotFit() throws {
        let file = try generatedScenario(cellsX: 5, cellsY: 4, seed: 3, name: "base")
        let root = file.deletingLastPathComponent()
        let folder = root.appendingPathComponent("district").path
        let needed = MemoryEstimate.of(district: folder).bytes
        let out = root.appendingPathComponent("out"), store = root.appendingPathComponent("s.sqlite")
        let low = environment(budget: needed - 1)
        for arguments in [["run", file.path, "--out", out.path, "--quiet"], ["import", folder, "--store", store.path]] {
            let result = try Tool.run(arguments, environment: low)
            #expect(result.status == 74, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("\(folder): needs at least 60.0 MiB of memory (20 cells, a "), "\(result.stderr)")
            #expect(result.stderr.contains(" KiB road file), more than the 60.0 MiB of TWINREACH_MEMORY_BYTES: use a larger machine"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: store.path))
        // At the estimate itself it runs.
        let enough = try Tool.run(["run", file.path, "--out", out.path, "--quiet"], environment: environment(budget: needed))
        #expect(enough.status == 0, "\(enough.stderr)")
    }

    @Test func aBadBudgetIsUsage() throws {
        let file = try generatedScenario(cellsX: 2, cellsY: 2, seed: 3, name: "base")
        var env = ProcessInfo.processInfo.environment
        env["TWINREACH_MEMORY_BYTES"] = "8GB"
        let result = try Tool.run(["run", file.path, "--quiet"], environment: env)
        #expect(result.status == 64)
        #expect(result.stderr.contains("TWINREACH_MEMORY_BYTES: '8GB' is not a number of bytes > 0"), "\(result.stderr)")
    }

    @Test func theMachineIsTheDefaultBudget() throws {
        let (bytes, source) = try MemoryEstimate.availableBytes(environment: [:])
        #expect(bytes > 0 && bytes <= Int(clamping: ProcessInfo.processInfo.physicalMemory))
        #expect(source == "physical memory" || source.contains("memory.max"))
    }
}
