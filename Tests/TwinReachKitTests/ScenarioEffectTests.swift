import Foundation
import Formats
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// One test per change type on small hand-made districts (no roads: straight line × 1.3 at
/// 4.5 km/h, so 1 km is 17.333 minutes), asserting the change's effect by hand. Distances are
/// measured in the UTM zone, whose scale there differs from the tests' tangent plane by about
/// 0.1 %: minutes are compared within 0.3 %.
@Suite struct ScenarioEffectTests {
    static let minutesPerMeter = 1.3 / (4.5 * 1000 / 60)

    func near(_ a: Double?, _ b: Double) -> Bool { guard let a else { return false }; return abs(a - b) <= 0.003 * b + 1e-6 }

    func run(_ tiny: TinyDistrict, _ changes: String, extra: [(String, TinyDistrict)] = []) throws -> RunOutcome {
        let root = try Paths.scratch()
        _ = try tiny.write(to: root.appendingPathComponent("district"))
        for (name, other) in extra { _ = try other.write(to: root.appendingPathComponent(name)) }
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\nchanges:\n\(changes)".write(to: file, atomically: true, encoding: .utf8)
        return try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
    }

    /// Two halls 3 km apart and a row of cells between them.
    func corridor() -> TinyDistrict {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.hall("B", x: 3000, y: 0)
        for x in [0.0, 500, 1000, 1800, 2500, 3000] { t.cell("c\(Int(x))", x: x, y: 0, pop: 100) }
        return t
    }

    @Test func closeSiteRaisesMinutesOfExactlyTheCellsItServed() throws {
        let before = try run(corridor(), "")
        let after = try run(corridor(), "  - close_site: B\n")
        for (i, cell) in before.district.cells.enumerated() {
            let x = Double(cell.id.dropFirst()) ?? 0
            let servedByB = x > 1500
            let b = before.cellResults[i].nearestHallMinutes ?? .nan, a = after.cellResults[i].nearestHallMinutes ?? .nan
            if servedByB {
                #expect(a > b, "\(cell.id)")
                #expect(near(a, x * Self.minutesPerMeter), "\(cell.id): \(a)")
            } else {
                #expect(a == b, "\(cell.id)")
            }
        }
    }

    @Test func addSiteBringsAHallCloser() throws {
        var t = corridor()
        t.sites.removeLast()
        let after = try run(t, "  - add_site: {id: N, kind: hall, tier: street, windows: 2, hours: \"Mo-Fr 09:00-17:00\", at: [\(t.at(3000, 0).x), \(t.at(3000, 0).y)]}\n")
        let minutes = after.cellResults.map { $0.nearestHallMinutes ?? .nan }
        #expect(near(minutes[4], 500 * Self.minutesPerMeter))   // c2500: 500 m from the new hall
        #expect(minutes[5] < 0.01)                                      // c3000: at it
        #expect(after.summary.halls.halls == 2)
    }

