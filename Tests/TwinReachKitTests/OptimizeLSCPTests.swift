import Foundation
import Formats
import TestSupport
import Testing
@testable import Siting
@testable import TwinReachKit

// LSCP with cells that no site can cover: refused as spopt refuses it ("Infeasible"), unless
// the user allows leaving them out; the JSON says what is proven.

@Test("lscp with an uncoverable cell exits 65 naming it; --allow-uncovered leaves it out")
func lscpUncoverableCells() throws {
    guard let dir = try tinyFolder() else { return }
    defer { try? FileManager.default.removeItem(at: dir) }
    // Within 30 minutes: c6's nearest site is s3 at 35 (c5 has no population, so is no demand).
    let matrix = dir.appendingPathComponent("matrix.csv").path
    try expectFailure(dir, ["--model", "lscp", "--radius-minutes", "30"], status: 65,
                      message: "\(matrix): lscp: 1 of 5 demand cells can be covered by no site within 30 minutes (ids: c6), so no cover exists; give --allow-uncovered to cover the others")
    let run = try Tool.run(optimizeArguments(dir, ["--model", "lscp", "--radius-minutes", "30", "--allow-uncovered"]))
    #expect(run.status == 0, "\(run.stderr)")
    let json = try readJSON(dir.appendingPathComponent("out.json"))
    // s2 covers c1, c2 and c4; c3 needs s1 or s3, and no single site covers both c3 and c4
    // (s1 misses c4, s2 and s3 each miss one): two sites.
    #expect(json["objective"] as? Double == 2)
    #expect(json["uncoverable_cells"] as? Int == 1)
    #expect(json["proven_optimal"] as? Bool == true)
    #expect(json["status"] as? String == "optimal")
    // At 35 minutes every cell is coverable: no flag needed.
    let wide = try Tool.run(optimizeArguments(dir, ["--model", "lscp", "--radius-minutes", "35"]))
    #expect(wide.status == 0, "\(wide.stderr)")
}

@Test("--allow-uncovered leaves other models as they are; --threads must be at least 1")
func lscpFlagsMisplaced() throws {
    guard let dir = try tinyFolder() else { return }
    defer { try? FileManager.default.removeItem(at: dir) }
    func objective(_ extra: [String], _ output: String) throws -> Double? {
        let result = try Tool.run(optimizeArguments(dir, ["--model", "mclp", "--p", "1", "--radius-minutes", "30"] + extra, output: output))
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(output))) as? [String: Any]
        return json?["objective"] as? Double
    }
    let plain = try objective([], "plain.json")
    #expect(plain != nil)
    #expect(try objective(["--allow-uncovered"], "allowed.json") == plain)
    try expectFailure(dir, ["--model", "pmedian", "--p", "1", "--threads", "0"], status: 64,
                      message: "--threads: must be 1 or more (got 0)")
}

@Test("the JSON status says heuristic when nothing was proven, optimal when it was")
func optimizeStatusWording() {
    var report = OptimizeReport(model: .pcenter(p: 1),
                                result: SitingResult(selected: [0], objective: 10, bound: 5, gap: 0.5, provenOptimal: false),
                                selectedIDs: ["s1"], fixedIDs: [], demandCells: 2, candidates: 2, pairsUsed: 4, pairsSkipped: 0,
                                seconds: 0)
    #expect(optimizeJSON(report).contains("\"proven_optimal\": false,\n  \"status\": \"heuristic\""))
    report.result.exactStopped = true
    #expect(optimizeJSON(report).contains("\"proven_optimal\": false,\n  \"status\": \"stopped_with_solution\""))
    report.result = SitingResult(selected: [0], objective: 10, bound: 10, gap: 0, provenOptimal: true)
    #expect(optimizeJSON(report).contains("\"proven_optimal\": true,\n  \"status\": \"optimal\""))
}

@Test("optimize writes the same result for --threads 1 and 2")
func optimizeSameForAnyThreads() throws {
    guard let city = try Paths.sharedFile("peers/cases/city") else { return }
    let dir = try Paths.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    // 60,954 pairs: the Lagrangian loops split into 2 chunks, so 2 threads do run.
    var outputs: [String] = []
    for threads in ["1", "2"] {
        let out = dir.appendingPathComponent("t\(threads).json")
        let run = try Tool.run(["optimize", "--population", city.appendingPathComponent("population.csv").path,
                                "--matrix", city.appendingPathComponent("matrix.csv").path,
                                "--candidates", city.appendingPathComponent("candidates.csv").path,
                                "--model", "mclp", "--p", "5", "--radius-minutes", "15", "--threads", threads, "--output", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        outputs.append(text.split(separator: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n"))
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0].contains("\"selected\": ["))
}
