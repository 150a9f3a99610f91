import Foundation
import Model
import Testing
@testable import TwinSpace

/// Failed visits (来回跑), site inspections (现场勘查) and proactive items (反向办) by hand, on one
/// cell of 1,000 residents with a 24/7 hall 10 minutes away (a visit: 2 × 10 = 20 minutes).
@Suite struct ItemReformTests {
    /// The kernel's figures, after checking that the reference (`TwinChoice`) gives the same.
    func solved(_ input: TwinInput) throws -> TwinResult {
        let parameters = TwinParameters()
        let waits = [Double](repeating: 0, count: input.sites.count + input.channels.count)
        let buffer = CellBuffer(count: input.cells.count)
        _ = Prepared(input, parameters).evaluate(waits: waits, threads: 1, cells: buffer)
        #expect(buffer.array() == TwinChoice(input, parameters).evaluate(waits: waits).cells)
        return try TwinModel.solve(input, parameters: parameters)
    }

    func failing(_ item: ServiceItem, _ p: Double) -> ServiceItem {
        var failed = item
        failed.failedVisitProbability = p
        return failed
    }

    @Test func aHalfChanceOfAFailedVisitDoublesTripsAndTravel() throws {
        // 100 completions per 1,000 residents a year, one hall trip each: 0.1 trips and
        // 0.1 × 20 = 2 travel minutes per resident-year; at p = 0.5 every trip is made twice on
        // average (1 / (1 − 0.5)), so 0.2 and 4. The hall still completes 100 items a year.
        let planned = item("S1", tripsHall: 1)
        let travel = SparseTravel(rows: [[(0, 10)]])
        let before = try solved(TwinInput(cells: [cell("c")], items: [planned], sites: [try hall("H")], channels: [], travel: travel))
        let after = try solved(TwinInput(cells: [cell("c")], items: [failing(planned, 0.5)], sites: [try hall("H")],
                                         channels: [], travel: travel))
        #expect(abs(before.cells[0].tripsPerResidentYear - 0.1) < 1e-12)
        #expect(abs(after.cells[0].tripsPerResidentYear - 0.2) < 1e-12)
        #expect(abs(after.cells[0].travelMinutesPerResidentYear - 4) < 1e-12)
        #expect(abs(after.sites[0].completionsPerYear - 100) < 1e-9)
        // A remote completion's in-person trip (at the hall) doubles the same way: online costs
        // 15 + 2 × 20 = 55 minutes against the hall's 2 × 3 × 20 = 120.
        let remote = item("S2", online: true, tripsHall: 3, tripsOnline: 1)
        let digital = [cell("c", digital: 1)]
        let online = try solved(TwinInput(cells: digital, items: [failing(remote, 0.5)], sites: [try hall("H")],
                                          channels: [try web()], travel: travel))
        #expect(abs(online.cells[0].shareOnline - 1) < 1e-12)
        #expect(abs(online.cells[0].tripsPerResidentYear - 0.2) < 1e-12)
    }

    @Test func failedVisitsMoveResidentsOnline() throws {
        // Hall 1 trip of 20 min against 30 min online: the hall wins (20 < 30). With p = 0.5 the
        // hall costs 2 × 20 = 40 > 30 and the digital residents go online.
        let both = item("S1", online: true, tripsHall: 1)
        let input = { (item: ServiceItem) throws in
            TwinInput(cells: [cell("c", digital: 1)], items: [item], sites: [try hall("H")],
                      channels: [try web(effort: 30)], travel: SparseTravel(rows: [[(0, 10)]]))
        }
        #expect(abs(try solved(input(both)).cells[0].shareHall - 1) < 1e-12)
        let failed = try solved(input(failing(both, 0.5)))
        #expect(abs(failed.cells[0].shareOnline - 1) < 1e-12)
        #expect(failed.cells[0].tripsPerResidentYear == 0)
    }