    @Test func modifySiteWindowsHalvesUtilisation() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 200, handlingMinutes: 30)
        t.hall("A", x: 0, y: 0, windows: 4)
        t.cell("c", x: 500, y: 0, pop: 20_000)
        let before = try run(t, "")
        let after = try run(t, "  - modify_site: {id: A, windows: 8}\n")
        // 4,000 completions a year, 30 minutes each, over 5 × 8 h a week.
        let expected = 4_000.0 / 52 * 30 / (40 * 60) / 4
        #expect(abs(before.siteResults[0].utilisation - expected) < 1e-3)
        #expect(abs(after.siteResults[0].utilisation - expected / 2) < 1e-3)
    }

    @Test func addKiosksGivesKioskMinutes() throws {
        var t = corridor()
        t.items[0] = ServiceItem(id: "S1", name: "S1", perThousandPerYear: 10, minTier: .community, hall: true, kiosk: true, online: false,
                                 video: false, tripsHall: 1, tripsKiosk: 1, handlingMinutes: 10)
        let p = t.at(1000, 0)
        let after = try run(t, "  - add_kiosks: {at: [[\(p.x), \(p.y)]]}\n")
        #expect(after.cellResults[2].nearestKioskMinutes.map { $0 < 0.01 } == true)   // c1000 is at the kiosk
        #expect(near(after.cellResults[0].nearestKioskMinutes, 1000 * Self.minutesPerMeter))
        #expect(after.district.sites.last?.id == "K-new-1")
    }

    @Test func movingAnItemOnlineRemovesTheDigitalSegmentsTrips() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.cell("c", x: 1000, y: 0, pop: 1000, digital: 0.6)
        let before = try run(t, "")
        let after = try run(t, "  - online: {channel: web, add_services: [S1]}\n")
        #expect(abs(before.summary.district.tripsPerResidentYear - 0.01) < 1e-12)
        // 34.7 round-trip minutes against 15 minutes online: the digital 60 % go online.
        #expect(abs(after.summary.district.tripsPerResidentYear - 0.004) < 1e-12)
        #expect(abs(after.summary.district.shareOnline - 0.6) < 1e-12)
    }

    @Test func digitalAdoptionShiftsSharesByTheGroupsWeight() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.cell("c", x: 100, y: 0, pop: 100, elderly: 0.5, digital: 0.3)
        let after = try run(t, "  - digital_adoption: {group: elderly, set: 0.75}\n")
        // The district's elderly adoption goes from 0.35 to 0.75: half the cell gains 0.4.
        #expect(abs(after.district.cells[0].digitalShare - 0.5) < 1e-12)
    }

    @Test func growPopulationScalesOnlyInsideTheSubdistrict() throws {
        var t = corridor()
        t.subdistrict("W", -1000, -1000, 1500, 1000)
        t.subdistrict("E", 1500, -1000, 4000, 1000)
        let after = try run(t, "  - grow_population: {factor: 2, subdistrict: W}\n")
        #expect(after.district.cells.map(\.population) == [200, 200, 200, 100, 100, 100])
        #expect(after.summary.district.population == 900)
    }

    /// A business-start-like event: S1 always, then S2 and S3 in parallel for half the cases
    /// each. One hall 1 km away (34.67 visit minutes) and half the residents digital: they do
    /// S2 online (15 min), and so the bundle, which may go online because S2 may.
    func eventDistrict() -> TinyDistrict {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10, tripsHall: 2, documents: 3, days: 10)
        t.item("S2", perThousand: 5, tripsHall: 1, online: true, documents: 3, days: 4)
        t.item("S3", perThousand: 4, tripsHall: 1, documents: 1, days: 6)
        t.items[0].documentIds = ["a", "b", "form"]
        t.items[1].documentIds = ["a", "c", "form"]
        t.items[2].documentIds = ["d"]
        t.hall("A", x: 0, y: 0)
        t.cell("c", x: 1000, y: 0, pop: 1000, digital: 0.5)
        return t
    }

    static let event = """
          - bundle:
              id: B1
              name: 一件事
              events_per_1000_per_year: 4
              items: [{id: S1}, {id: S2, take_up: 0.5, after: [S1]}, {id: S3, take_up: 0.5, after: [S1]}]
              order: parallel
              waived_documents: [c]

        """

    @Test func aBundlesPerCaseFiguresByHand() throws {
        let after = try run(eventDistrict(), Self.event)
        let b = try #require(after.summary.bundles.first)
        #expect(after.summary.bundles.count == 1)
        #expect(b.items == ["S1", "S2", "S3"])
        #expect(abs(b.casesPerYear - 4) < 1e-12)  // 1,000 residents × 4 per 1,000
        // Before, separate counters: trips 2 + ½·1 + ½·1; papers 3 + ½·3 + ½·1; days 10 + ½·4 + ½·6.
        #expect(abs(b.tripsBefore - 3) < 1e-12)
        #expect(abs(b.documentsBefore - 5) < 1e-12)
        #expect(abs(b.daysBefore - 15) < 1e-12)
        // Today's choice: S2 is done online by the digital half, so its trips per completion are ½.
        #expect(abs((b.tripsBeforeTodayChoice ?? 0) - 2.75) < 1e-9)
        // After: one trip for the not-digital half, none online: ½.
        #expect(abs((b.tripsAfter ?? 0) - 0.5) < 1e-9)
        // Papers a, b, form once; c waived; d for half the cases (S3): 3.5.
        #expect(abs(b.documentsAfter - 3.5) < 1e-12)
        // Days: S1's 10, then the longer of S2 (4, half the cases) and S3 (6, half): 10 + ½·6 + ½·½·4.
        #expect(abs(b.daysAfter - 14) < 1e-12)
        let json = try String(contentsOfFile: after.outPath + "/summary.json", encoding: .utf8)
        #expect(json.contains("\"trips_before\": 3,\n"), "\(json)")
        #expect(json.contains("\"documents_after\": 3.5,\n"))
        let written = try JSONValue.read(path: after.outPath + "/summary.json")["bundles"]?.array?.first
        #expect(abs((written?["relative_change"]?["documents"]?.number ?? 0) - (3.5 / 5 - 1)) < 1e-12)
        #expect(abs((written?["today_choice"]?["trips_relative_change"]?.number ?? 0) - (0.5 / 2.75 - 1)) < 1e-12)
        // The catalogue keeps the items' standalone demand: 10 − 4, 5 − 2, 4 − 2, and the bundle's 4.
        #expect(after.district.services.map(\.perThousandPerYear) == [6, 3, 2, 4])
        // Trips per resident-year: S1 6 × 2 at the hall; S2 3 and the bundle 4 half at the hall; S3 2 × 1.
        #expect(abs(after.summary.district.tripsPerResidentYear - (12 + 1.5 + 2 + 2) / 1000) < 1e-9)
    }

    /// report.md lists the bundle; compare shows a run without it as separate counters.
    @Test func reportAndCompareShowTheBundlePerCase() throws {
        let before = try run(eventDistrict(), "")
        let after = try run(eventDistrict(), Self.event)
        let report = try String(contentsOfFile: after.outPath + "/report.md", encoding: .utf8)
        #expect(report.contains("| 一件事 (B1) | 4 | 3 → 0.5 (−83.3 %) | 5 → 3.5 (−30 %) | 15 → 14 (−6.7 %) | 2.75 → 0.5 (−81.8 %) |"), "\(report)")
        let root = try Paths.scratch(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: root) }
        let compared = try CompareCommand.run(runA: before.outPath, runB: after.outPath, out: root.appendingPathComponent("c").path)
        #expect(compared.markdown.contains("| 一件事 (B1) | trips per case | 3 (separate) | 0.5 | −2.5 | −83.3 % |"), "\(compared.markdown)")
        #expect(compared.markdown.contains("| 一件事 (B1) | papers per case | 5 (separate) | 3.5 | −1.5 | −30 % |"))
        let csv = try String(contentsOfFile: root.appendingPathComponent("c/compare.csv").path, encoding: .utf8)
        #expect(csv.contains("bundle B1 promised days per case,15,14,-1,-0.0667\n"), "\(csv)")
    }

    @Test func aTakeUpBeyondTheItemsDemandIsRefusedByItsLine() throws {
        let changes = Self.event.replacingOccurrences(of: "events_per_1000_per_year: 4", with: "events_per_1000_per_year: 12")
        #expect(throws: InputErrors.self) { try run(eventDistrict(), changes) }
        do { _ = try run(eventDistrict(), changes) } catch let e as InputErrors {
            #expect(e.description.hasSuffix("s.yaml:4: bundle: item S1: its standalone demand 10 − 12 events × take-up 1 = -2 per 1,000 a year is below zero; lower the take-up or the event rate, or raise the item's per_1000_per_year"), "\(e)")
        }
    }

    @Test func crossDistrictOpensTheNeighboursHalls() throws {
        var own = TinyDistrict()
        own.item("S1", perThousand: 10)
        own.hall("A", x: 3000, y: 0)
        own.cell("c", x: 0, y: 0, pop: 100)
        var neighbour = TinyDistrict()
        neighbour.settings.name = "Next"
        neighbour.item("S1", perThousand: 10)
        neighbour.hall("N", x: -200, y: 0)
        neighbour.cell("n", x: -300, y: 0, pop: 10)
        let alone = try run(own, "")
        let shared = try run(own, "  - cross_district: {with: [next], items: all}\n", extra: [("next", neighbour)])
        #expect(near(alone.cellResults[0].nearestHallMinutes, 3000 * Self.minutesPerMeter))
        #expect(near(shared.cellResults[0].nearestHallMinutes, 200 * Self.minutesPerMeter))
    }

    @Test func thresholdsAndModeChangeCoverageAndMinutes() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.cell("c", x: 2000, y: 0, pop: 100)   // 34.7 min walking
        let base = try run(t, "")
        let wider = try run(t, "  - thresholds: {hall: 40}\n")
        let biking = try run(t, "  - mode: bike\n")
        #expect(base.summary.district.hall.shareWithinThreshold == 0)
        #expect(wider.summary.district.hall.shareWithinThreshold == 1)
        #expect(near(biking.cellResults[0].nearestHallMinutes, 2000 * 1.3 / 250))
    }
}

