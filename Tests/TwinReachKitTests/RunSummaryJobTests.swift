import Districts
import Foundation
import Model
import Reporting
import Testing
import TestSupport
import TwinSpace
@testable import TwinReachKit

/// The run's summaries are made by the outputs' first job while `layers.gpkg` writes its cells
/// on the other thread (they need none of the summaries), and the run's summary is the one made.
@Suite struct RunSummaryJobTests {
    /// A small generated district solved with straight-line travel.
    static func solved() throws -> (District, TwinResult) {
        var options = SyntheticOptions()
        options.cellsX = 8
        options.cellsY = 6
        options.seed = 5
        let district = SyntheticGenerator.generate(options).district
        let rows = district.cells.map { cell in
            district.sites.enumerated().map { s, site in
                (site: s, minutes: hypot(cell.centroid.x - site.location.x, cell.centroid.y - site.location.y) * 111_000 * 1.3 / 75)
            }
        }
        let input = TwinInput(cells: district.cells, items: district.services, sites: district.sites, channels: district.channels,
                              travel: SparseTravel(rows: rows))
        return (district, try TwinModel.solve(input, parameters: TwinParameters(settings: district.settings)))
    }

    static func summary(_ district: District, _ result: TwinResult, membership: [Int?]) throws -> RunSummary {
        try RunCommand.runSummary(scenario: "overlap", district: district, membership: membership, result: result, travel: "straight line",
                                  unreachableCells: 0, toleranceMinutes: 0.01, changes: [], warnings: [], placedFrom: district.sites.count)
    }

    /// Whether a GeoPackage is being written under `folder` (its temporary file), within `seconds`.
    static func geoPackageBeingWritten(under folder: URL, seconds: Double) -> Bool {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            if names.contains(where: { ($0 as NSString).lastPathComponent.hasPrefix(".layers.gpkg.") }) { return true }
            usleep(2_000)
        }
        return false
    }

    @Test func theSummariesAreMadeWhileTheCellsAreWritten() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (district, result) = try Self.solved()
        let membership = try RunCommand.subdistrictOfCells(district)
        let out = folder.appendingPathComponent("out").path
        let overlapped = Awaited<Bool>()
        let summary = try RunOutputs.write(to: out, inputs: [], scenario: "overlap", district: district, membership: membership, summary: {
            try overlapped.make { Self.geoPackageBeingWritten(under: folder, seconds: 30) }
            return try Self.summary(district, result, membership: membership)
        }, result: result, cellsGeoJSON: false, threads: 2)
        #expect(try overlapped.value(), "no layers.gpkg was being written while the summaries were made")
        #expect(summary == (try Self.summary(district, result, membership: membership)))
        let written = try String(contentsOfFile: (out as NSString).appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(written == SummaryWriters.json(summary))
    }

    /// When making the summaries fails, the run fails with that error and leaves no output.
    @Test func aFailedSummaryIsTheRunsErrorAndLeavesNoOutput() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (district, result) = try Self.solved()
        let error = InputError(.internalError, file: "summary.json", .file, "the summaries failed")
        for threads in [1, 2] {
            #expect(throws: error) {
                _ = try RunOutputs.write(to: folder.appendingPathComponent("out").path, inputs: [], scenario: "failing", district: district,
                                         membership: district.cells.map { _ in nil }, summary: { throw error }, result: result,
                                         cellsGeoJSON: false, threads: threads)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [], "threads \(threads)")
        }
    }
}
