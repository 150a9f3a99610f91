import Foundation
import TestSupport
import Testing

// `twinreach optimize` driven by the peers' own script on the shared cases: the objective must
// be spopt's proven optimum and follow from the selected sites (run_tool.py → compare.py).
// The peers' LSCP references leave out the cells no candidate covers
// ("uncoverable_cells_left_out"), so their keys run with --allow-uncovered.

let peerCases = ["tiny", "edge", "city", "city_opt"]

/// Runs the case's location-model keys through run_tool.py: the LSCP keys with
/// `--allow-uncovered` added to `optimizeArguments`, the others with `optimizeArguments` alone.
func runPeerCheck(_ name: String, optimizeArguments: String, _ extra: [String] = []) throws -> [ToolResult]? {
    guard let caseDir = try Paths.sharedFile("peers/cases/\(name)"),
          let script = try Paths.sharedFile("peers/run_tool.py") else { return nil }
    let keys = try FileManager.default.contentsOfDirectory(atPath: caseDir.appendingPathComponent("expected").path)
        .filter { $0.hasPrefix("opt_") && $0.hasSuffix(".json") }.map { String($0.dropFirst(4).dropLast(5)) }.sorted()
    let lscp = keys.filter { $0.hasPrefix("lscp_") }, others = keys.filter { !$0.hasPrefix("lscp_") }
    var results: [ToolResult] = []
    for (group, flags) in [(others, optimizeArguments), (lscp, optimizeArguments + " --allow-uncovered")] where !group.isEmpty {
        let out = try Paths.scratch("peer-\(name)")
        defer { try? FileManager.default.removeItem(at: out) }
        // One argv word for the extra arguments: argparse would read "--exact" as its own option.
        results.append(try Tool.run([script.path, Tool.executable.path, caseDir.path, out.path, "--skip-measures",
                                     "--only", group.joined(separator: ","), "--extra-opt-args=\(flags)"] + extra,
                                    program: URL(fileURLWithPath: "/usr/bin/python3")))
    }
    return results
}

@Test("--exact reaches spopt's proven optimum on every shared case", arguments: peerCases)
func exactMatchesSpopt(_ name: String) throws {
    guard let results = try runPeerCheck(name, optimizeArguments: "--exact") else { return }
    for result in results { #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)") }
}

@Test("the heuristic is within 1 % of spopt's optimum on every shared case", arguments: peerCases)
func heuristicNearSpopt(_ name: String) throws {
    guard let results = try runPeerCheck(name, optimizeArguments: "", ["--opt-tol", "0.01"]) else { return }
    for result in results { #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)") }
}