extension ScenarioEffectTests {
    /// p-median with one new hall beside a fixed hall at 0 m: a candidate at 1.5 km leaves
    /// 0 + 500 + 500 + 300 + 1000 + 1500 = 3,800 person-metres × 100, one at 3 km leaves
    /// 0 + 500 + 1000 + 1200 + 500 + 0 = 3,200: the step must pick the one at 3 km.
    @Test func optimizeStepAddsTheHandCheckedBestSite() throws {
        var t = corridor()
        t.sites.removeLast()
        t.subdistrict("west", -100, -100, 2000, 100)
        t.subdistrict("east", 2000, -100, 3100, 100)
        let root = try Paths.scratch()
        let candidates = root.appendingPathComponent("cands.geojson")
        let writer = try GeoJSONWriter(path: candidates.path)
        try writer.write(geometry: .point(t.at(1500, 0)), properties: [("id", .string("mid"))])
        try writer.write(geometry: .point(t.at(3000, 0)), properties: [("id", .string("end"))])
        try writer.finish()
        _ = try t.write(to: root.appendingPathComponent("district"))
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\nchanges:\n  - optimize: {model: pmedian, kind: hall, p: 1, candidates: cands.geojson}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
        #expect(outcome.district.sites.map(\.id) == ["A", "OPT1-1"])
        #expect(outcome.summary.changes.first?.contains("OPT1-1 at candidate end") == true)
        #expect(outcome.cellResults[5].nearestHallMinutes.map { $0 < 0.01 } == true)
        // The report says where the new hall is: its coordinates and subdistrict.
        let report = try String(contentsOf: root.appendingPathComponent("out/report.md"), encoding: .utf8)
        let end = t.at(3000, 0)
        let lon = GeoJSONWriter.number((end.x * 1e6).rounded() / 1e6), lat = GeoJSONWriter.number((end.y * 1e6).rounded() / 1e6)
        #expect(report.contains("| OPT1-1 | hall (street) | \(lon) | \(lat) | east (east) |"), "\(report)")
    }
}

