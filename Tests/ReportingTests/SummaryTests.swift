import Model
import Testing
@testable import Reporting
@testable import TwinSpace

@Suite struct SummaryTests {
    func result(hall: Double?, trips: Double, travel: Double, completions: Double, online: Double, gap: Double) -> TwinCellResult {
        TwinCellResult(nearestHallMinutes: hall, nearestKioskMinutes: nil, coveredHall: (hall ?? 99) <= 30, coveredKiosk: false,
                       completionsPerYear: completions, shareHall: 1 - online, shareKiosk: 0, shareOnline: online, shareVideo: 0,
                       unservedShare: 0, tripsPerResidentYear: trips, travelMinutesPerResidentYear: travel,
                       costMinutesPerResidentYear: travel, documentsPerResidentYear: 0, timeLimitDaysPerResidentYear: 0,
                       zeroTripShare: online, gapPopulation: gap, gapElderly: 0, gapNotDigital: gap)
    }

    /// Three cells of 100, 300 and 600 residents at 10, 20 and 40 minutes (one unreachable cell
    /// of 50 apart): mean (1,000 + 6,000 + 24,000) / 1,000 = 31 min over the reachable 1,000, median 40 (the 600 hold the middle),
    /// 40 % within 30 min of the reachable and unreachable included in the population.
    @Test func populationWeightedFiguresByHand() {
        let cells = [100.0, 300, 600, 50].enumerated().map { n, pop in
            Cell(id: "c\(n)", area: nil, centroid: XY(0, 0), population: pop, elderlyShare: 0, digitalShare: 0)
        }
        let results = [result(hall: 10, trips: 0.1, travel: 2, completions: 10, online: 0.5, gap: 0),
                       result(hall: 20, trips: 0.2, travel: 8, completions: 30, online: 0.5, gap: 0),
                       result(hall: 40, trips: 0.3, travel: 24, completions: 60, online: 0, gap: 600),
                       result(hall: nil, trips: 0, travel: 0, completions: 5, online: 0, gap: 50)]
        let a = Summaries.area(id: "d", name: "D", members: [0, 1, 2, 3], cells: cells, results: results,
                               hallThresholdMinutes: 30, kioskThresholdMinutes: 15)
        #expect(a.population == 1050)
        #expect(abs((a.hall.mean ?? .nan) - 31) < 1e-12)
        #expect(a.hall.median == 40)
        #expect(abs(a.hall.shareWithinThreshold - 400.0 / 1050) < 1e-12)
        #expect(a.hall.unreachablePopulation == 50)
        // Trips: (100·0.1 + 300·0.2 + 600·0.3) / 1050; online share over completions (5 + 15) / 105.
        #expect(abs(a.tripsPerResidentYear - 250.0 / 1050) < 1e-12)
        #expect(abs(a.shareOnline - 20.0 / 105) < 1e-12)
        #expect(a.gapPopulation == 650)
        // Travel burden (100·2 + 300·8 + 600·24) / 1050 against cell c0 alone (2 min).
        #expect(Summaries.worstToBest([a, Summaries.area(id: "e", name: "E", members: [0], cells: cells, results: results,
                                                          hallThresholdMinutes: 30, kioskThresholdMinutes: 15)]).map { abs($0 - (17000.0 / 1050) / 2) < 1e-12 } == true)
    }

    /// The assisted share is completion-weighted like the others and reaches summary.json's
    /// `channel_shares` and summary.csv's `share_assisted`: cells of 10 and 30 completions, all
    /// and a quarter handed in: (10 + 7.5) / 40 = 0.4375.
    @Test func assistedShareByHand() throws {
        let cells = [100.0, 300].enumerated().map { n, pop in
            Cell(id: "c\(n)", area: nil, centroid: XY(0, 0), population: pop, elderlyShare: 0, digitalShare: 0)
        }
        var results = [result(hall: 10, trips: 0.1, travel: 2, completions: 10, online: 0, gap: 0),
                       result(hall: 10, trips: 0.1, travel: 2, completions: 30, online: 0, gap: 0)]
        results[0].shareHall = 0; results[0].shareAssisted = 1
        results[1].shareHall = 0.75; results[1].shareAssisted = 0.25
        let a = Summaries.area(id: "d", name: "D", members: [0, 1], cells: cells, results: results,
                               hallThresholdMinutes: 30, kioskThresholdMinutes: 15)
        #expect(a.shareAssisted == 0.4375 && a.shareHall == 22.5 / 40)
        let json = SummaryWriters.area(a).text().filter { !$0.isWhitespace }
        #expect(json.contains("\"video\":0,\"assisted\":0.4375,\"unserved\":0"), "\(json)")
        #expect(SummaryWriters.csvColumns.contains("share_assisted"))
    }
}
