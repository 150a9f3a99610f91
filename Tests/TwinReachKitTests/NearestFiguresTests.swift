import Foundation
import Model
import Network
import RoadGraphs
import Travel
import Testing
import TestSupport
@testable import TwinReachKit

/// Minutes to the nearest site have no travel cut-off, and every figure says whom it covers.
@Suite(.serialized) struct NearestFiguresTests {
    /// GeoData/andorra on its real OSM roads: only cells off the network lack hall minutes; the
    /// figures do not move with `--max-travel-minutes`; each cell's minutes are the minimum of
    /// bounded searches from every hall (the reference); and the population that cannot reach a
    /// hall is in summary.json, summary.csv and report.md.
    @Test func andorraMinutesCoverEveryoneOnTheNetwork() throws {
        let root = try Paths.scratch()
        let scenario = Paths.repo.appendingPathComponent("Scenarios/andorra-baseline.yaml").path
        let base = root.appendingPathComponent("default")
        let run = try RunCommand.run(RunOptions(scenarioPath: scenario, outPath: base.path))
        var options = RunOptions(scenarioPath: scenario, outPath: root.appendingPathComponent("wide").path)
        options.travelCutoffMinutes = 600
        let wide = try RunCommand.run(options)
        let district = run.district, settings = district.settings

        // Which cells snap, found apart from the run: the same roads and snap distance.
        let roads = Paths.repo.appendingPathComponent("GeoData/andorra/roads.osm").path
        let ways = try RoadWays.read(osmPath: roads, settings: settings)
        let heights = try Terrain.load(settings: settings, covering: district.boundary.bounds)?.heights(of: ways)
        let network = RoadNetwork(ways: RoadWays.inputs(ways, mode: settings.mode, heights: heights))
        let snaps = network.index.snap(district.cells.map(\.centroid), maxMeters: settings.maxSnapMeters).snaps
        let offNetwork = district.cells.indices.filter { snaps[$0] == nil }
        #expect(!offNetwork.isEmpty && offNetwork.count < 10)
        for (c, result) in run.cellResults.enumerated() {
            #expect((result.nearestHallMinutes == nil) == (snaps[c] == nil), "cell \(district.cells[c].id)")
            #expect((result.nearestKioskMinutes == nil) == (snaps[c] == nil), "cell \(district.cells[c].id)")
            #expect(result.coveredHall == ((result.nearestHallMinutes ?? .infinity) <= settings.hallThresholdMinutes))
            #expect(result.coveredKiosk == ((result.nearestKioskMinutes ?? .infinity) <= settings.kioskThresholdMinutes))
        }

        // The reference: a 600-minute search from every hall (all halls are open in the window).
        let halls = district.sites.indices.filter { district.sites[$0].kind == .hall }
        let reference = RoadTravel.travel(network: network, cells: district.cells.map(\.centroid),
                                          sites: halls.map { district.sites[$0].location }, walkKmh: settings.speedsKmh[.walk] ?? 4.5,
                                          maxSnapMeters: settings.maxSnapMeters, cutoffMinutes: 600, threads: 2).travel
        var beyondCutoff = 0
        for c in district.cells.indices where snaps[c] != nil {
            let expected = reference.nearestMinutes(fromCell: c) { _ in true }
            let got = run.cellResults[c].nearestHallMinutes
            #expect(got != nil && expected != nil && abs((got ?? 0) - (expected ?? -1)) < 1e-9, "cell \(district.cells[c].id)")
            if (got ?? 0) > 60 { beyondCutoff += 1 }
        }
        #expect(beyondCutoff > 100)   // the 60-minute cut-off of the choice left these out before

        // District and Canillo figures equal those of the 600-minute run.
        let canillo = try #require(run.summary.subdistricts.first { $0.name == "Canillo" })
        let canilloWide = try #require(wide.summary.subdistricts.first { $0.name == "Canillo" })
        for (a, b) in [(run.summary.district, wide.summary.district), (canillo, canilloWide)] {
            #expect(a.hall == b.hall, "\(a.name): \(a.hall) vs \(b.hall)")
            #expect(a.kiosk == b.kiosk, "\(a.name): \(a.kiosk) vs \(b.kiosk)")
        }

        // Who cannot reach a hall: the residents of the cells off the network, per area.
        let membership = try RunCommand.subdistrictOfCells(district)
        func unreachable(_ area: Int?) -> Double {
            offNetwork.filter { area == nil || membership[$0] == area }.reduce(0) { $0 + district.cells[$1].population }
        }
        let areas = [run.summary.district] + run.summary.subdistricts
        let expected = [unreachable(nil)] + district.subdistricts.indices.map { unreachable($0) }
        #expect(expected[0] > 0)
        for (area, population) in zip(areas, expected) {
            #expect(abs(area.hall.unreachablePopulation - population) < 1e-6, "\(area.name)")
            #expect(abs(area.kiosk.unreachablePopulation - population) < 1e-6, "\(area.name)")
        }

        // summary.json: minutes_to_nearest_hall / _kiosk.unreachable_population, district and subdistricts.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("summary.json"))) as? [String: Any])
        let jsonAreas = [json["summary"] as? [String: Any]] + ((json["subdistricts"] as? [[String: Any]]) ?? []).map { Optional($0) }
        #expect(jsonAreas.count == expected.count)
        for (area, population) in zip(jsonAreas, expected) {
            for key in ["minutes_to_nearest_hall", "minutes_to_nearest_kiosk"] {
                let value = (area?[key] as? [String: Any])?["unreachable_population"] as? Double
                #expect(value.map { abs($0 - population) < 1e-6 } == true, "\(key) of \(area?["name"] ?? "?")")
            }
        }

        // summary.csv: hall_ and kiosk_unreachable_population on every row.
        let csv = try String(contentsOf: base.appendingPathComponent("summary.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(csv.first)
        let hallColumn = try #require(header.firstIndex(of: "hall_unreachable_population"))
        let kioskColumn = try #require(header.firstIndex(of: "kiosk_unreachable_population"))
        #expect(csv.count == expected.count + 1)
        for (row, population) in zip(csv.dropFirst(), expected) {
            #expect(Double(row[hallColumn]).map { abs($0 - population) < 1e-6 } == true, "\(row[1])")
            #expect(Double(row[kioskColumn]).map { abs($0 - population) < 1e-6 } == true, "\(row[1])")
        }

        // report.md says whom the minutes cover.
        let report = try String(contentsOf: base.appendingPathComponent("report.md"), encoding: .utf8)
        let total = run.summary.district.population
        let reached = Int((total - expected[0]).rounded()), all = Int(total.rounded()), apart = Int(expected[0].rounded())
        #expect(report.contains("residents who can reach a hall: \(reached) of \(all); \(apart) cannot reach any"))
        #expect(report.contains("residents who can reach a kiosk: \(reached) of \(all); \(apart) cannot reach any"))
    }

    /// A travel_matrix.csv follows the same rules as the road network: the choice takes the
    /// pairs within the cut-off, the log counts those, and nearest minutes take every pair.
    @Test func matrixPairsBeyondTheCutoffCountForNearestMinutesOnly() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.hall("B", x: 3000, y: 0)
        for x in [0.0, 1000, 2000, 3000] { t.cell("c\(Int(x))", x: x, y: 0, pop: 100) }
        let root = try Paths.scratch()
        let folder = try t.write(to: root.appendingPathComponent("district"))
        // The default cut-off is 60 min (thresholds 30 and 15): c1000 has only a 100-minute pair.
        try "origin,destination,minutes\nc0,A,7.5\nc0,B,150\nc1000,A,100\nc2000,B,3\n"
            .write(to: folder.appendingPathComponent("travel_matrix.csv"), atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\n".write(to: file, atomically: true, encoding: .utf8)

        func run(cutoff: Double?) throws -> (outcome: RunOutcome, log: [String]) {
            var options = RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out-\(cutoff ?? 0)").path)
            options.travelCutoffMinutes = cutoff
            var log: [String] = []
            let outcome = try RunCommand.run(options) { log.append($0) }
            return (outcome, log)
        }
        let (narrow, narrowLog) = try run(cutoff: nil)
        #expect(narrowLog.contains("travel times: 2 cell-site pairs within 60 min"), "\(narrowLog)")
        #expect(narrow.cellResults.map(\.nearestHallMinutes) == [7.5, 100, 3, nil])
        #expect(narrow.cellResults.map(\.coveredHall) == [true, false, true, false])
        // c1000's hall lies beyond the cut-off: its residents choose no hall, as on the roads.
        #expect(narrow.cellResults[1].unservedShare == 1)
        #expect(narrow.summary.district.hall.unreachablePopulation == 100)   // c3000, in no pair
        #expect(narrow.summary.travel == "external matrix travel_matrix.csv (4 pairs)")

        let (wide, wideLog) = try run(cutoff: 120)
        #expect(wideLog.contains("travel times: 3 cell-site pairs within 120 min"), "\(wideLog)")
        #expect(wide.cellResults.map(\.nearestHallMinutes) == [7.5, 100, 3, nil])
        #expect(wide.cellResults[1].shareHall == 1)
    }
}