extension ScenarioEffectTests {
    /// The twin model on two clusters 6 km apart with hall A between them (3 km = 52 minutes
    /// from each) and candidates at the clusters. One online item (web, 15 minutes), one hall
    /// trip, 10 completions per 1,000 a year. West: 1,000 residents, half digital, no elderly;
    /// east: 500 elderly, none digital (no remote option).
    /// - a new hall west: west pays 0, east 500·0.01·W·(2·52) = 520·W (W = the weight of an
    ///   elderly not-digital resident, W_e + W_n − 1);
    /// - a new hall east: the digital half of west pays 5·min(15, 104) = 75, the other half
    ///   5·104 = 520, east 0: 595.
    /// p-median picks west (500·52 < 1,000·52); twin picks west at W = 1 (520 < 595) and east at
    /// `twin_weights: {elderly: 2}` (1,040 > 595).
    @Test func twinOptimizeStepWeighsTheNotDigitalElderly() throws {
        func district(elderlyWeight: Double) -> TinyDistrict {
            var t = TinyDistrict()
            t.settings.twinWeightElderly = elderlyWeight
            t.item("S1", perThousand: 10, online: true)
            t.hall("A", x: 3000, y: 0)
            t.cell("west", x: 0, y: 0, pop: 1000, elderly: 0, digital: 0.5)
            t.cell("east", x: 6000, y: 0, pop: 500, elderly: 1, digital: 0)
            return t
        }
        func optimize(_ t: TinyDistrict, model: String) throws -> (sites: [String], log: String) {
            let root = try Paths.scratch()
            let candidates = root.appendingPathComponent("cands.geojson")
            let writer = try GeoJSONWriter(path: candidates.path)
            try writer.write(geometry: .point(t.at(0, 0)), properties: [("id", .string("west"))])
            try writer.write(geometry: .point(t.at(6000, 0)), properties: [("id", .string("east"))])
            try writer.finish()
            _ = try t.write(to: root.appendingPathComponent("district"))
            let file = root.appendingPathComponent("s.yaml")
            try "name: s\ndistrict: district\nchanges:\n  - optimize: {model: \(model), kind: hall, tier: street, p: 1, candidates: cands.geojson}\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
            return (outcome.district.sites.map(\.id), outcome.summary.changes.first ?? "")
        }
        func objective(_ log: String) -> Double? {
            guard let range = log.range(of: "(objective ") else { return nil }
            return Double(log[range.upperBound...].prefix { "0123456789.".contains($0) })
        }
        let median = try optimize(district(elderlyWeight: 1), model: "pmedian")
        #expect(median.log.contains("OPT1-1 at candidate west"), "\(median.log)")
        let plain = try optimize(district(elderlyWeight: 1), model: "twin")
        #expect(plain.sites == ["A", "OPT1-1"])
        #expect(plain.log.contains("optimize twin placed 1 hall(s): OPT1-1 at candidate west"), "\(plain.log)")
        #expect(near(objective(plain.log), 520), "\(plain.log)")
        let weighted = try optimize(district(elderlyWeight: 2), model: "twin")
        #expect(weighted.log.contains("OPT1-1 at candidate east"), "\(weighted.log)")
        #expect(near(objective(weighted.log), 595), "\(weighted.log)")
    }
}

