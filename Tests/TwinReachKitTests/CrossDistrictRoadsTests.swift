import Foundation
import Testing
import TestSupport
@testable import TwinReachKit

/// 跨区通办 on the shipped Andorran parishes (real OpenStreetMap roads): Encamp's residents may
/// use the halls of Escaldes-Engordany, reached over both parishes' roads joined at the border.
@Suite(.serialized) struct CrossDistrictRoadsTests {
    func run(_ changes: String, district: String, in root: URL, name: String) throws -> RunOutcome {
        let file = root.appendingPathComponent("\(name).yaml")
        try "name: \(name)\ndistrict: \(Paths.repo.appendingPathComponent("GeoData/\(district)").path)\nchanges:\n\(changes)"
            .write(to: file, atomically: true, encoding: .utf8)
        return try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent(name).path))
    }

    @Test func encampReachesEscaldesHallsOverJoinedRoads() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let neighbour = Paths.repo.appendingPathComponent("GeoData/escaldes-engordany").path
        let alone = try run("  []\n", district: "encamp", in: root, name: "alone")
        let shared = try run("  - cross_district: {with: [\(neighbour)], items: all}\n", district: "encamp", in: root, name: "shared")
        guard case .joined(let files, let sharedNodes) = shared.roadGraph else {
            Issue.record("the graph is not joined: \(String(describing: shared.roadGraph))"); return
        }
        #expect(files == ["encamp/roads.osm", "escaldes-engordany/roads.osm"])
        #expect(sharedNodes.count == 1 && sharedNodes[0] > 0)
        #expect(!shared.summary.warnings.contains { $0.hasPrefix("cross_district:") })
        // Some of Escaldes' halls now take Encamp's completions, and residents come closer to a hall.
        let neighbourHalls = shared.district.sites.indices.filter { shared.district.sites[$0].id.hasPrefix("Escaldes-Engordany/") }
        #expect(!neighbourHalls.isEmpty)
        #expect(neighbourHalls.contains { shared.siteResults[$0].completionsPerYear > 0 })
        #expect((shared.summary.district.hall.mean ?? .infinity) < (alone.summary.district.hall.mean ?? 0))
        #expect(shared.summary.district.gapPopulation < alone.summary.district.gapPopulation)
    }

    @Test func roadFilesNotFromOneExtractAreRefused() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let neighbour = Paths.repo.appendingPathComponent("GeoData/synthetic-neighbour").path
        #expect {
            try run("  - cross_district: {with: [\(neighbour)], items: all}\n", district: "synthetic-district", in: root, name: "x")
        } throws: { error in
            String(describing: error).contains("synthetic-neighbour/roads.osm: cross_district: node ")
                && String(describing: error).hasSuffix("the two road files do not come from one OpenStreetMap extract, so their roads cannot be joined")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("x").path))
    }
}
