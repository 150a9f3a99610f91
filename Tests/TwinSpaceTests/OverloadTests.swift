import Model
import Testing
@testable import TwinSpace

/// Demand an overloaded site cannot serve, given to the cells that send it (issue 12, point 6).
@Suite struct OverloadTests {
    /// Hall A (1 window, 24/7, 10-minute handling: 32 850 completions a year) and hall B (10
    /// windows). S1 (1 per resident-year) is done at halls; S2 (1 per resident-year) only
    /// online, which no resident here can use: a gap for everyone, so completions per
    /// resident-year are 2. x1 (30 000 residents) reaches only A, 5 min; x3 (10 000) only A,
    /// 40 min, beyond the 30-min threshold (S1 is already a gap there); y (20 000) reaches A in
    /// 5 and B in 20 min.
    static func district(windowsAtA: Int) throws -> TwinInput {
        let items = [item("S1", perThousand: 1000, handling: 10), item("S2", perThousand: 1000, hall: false, online: true)]
        return TwinInput(cells: [cell("x1", pop: 30000), cell("x3", pop: 10000), cell("y", pop: 20000)], items: items,
                         sites: [try hall("A", windows: windowsAtA), try hall("B", windows: 10)], channels: [try web()],
                         travel: SparseTravel(rows: [[(0, 5)], [(0, 40)], [(0, 5), (1, 20)]]))
    }

    @Test func theCellsOfAnOverloadedHallCarryItsUnservedShareAndTheGapGrowsByHand() throws {
        let result = try TwinModel.solve(try Self.district(windowsAtA: 1))
        // y leaves A (10 + 480 min) for B (40 min + B's wait): its demand goes to the next option.
        // A keeps x1's and x3's 40 000 completions: 40 000 − 32 850 = 7 150 it cannot serve.
        #expect(result.convergence.converged)
        #expect(result.sites[0].overloaded && abs(result.sites[0].completionsPerYear - 40000) < 1e-6)
        #expect(abs(result.sites[0].unservedCompletionsPerYear - 7150) < 1e-6)
        let x1 = result.cells[0], x3 = result.cells[1], y = result.cells[2]
        // In proportion to what each sends to A: 30/40 and 10/40 of 7 150.
        #expect(abs(x1.overloadUnservedCompletionsPerYear - 5362.5) < 1e-6)
        #expect(abs(x3.overloadUnservedCompletionsPerYear - 1787.5) < 1e-6)
        #expect(y.overloadUnservedCompletionsPerYear == 0 && y.overloadResidents == 0)
        // Residents: completions ÷ 2 completions per resident-year.
        #expect(abs(x1.overloadResidents - 2681.25) < 1e-6)
        #expect(abs(x3.overloadResidents - 893.75) < 1e-6)
        // The gap: S2 is a gap for all (half the demand: pop / 2); x1 adds its overload residents;
        // x3's S1 is already a gap (A beyond the threshold), counted once: its whole 10 000.
        #expect(abs(x1.gapPopulation - (15000 + 2681.25)) < 1e-6 && abs(x1.overloadGapPopulation - 2681.25) < 1e-6)
        #expect(abs(x1.gapNotDigital - (15000 + 2681.25)) < 1e-6 && x1.gapElderly == 0)
        #expect(abs(x3.gapPopulation - 10000) < 1e-6 && x3.overloadGapPopulation == 0)
        #expect(abs(y.gapPopulation - 10000) < 1e-6)
        // Nothing hidden: all of A's unserved completions are in the cells.
        #expect(abs(result.overload.residentsCompletionsPerYear - 7150) < 1e-6)
        #expect(result.overload.unattributedCompletionsPerYear == 0 && result.overload.establishmentsCompletionsPerYear == 0)
    }

    @Test func withoutOverloadNothingIsGivenToCells() throws {
        // Two windows at A (65 700 a year): no site overloaded, the cells' figures as before.
        let result = try TwinModel.solve(try Self.district(windowsAtA: 2))
        #expect(!result.sites.contains { $0.overloaded || $0.unservedCompletionsPerYear > 0 })
        #expect(result.cells.allSatisfy { $0.overloadUnservedCompletionsPerYear == 0 && $0.overloadGapPopulation == 0 })
        #expect(result.cells.map(\.gapPopulation) == [15000, 10000, 10000])
        #expect(result.overload == TwinOverloadShares())
    }