extension ScenarioEffectTests {
    /// A `travel_matrix.csv` in the district replaces straight lines: the minutes are the
    /// matrix's, a cell it does not list reaches nothing, and the report says where travel came from.
    @Test func anExternalMatrixReplacesTheTravelModel() throws {
        let root = try Paths.scratch()
        let folder = try corridor().write(to: root.appendingPathComponent("district"))
        try "origin,destination,minutes\nc0,A,7.5\nc0,B,50\nc500,A,12.25\nc1000,B,3\nc1800,B,4\nc2500,B,5\n"
            .write(to: folder.appendingPathComponent("travel_matrix.csv"), atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
        let minutes = outcome.cellResults.map(\.nearestHallMinutes)
        #expect(minutes[0] == 7.5 && minutes[1] == 12.25 && minutes[2] == 3 && minutes[3] == 4 && minutes[4] == 5)
        #expect(minutes[5] == nil)   // c3000 is not in the matrix
        #expect(outcome.summary.travel.hasPrefix("external matrix travel_matrix.csv (6 pairs)"))
        #expect(outcome.summary.warnings.contains("1 cell(s) have no pair in travel_matrix.csv"))
    }
}

extension ScenarioEffectTests {
    /// LSCP within 10 minutes (577 m) with hall A at 0 m and one candidate at 1,500 m: A covers
    /// c0 and c500, the candidate c1000 and c1800; c2500 and c3000 are beyond every site.
    @Test func lscpStepRefusesUncoverableCellsUnlessAllowed() throws {
        var t = corridor()
        t.sites.removeLast()
        t.subdistrict("west", -100, -100, 2000, 100)
        t.subdistrict("east", 2000, -100, 3100, 100)
        let root = try Paths.scratch()
        let candidates = root.appendingPathComponent("cands.geojson")
        let writer = try GeoJSONWriter(path: candidates.path)
        try writer.write(geometry: .point(t.at(1500, 0)), properties: [("id", .string("mid"))])
        try writer.finish()
        _ = try t.write(to: root.appendingPathComponent("district"))
        let file = root.appendingPathComponent("s.yaml")
        func scenario(_ extra: String) throws {
            try "name: s\ndistrict: district\nchanges:\n  - optimize: {model: lscp, kind: hall, radius_minutes: 10, candidates: cands.geojson\(extra)}\n"
                .write(to: file, atomically: true, encoding: .utf8)
        }
        try scenario("")
        #expect {
            try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
        } throws: { error in
            (error as? InputError)?.kind == .badData
                && "\(error)" == "\(file.path):4: optimize: lscp: 2 of 6 demand cells can be covered by no site within 10 minutes (ids: c2500, c3000), so no cover exists; add allow_uncovered: true to the step to cover the others"
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
        try scenario(", allow_uncovered: true")
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
        #expect(outcome.district.sites.map(\.id) == ["A", "OPT1-1"])
        let log = outcome.summary.changes.first ?? ""
        #expect(log.contains("optimize lscp placed 1 hall(s): OPT1-1 at candidate mid (objective 1, optimal"), "\(log)")
        #expect(log.contains("2 cell(s) with 200 residents left out: no site within 10 min"), "\(log)")
    }
}
