import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// 来回跑 by competent tier (`district.yaml`'s `failed_visit_probability`, and the scenario change
/// of that name) through a district folder and `run`, by hand.
@Suite(.serialized) struct TierFailedVisitsRunTests {
    /// 1,000 residents 100 m from a district hall; S1 (street tier, its own failed-visit
    /// chance 0.2) and S2 (community tier, none), each 100 per 1,000 a year, one hall trip.
    func folder(_ root: URL, yaml: String) throws -> URL {
        var t = TinyDistrict()
        t.item("S1", perThousand: 100, minTier: .street)
        t.items[0].failedVisitProbability = 0.2
        t.item("S2", perThousand: 100)
        t.hall("A", x: 0, y: 0)
        t.cell("c0", x: 100, y: 0, pop: 1000)
        let folder = try t.write(to: root.appendingPathComponent("district"))
        let file = folder.appendingPathComponent("district.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + yaml).write(to: file, atomically: true, encoding: .utf8)
        return folder
    }

    func run(_ root: URL, changes: String = "") throws -> RunOutcome {
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\n\(changes)".write(to: file, atomically: true, encoding: .utf8)
        return try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out-\(UUID().uuidString)").path))
    }

    @Test func theTiersChanceCombinesWithTheItems() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // Without the tier: S1's trip is 1 / (1 − 0.2) = 1.25 visits, S2's 1: (125 + 100) / 1,000.
        _ = try folder(root, yaml: "")
        let plain = try run(root)
        #expect(abs(plain.cellResults[0].tripsPerResidentYear - 0.225) < 1e-12)
        // Street offices fail 0.375 of the visits on their own account: S1's visits fail with
        // 1 − 0.8 × 0.625 = 0.5, so 2 visits per trip; S2 (community) keeps 1: (200 + 100) / 1,000.
        try FileManager.default.removeItem(at: root.appendingPathComponent("district"))
        _ = try folder(root, yaml: "failed_visit_probability: {street: 0.375}\n")
        let tiered = try run(root)
        #expect(abs(tiered.cellResults[0].tripsPerResidentYear - 0.3) < 1e-12)
        // The hall still completes 200 items a year: a failed visit takes no window time.
        #expect(abs(tiered.siteResults[0].completionsPerYear - 200) < 1e-9)
        // The scenario change sets the same table over the district's.
        let changed = try run(root, changes: "changes:\n  - failed_visit_probability: {street: 0, community: 0.5}\n")
        #expect(abs(changed.cellResults[0].tripsPerResidentYear - (0.125 + 0.2)) < 1e-12)
    }

    @Test func badTierChancesAreRefusedByLine() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try folder(root, yaml: "failed_visit_probability: {street: 1, town: 0.1}\n")
        let lines = try String(contentsOf: folder.appendingPathComponent("district.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let check = try Tool.run(["check", folder.path])
        #expect(check.status == 65)
        #expect(check.stderr.contains("district.yaml:\(lines): failed_visit_probability.street is 1; it must be below 1 (the chance that a visit does not complete)"), "\(check.stderr)")
        #expect(check.stderr.contains("district.yaml:\(lines): unknown key 'town' in failed_visit_probability"), "\(check.stderr)")
    }
}