    @Test func elderlyAndDigitalResidentsCarryTheirSegmentsShare() throws {
        // x1 with 40 % digital residents (S2 online: no gap for them) and 25 % elderly, all of
        // them not digital: S1's overload falls on both segments alike, 2 681.25 residents in
        // all; the gap counts them in both segments, the elderly 0.25 / 0.6 of the not digital's.
        var input = try Self.district(windowsAtA: 1)
        input.cells[0] = cell("x1", pop: 30000, elderly: 0.25, digital: 0.4)
        let result = try TwinModel.solve(input)
        let x1 = result.cells[0]
        #expect(abs(result.sites[0].unservedCompletionsPerYear - 7150) < 1e-6)
        #expect(abs(x1.overloadResidents - 2681.25) < 1e-6)
        // Before overload: S2 is a gap for the 18 000 not digital, half their demand: 9 000.
        #expect(abs(x1.gapPopulation - (9000 + 2681.25)) < 1e-6)
        #expect(abs(x1.gapNotDigital - (9000 + 0.6 * 2681.25)) < 1e-6)
        #expect(abs(x1.gapElderly - (7500.0 / 2 + 0.25 / 0.6 * 0.6 * 2681.25)) < 1e-6)
    }

    @Test func establishmentsKeepTheirPartOutOfTheCells() throws {
        // 10 000 establishments in x1 asking S1 once a year each: A gets 50 000, of which
        // 17 150 unserved; x1's residents send 30 000, x3's 10 000, the establishments 10 000.
        var input = try Self.district(windowsAtA: 1)
        input.items[0].perEstablishmentPerYear = 1
        input.cells[0].establishments = 10000
        let result = try TwinModel.solve(input)
        #expect(abs(result.sites[0].unservedCompletionsPerYear - 17150) < 1e-6)
        #expect(abs(result.cells[0].overloadUnservedCompletionsPerYear - 17150 * 0.6) < 1e-6)
        #expect(abs(result.overload.establishmentsCompletionsPerYear - 17150 * 0.2) < 1e-6)
        #expect(abs(result.overload.residentsCompletionsPerYear - 17150 * 0.8) < 1e-6)
        let residents = result.demandGroups.first { $0.id == "residents" }
        #expect(abs((residents?.gapPopulation ?? 0) - (35000 + 17150 * 0.6 / 2)) < 1e-6)
    }

    @Test("the plain per-cell sends equal the reference choice's on 300 random districts, at random waits")
    func sendsEqualTheReference() throws {
        var sending = 0
        for seed in UInt64(1)...300 {
            let district = try RandomDistrict(seed: seed)
            let waits = district.waits(seed: seed &+ 2000)
            let model = Prepared(district.input, district.parameters)
            let reference = TwinChoice(district.input, district.parameters)
            let video = model.bestVideo(waits: waits)
            let logit = district.parameters.logitScalePerMinute != nil
            for c in district.input.cells.indices {
                let fast = model.siteSends(cell: c, waits: waits, video: video)
                let plain = reference.siteSends(cell: c, waits: waits)
                #expect(fast.count == plain.count, "seed \(seed) cell \(c)")
                for (a, b) in zip(fast, plain) {
                    let same = a.site == b.site && a.item == b.item && a.segment == b.segment && a.gap == b.gap
                    let close = logit ? abs(a.completions - b.completions) <= 1e-12 * max(abs(a.completions), abs(b.completions))
                                      : a.completions == b.completions
                    #expect(same && close, "seed \(seed) cell \(c): \(a) vs \(b)")
                }
                if fast.contains(where: { $0.completions > 0 }) { sending += 1 }
            }
        }
        #expect(sending > 1000)
    }

    @Test("kernel and reference give the same overload to the same cells over whole solves")
    func overloadInCellsEqualsTheReference() throws {
        var overloaded = 0
        for seed in UInt64(301)...500 {
            var district = try RandomDistrict(seed: seed)
            district.parameters.logitScalePerMinute = nil
            let fast = try TwinModel.solve(district.input, parameters: district.parameters)
            let reference = try TwinModel.solveReference(district.input, parameters: district.parameters)
            #expect(fast.cells == reference.cells && fast.overload == reference.overload, "seed \(seed)")
            if fast.cells.contains(where: { $0.overloadUnservedCompletionsPerYear > 0 }) {
                overloaded += 1
                // What the cells carry plus the rest adds up to the sites' unserved completions.
                let sites = fast.sites.reduce(0) { $0 + $1.unservedCompletionsPerYear }
                let given = fast.overload.residentsCompletionsPerYear + fast.overload.unattributedCompletionsPerYear
                #expect(abs(sites - given) <= 1e-9 * sites, "seed \(seed)")
            }
        }
        #expect(overloaded > 20, "\(overloaded) districts with overload in cells")
    }
}