    @Test func anInspectionAddsStaffMinutesAndDaysAndNoHallTrip() throws {
        // Online (15 min) beats two hall trips (40 min). A 现场勘查 of 120 staff minutes and 3
        // days: 0.1 × 120 = 12 staff minutes and 0.1 × (10 + 3) = 1.3 promised days per
        // resident-year, no trip, and the hall's windows see nothing of it.
        var inspected = item("S1", online: true, tripsHall: 2, handling: 10, days: 10)
        inspected.inspectionMinutes = 120
        inspected.inspectionDays = 3
        let travel = SparseTravel(rows: [[(0, 10)]])
        let online = try solved(TwinInput(cells: [cell("c", digital: 1)], items: [inspected], sites: [try hall("H")],
                                          channels: [try web()], travel: travel))
        let c = online.cells[0]
        #expect(abs(c.shareOnline - 1) < 1e-12 && c.tripsPerResidentYear == 0 && abs(c.zeroTripShare - 1) < 1e-12)
        #expect(abs(c.timeLimitDaysPerResidentYear - 1.3) < 1e-12)
        #expect(abs(c.inspectionStaffMinutesPerResidentYear - 12) < 1e-12)
        #expect(online.sites[0].completionsPerYear == 0)
        // Not digital: at the hall, whose windows handle 10 minutes per completion, not 130.
        let atHall = try solved(TwinInput(cells: [cell("c", digital: 0)], items: [inspected], sites: [try hall("H")],
                                          channels: [try web()], travel: travel))
        #expect(abs(atHall.sites[0].meanServiceMinutes - 10) < 1e-12)
        #expect(abs(atHall.cells[0].inspectionStaffMinutesPerResidentYear - 12) < 1e-12)
        // Only when the resident must attend at a hall does the online completion cost a trip:
        // 15 + 20 = 35 < 40, still online, 0.1 trips and 2 travel minutes per resident-year.
        inspected.inspectionAtHall = true
        let attend = try solved(TwinInput(cells: [cell("c", digital: 1)], items: [inspected], sites: [try hall("H")],
                                          channels: [try web()], travel: travel))
        #expect(abs(attend.cells[0].shareOnline - 1) < 1e-12)
        #expect(abs(attend.cells[0].tripsPerResidentYear - 0.1) < 1e-12)
        #expect(abs(attend.cells[0].travelMinutesPerResidentYear - 2) < 1e-12)
    }

    @Test func aProactiveItemNeedsNoApplication() throws {
        // Two items of 100 per 1,000: S2 is 反向办. Half the demand is completed unasked (no
        // channel, no trip, no documents); the hall does S1 only; the shares still sum to 1.
        var proactive = item("S2", tripsHall: 2, documents: 3)
        proactive.proactive = true
        let result = try solved(TwinInput(cells: [cell("c")], items: [item("S1", documents: 1), proactive],
                                          sites: [try hall("H")], channels: [], travel: SparseTravel(rows: [[(0, 10)]])))
        let c = result.cells[0]
        #expect(abs(c.shareNoApplication - 0.5) < 1e-12 && abs(c.shareHall - 0.5) < 1e-12)
        #expect(abs(c.zeroTripShare - 0.5) < 1e-12)
        #expect(abs(c.tripsPerResidentYear - 0.1) < 1e-12)
        #expect(abs(c.documentsPerResidentYear - 0.1) < 1e-12)
        #expect(abs(c.completionsPerYear - 200) < 1e-9)
        #expect(abs(result.sites[0].completionsPerYear - 100) < 1e-9)
    }

    @Test func aFailedVisitProbabilityOfOneIsRefused() throws {
        var impossible = item("S1")
        impossible.failedVisitProbability = 1
        #expect(throws: TwinSpaceError.self) {
            try TwinModel.solve(TwinInput(cells: [cell("c")], items: [impossible], sites: [try hall("H")], channels: [],
                                          travel: SparseTravel(rows: [[(0, 10)]])))
        }
    }

    @Test("kernel and reference agree on random districts with failed visits, inspections and proactive items")
    func kernelEqualsReferenceWithItemReforms() throws {
        for seed in UInt64(1)...100 {
            var district = try RandomDistrict(seed: seed)
            var g = SeededGenerator(seed: seed &+ 5000)
            district.input.items = district.input.items.map { item in
                var reformed = item
                if g.int(0...1) == 0 { reformed.failedVisitProbability = g.uniform(0...0.8) }
                if g.int(0...2) == 0 { reformed.inspectionMinutes = g.uniform(0...200); reformed.inspectionDays = Double(g.int(0...5)) }
                reformed.inspectionAtHall = g.int(0...3) == 0
                reformed.proactive = g.int(0...5) == 0
                return reformed
            }
            try TwinModel.validate(district.input, district.parameters)
            let waits = district.waits(seed: seed &+ 1000)
            let buffer = CellBuffer(count: district.input.cells.count)
            let fast = Prepared(district.input, district.parameters).evaluate(waits: waits, threads: 2, cells: buffer)
            let reference = TwinChoice(district.input, district.parameters).evaluate(waits: waits)
            let logit = district.parameters.logitScalePerMinute != nil
            #expect(buffer.array() == reference.cells, "seed \(seed)")
            #expect(ReferenceChoiceTests.loadsAgree(fast.siteCompletions, reference.loads.siteCompletions, logit: logit), "seed \(seed)")
            #expect(fast.channelCompletions == reference.loads.channelCompletions, "seed \(seed)")
        }
    }
}
