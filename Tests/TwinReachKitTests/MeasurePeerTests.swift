import Foundation
import Testing
import Model
import TestSupport
@testable import TwinReachKit

/// `twinreach measure` against PySAL `access` on the four shared peer cases: run_tool.py runs
/// the binary for every expected measure and compare.py fails beyond 1e-9 relative.
@Suite struct MeasurePeerTests {
    @Test(arguments: ["tiny", "edge", "city", "city_opt"])
    func matchesPySAL(_ name: String) throws {
        guard let runTool = try Paths.sharedFile("peers/run_tool.py"),
              let cases = try Paths.sharedFile("peers/cases/\(name)") else { return }
        let out = try Paths.scratch("peer-\(name)")
        let result = try Tool.run(["python3", runTool.path, Tool.executable.path, cases.path, out.path, "--skip-opt"],
                                  program: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    }
}

/// Same inputs, same bits, with one thread or two (city: the matrix is split between threads).
@Suite struct MeasureDeterminismTests {
    @Test(arguments: [MeasureName.enhancedTwoStage, .threeStage, .gravity, .raam])
    func threadCountDoesNotChangeTheBits(_ measure: MeasureName) throws {
        guard let city = try Paths.sharedFile("peers/cases/city") else { return }
        func values(_ threads: Int) throws -> [UInt64] {
            try Measure.compute(MeasureOptions(
                populationPath: city.appendingPathComponent("population.csv").path,
                supplyPath: city.appendingPathComponent("supply.csv").path,
                matrixPath: city.appendingPathComponent("matrix.csv").path, measure: measure,
                scaleMinutes: measure == .gravity ? 60 : nil, alpha: measure == .gravity ? -1 : nil,
                outputPath: "unused.csv", threads: threads)).values.map(\.bitPattern)
        }
        #expect(try values(1) == values(2))
    }
}

/// The command's errors: text naming the file and line, and the contract's exit codes.
@Suite struct MeasureCommandTests {
    func tinyFile(_ name: String) throws -> String? {
        try Paths.sharedFile("peers/cases/tiny/\(name)")?.path
    }

    @Test func nonNumericPopulationIsBadData() throws {
        guard let supply = try tinyFile("supply.csv"), let matrix = try tinyFile("matrix.csv") else { return }
        let dir = try Paths.scratch()
        let population = dir.appendingPathComponent("population.csv")
        try Data("id,pop\nc1,100\nc2,lots\n".utf8).write(to: population)
        let output = dir.appendingPathComponent("out.csv")
        let result = try Tool.run(["measure", "--population", population.path, "--supply", supply, "--matrix", matrix,
                                   "--measure", "2sfca", "--output", output.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("population.csv:3: pop 'lots' is not a number"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func missingFileAndUsageErrors() throws {
        guard let population = try tinyFile("population.csv"), let supply = try tinyFile("supply.csv"),
              let matrix = try tinyFile("matrix.csv") else { return }
        let output = try Paths.scratch().appendingPathComponent("out.csv").path
        let missing = try Tool.run(["measure", "--population", population, "--supply", supply,
                                    "--matrix", "/nonexistent/matrix.csv", "--measure", "2sfca", "--output", output])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/matrix.csv: no such file"))
        let noNeighbors = try Tool.run(["measure", "--population", population, "--supply", supply, "--matrix", matrix,
                                        "--measure", "fca", "--output", output])
        #expect(noNeighbors.status == 64)
        #expect(noNeighbors.stderr.contains("--neighbors"))
        let unknown = try Tool.run(["measure", "--population", population, "--supply", supply, "--matrix", matrix,
                                    "--measure", "5sfca", "--output", output])
        #expect(unknown.status == 64)
        let wrongFlag = try Tool.run(["measure", "--population", population, "--supply", supply, "--matrix", matrix,
                                      "--measure", "2sfca", "--sigma", "15", "--output", output])
        #expect(wrongFlag.status == 64)
        #expect(wrongFlag.stderr.contains("--sigma: applies to g2sfca only, not 2sfca"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func outputFormatAndDefaults() throws {
        guard let population = try tinyFile("population.csv"), let supply = try tinyFile("supply.csv"),
              let matrix = try tinyFile("matrix.csv") else { return }
        let output = try Paths.scratch().appendingPathComponent("out.csv").path
        try Measure.run(MeasureOptions(populationPath: population, supplyPath: supply, matrixPath: matrix,
                                       measure: .twoStage, maxMinutes: 30, outputPath: output))
        // The worked example of ACCESS_FORMULAS.md: c6 is undefined (empty).
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text == """
            id,value
            c1,\(10.0 / 600 + 6.0 / 700)
            c2,\(10.0 / 600 + 6.0 / 700)
            c3,\(10.0 / 600 + 3.0 / 300)
            c4,\(6.0 / 700)
            c5,\(10.0 / 600 + 3.0 / 300)
            c6,

            """)
        // e2sfca without --steps takes PySAL's default {10: 1, 20: 0.68, 30: 0.22}.
        let defaults = try Measure.compute(MeasureOptions(populationPath: population, supplyPath: supply, matrixPath: matrix,
                                                          measure: .enhancedTwoStage, outputPath: output))
        let explicit = try Measure.compute(MeasureOptions(populationPath: population, supplyPath: supply, matrixPath: matrix,
                                                          measure: .enhancedTwoStage, steps: "30:0.22,10:1,20:0.68",
                                                          outputPath: output))
        #expect(defaults.values.map(\.bitPattern) == explicit.values.map(\.bitPattern))
        #expect(Measure.format(.infinity) == "inf" && Measure.format(.nan) == "" && Measure.format(1e-5) == "1e-05")
        #expect(Double(Measure.format(1e22)) == 1e22 && Double(Measure.format(0.1 + 0.2)) == 0.1 + 0.2)
    }
}
