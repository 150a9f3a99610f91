import Districts
import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// `bundles.yaml` and `document_ids` as `check` reads them, on a generated district (the
/// standard catalogue: S003 birth registration 9 per 1,000, S012 newborn insurance 9).
@Suite struct BundleFileTests {
    func district(bundles: String?, services: ((String) -> String)? = nil) throws -> (URL, URL) {
        let root = try Paths.scratch(UUID().uuidString)
        let folder = root.appendingPathComponent("d")
        var options = SyntheticOptions()
        options.cellsX = 4
        options.cellsY = 3
        try DistrictWriter.write(SyntheticGenerator.generate(options).district, to: folder.path)
        if let bundles { try bundles.write(to: folder.appendingPathComponent("bundles.yaml"), atomically: true, encoding: .utf8) }
        if let services {
            let url = folder.appendingPathComponent("services.csv")
            try services(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return (root, folder)
    }

    static let birth = """
        bundles:
          - id: B01
            name: 新生儿出生一件事
            events_per_1000_per_year: 9
            items: [{id: S003}, {id: S012, take_up: 0.95, after: [S003]}]
            order: parallel

        """

    @Test func aBundleFileAddsTheBundleAndLowersItsItemsDemand() throws {
        let (root, folder) = try district(bundles: Self.birth)
        defer { try? FileManager.default.removeItem(at: root) }
        let report = CheckCommand.run(path: folder.path)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.summary.contains("service items: 33"), "\(report.summary)")
        let loaded = try DistrictLoader.load(folder.path, geo: LibraryGeoServices()).get()
        #expect(loaded.services.first { $0.id == "S003" }?.perThousandPerYear == 0)
        #expect(abs((loaded.services.first { $0.id == "S012" }?.perThousandPerYear ?? 0) - 0.45) < 1e-12)
        #expect(loaded.services.last?.id == "B01")
        #expect(loaded.bundles.map(\.id) == ["B01"])
    }

    @Test func aTakeUpBeyondTheItemsDemandIsRefusedByItsLine() throws {
        let (root, folder) = try district(bundles: Self.birth.replacingOccurrences(of: "events_per_1000_per_year: 9", with: "events_per_1000_per_year: 10"))
        defer { try? FileManager.default.removeItem(at: root) }
        let report = CheckCommand.run(path: folder.path)
        #expect(report.exitCode == 65)
        // The first item below zero is named (the bundle is not added).
        #expect(report.problems.map(\.description) == [
            "\(folder.path)/bundles.yaml:2: bundle 'B01': item S003: its standalone demand 9 − 10 events × take-up 1 = -1 per 1,000 a year is below zero; lower the take-up or the event rate, or raise the item's per_1000_per_year",
        ], "\(report.problems)")
    }

    @Test func documentIdsMustMatchTheCount() throws {
        // S001 names 6 documents; two ids are refused, six are its count.
        let (root, folder) = try district(bundles: nil) { text in
            var lines = text.split(separator: "\n").map(String.init)
            lines[0] += ",document_ids"
            for k in 1..<lines.count { lines[k] += k == 1 ? ",id_card;form" : k == 2 ? ",id_card;id_card" : "," }
            return lines.joined(separator: "\n") + "\n"
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = CheckCommand.run(path: folder.path)
        #expect(report.problems.map(\.description) == [
            "\(folder.path)/services.csv:2: documents is 6 but document_ids lists 2 paper(s)",
            "\(folder.path)/services.csv:3: document_ids 'id_card;id_card' names a paper twice",
        ], "\(report.problems)")
    }
}
