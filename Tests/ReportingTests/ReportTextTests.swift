import Model
import Testing
@testable import Reporting
@testable import TwinSpace

/// `report.md` read as a planner reads it: tables that say what they list, the convergence
/// message explained, where optimize placed its sites, a glossary of its figures.
@Suite struct ReportTextTests {
    /// A run of one cell and `halls` halls, hall k at utilisation k / 100.
    func report(halls: Int, convergence: TwinConvergence, placements: [SitePlacement] = []) -> String {
        let cell = Cell(id: "c", area: nil, centroid: XY(0, 0), population: 100, elderlyShare: 0.1, digitalShare: 0.5)
        let result = TwinCellResult(nearestHallMinutes: 10, nearestKioskMinutes: nil, coveredHall: true, coveredKiosk: false,
                                    completionsPerYear: 50, shareHall: 1, shareKiosk: 0, shareOnline: 0, shareVideo: 0,
                                    unservedShare: 0, tripsPerResidentYear: 0.5, travelMinutesPerResidentYear: 10,
                                    costMinutesPerResidentYear: 10, documentsPerResidentYear: 1, timeLimitDaysPerResidentYear: 3,
                                    zeroTripShare: 0, gapPopulation: 0, gapElderly: 0, gapNotDigital: 0)
        let area = Summaries.area(id: "district", name: "D", members: [0], cells: [cell], results: [result],
                                  hallThresholdMinutes: 30, kioskThresholdMinutes: 15)
        let sites = (1...halls).map { k in
            Site(id: "H\(k)", name: "Hall \(k)", kind: .hall, tier: .street, windows: 2, hours: .alwaysOpen, services: nil, location: XY(0, 0))
        }
        let siteResults = (1...halls).map { k in
            TwinSiteResult(available: true, openMinutesPerWeek: 2400, completionsPerYear: 100, meanServiceMinutes: 20,
                           utilisation: Double(k) / 100, waitProbability: 0, waitMinutes: 1, overloaded: false)
        }
        var summary = RunSummary(scenario: "s", districtName: "D", hallThresholdMinutes: 30, kioskThresholdMinutes: 15, travel: "walk",
                                 district: area, subdistricts: [], halls: Summaries.halls(sites: sites, results: siteResults),
                                 worstToBestTravelRatio: nil, convergence: convergence, unreachableCells: 0, changes: [], warnings: [])
        summary.placements = placements
        return SummaryWriters.markdown(summary, sites: sites, siteResults: siteResults)
    }

    static let converged = TwinConvergence(converged: true, iterations: 4, lastMaxChangeMinutes: 0.04)
    static let unsettled = TwinConvergence(converged: false, iterations: 50, lastMaxChangeMinutes: 2.3)

    @Test func hallsTableSaysWhatItLists() {
        let many = report(halls: 12, convergence: Self.converged)
        #expect(many.contains("The 10 halls with the highest utilisation:\n\n| hall |"))
        // Highest first: hall 12 (12 %) opens the table, hall 2 is not in it.
        #expect(many.contains("| Hall 12 (H12) | street | 2 | 100 | 12 % |"))
        #expect(!many.contains("(H2)"))
        #expect(report(halls: 3, convergence: Self.converged).contains("All 3 halls, highest utilisation first:\n\n| hall |"))
    }

    @Test func convergenceIsExplained() {
        let ok = report(halls: 1, convergence: Self.converged)
        #expect(ok.contains("Queue waits **converged** after 4 evaluation(s) (last change 0.04 min)."))
        #expect(ok.contains("the run repeats choice and queues, averaging the choices (later ones weigh more), until no wait moves by more than 0.1 min"))
        let unsettled = report(halls: 1, convergence: Self.unsettled)
        #expect(unsettled.contains("Queue waits **did not converge** within 50 evaluations (last change 2.3 min)."))
        #expect(unsettled.contains("The figures are those of the averaged choices so far: waits, and the choices between halls that depend on them, were still moving by up to 2.3 min a step and may be further than that from the equilibrium (most at queues near saturation"))
    }

    @Test func placementsGiveCoordinatesAndSubdistrict() {
        let placed = [SitePlacement(id: "OPT1-1", kind: .hall, tier: .street, location: XY(113.963, 22.552), subdistrictId: "JD03", subdistrictName: "东湖街道"),
                      SitePlacement(id: "OPT2-1", kind: .kiosk, tier: nil, location: XY(1.5212345, 42.5), subdistrictId: nil, subdistrictName: nil)]
        let text = report(halls: 1, convergence: Self.converged, placements: placed)
        #expect(text.contains("## Sites placed by optimize\n\nThe 2 site(s) the scenario's optimize steps added, where they are (WGS 84):"))
        #expect(text.contains("| OPT1-1 | hall (street) | 113.963 | 22.552 | 东湖街道 (JD03) |"), "\(text)")
        #expect(text.contains("| OPT2-1 | kiosk | 1.521235 | 42.5 | in no subdistrict |"))
        #expect(!report(halls: 1, convergence: Self.converged).contains("Sites placed by optimize"))
    }

    @Test func glossaryNamesTheFiguresPlannersAsk() {
        let text = report(halls: 1, convergence: Self.converged)
        #expect(text.contains("\n## Glossary\n"))
        for term in ["**Promised days**: the time limit the catalogue promises for each item",
                     "**Travel burden Gini**: inequality of travel minutes per resident-year between residents",
                     "**Travel burden Theil**: the same inequality as an entropy index",
                     "**Zero-trip share**: the share of completions that need no trip at all"] {
            #expect(text.contains(term), "\(term)")
        }
    }
}
