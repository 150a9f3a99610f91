import Foundation
import Model
import Testing
@testable import TwinSpace

// Tiny districts built by hand. Halls open 24/7 serve 7 × 15 h = 6300 minutes a week inside the
// default 07:00–22:00 activity window; one window with 10-minute handling then completes
// 6300 × (365/7) / 10 = 32 850 items a year at utilisation 1.

func item(_ id: String, perThousand: Double = 100, minTier: Tier = .community, hall: Bool = true,
          kiosk: Bool = false, online: Bool = false, video: Bool = false, tripsHall: Double = 1,
          tripsKiosk: Double = 1, tripsOnline: Double = 0, handling: Double = 0,
          documents: Double = 0, days: Double = 0, consult: Double = 0) -> ServiceItem {
    ServiceItem(id: id, name: id, perThousandPerYear: perThousand, minTier: minTier, hall: hall,
                kiosk: kiosk, online: online, video: video, tripsHall: tripsHall, tripsKiosk: tripsKiosk,
                tripsOnline: tripsOnline, handlingMinutes: handling, documents: documents,
                timeLimitDays: days, consultPerCompletion: consult)
}

func hall(_ id: String, tier: Tier = .district, windows: Int = 1, hours: String = "24/7",
          services: [String]? = nil) throws -> Site {
    Site(id: id, name: id, kind: .hall, tier: tier, windows: windows,
         hours: try OpeningHours(parsing: hours), services: services, location: XY(0, 0))
}

func kiosk(_ id: String, hours: String = "24/7") throws -> Site {
    Site(id: id, name: id, kind: .kiosk, tier: nil, windows: 1,
         hours: try OpeningHours(parsing: hours), services: nil, location: XY(0, 0))
}

func cell(_ id: String, pop: Double = 1000, elderly: Double = 0, digital: Double = 0) -> Cell {
    Cell(id: id, area: nil, centroid: XY(0, 0), population: pop, elderlyShare: elderly, digitalShare: digital)
}

func web(effort: Double = 15, hours: String = "24/7") throws -> Channel {
    Channel(id: "web", kind: .online, hours: try OpeningHours(parsing: hours), services: .allOnline,
            effortMinutes: effort, agents: 0, seats: 0, handlingMinutes: 0)
}

@Suite struct TwinSpaceChoiceTests {
    @Test func residentsWhoCannotGoOnlineKeepTheirGapWhenTheItemMovesOnline() throws {
        // One hall 40 min away, beyond the 30 min threshold. Cell a: 30 % elderly, 60 % digital;
        // cell b: 50 % elderly, 70 % digital, so its not-digital 30 % are all elderly and 20 % of
        // its residents are elderly and digital.
        let cells = [cell("a", pop: 1000, elderly: 0.3, digital: 0.6), cell("b", pop: 2000, elderly: 0.5, digital: 0.7)]
        let travel = SparseTravel(rows: [[(0, 40)], [(0, 40)]])
        let sites = [try hall("H")]
        let before = try TwinModel.solve(TwinInput(cells: cells, items: [item("S1")], sites: sites,
                                                   channels: [try web()], travel: travel))
        // Not online yet: everyone has a gap.
        #expect(abs(before.cells[0].gapPopulation - 1000) < 1e-9)
        #expect(abs(before.cells[0].gapElderly - 300) < 1e-9)
        #expect(abs(before.cells[0].gapNotDigital - 400) < 1e-9)
        #expect(abs(before.cells[1].gapElderly - 1000) < 1e-9)
        #expect(before.cells[0].coveredHall == false && before.cells[0].nearestHallMinutes == 40)

        let after = try TwinModel.solve(TwinInput(cells: cells, items: [item("S1", online: true)], sites: sites,
                                                  channels: [try web()], travel: travel))
        let a = after.cells[0], b = after.cells[1]
        // The digital segment's gap closes; the not-digital one stays.
        #expect(abs(a.gapPopulation - 400) < 1e-9)
        #expect(abs(a.gapNotDigital - 400) < 1e-9)
        #expect(abs(a.gapElderly - 300) < 1e-9)          // min(0.3, 0.4) = all elderly are not digital
        #expect(abs(b.gapPopulation - 600) < 1e-9)
        #expect(abs(b.gapElderly - 600) < 1e-9)          // 0.3 of 0.5 elderly are not digital
        // Digital residents choose the web (15 min) over the hall (2 × 40 min).
        #expect(abs(a.shareOnline - 0.6) < 1e-12 && abs(a.shareHall - 0.4) < 1e-12)
        // Trips: 0.4 × 0.1 per resident-year, each an 80 min round trip.
        #expect(abs(a.tripsPerResidentYear - 0.04) < 1e-12)
        #expect(abs(a.travelMinutesPerResidentYear - 3.2) < 1e-12)
        #expect(abs(a.zeroTripShare - 0.6) < 1e-12)
        #expect(abs(after.channels[0].completionsPerYear - (1000 * 0.6 + 2000 * 0.7) * 0.1) < 1e-9)
    }

    @Test func anItemAStreetCentreCannotHandleSendsResidentsToTheDistrictHall() throws {
        // Street centre 5 min away, district hall 20 min away; S-street any hall handles,
        // S-district needs a district hall (min_tier district).
        let items = [item("S-street", perThousand: 100, minTier: .street),
                     item("S-district", perThousand: 50, minTier: .district)]
        let sites = [try hall("street", tier: .street), try hall("district", tier: .district)]
        let result = try TwinModel.solve(TwinInput(cells: [cell("c", pop: 1000)], items: items, sites: sites,
                                                   channels: [], travel: SparseTravel(rows: [[(0, 5), (1, 20)]])))
        #expect(result.capabilityGroups == 2)
        #expect(abs(result.sites[0].completionsPerYear - 100) < 1e-9)
        #expect(abs(result.sites[1].completionsPerYear - 50) < 1e-9)
        let c = result.cells[0]
        #expect(c.nearestHallMinutes == 5 && c.coveredHall)
        #expect(abs(c.shareHall - 1) < 1e-12)
        // 0.1 trips of 10 min and 0.05 trips of 40 min per resident-year.
        #expect(abs(c.tripsPerResidentYear - 0.15) < 1e-12)
        #expect(abs(c.travelMinutesPerResidentYear - 3) < 1e-12)
        #expect(c.gapPopulation == 0)

        // With the district hall 45 min away the district item becomes a gap (1/3 of demand).
        let far = try TwinModel.solve(TwinInput(cells: [cell("c", pop: 1000)], items: items, sites: sites,
                                                channels: [], travel: SparseTravel(rows: [[(0, 5), (1, 45)]])))
        #expect(abs(far.cells[0].gapPopulation - 1000.0 / 3.0) < 1e-9)
    }

    @Test func closingHoursOutsideTheActivityWindowMakeAKioskUnavailable() throws {
        // The kiosk (2 min) beats the hall (10 min) when open; open only 23:00–06:00 it never
        // overlaps 07:00–22:00 and residents go to the hall.
        let items = [item("S1", kiosk: true)]
        let travel = SparseTravel(rows: [[(0, 10), (1, 2)]])
        let open = try TwinModel.solve(TwinInput(cells: [cell("c")], items: items,
                                                 sites: [try hall("H"), try kiosk("K")], channels: [], travel: travel))
        #expect(abs(open.cells[0].shareKiosk - 1) < 1e-12 && open.cells[0].nearestKioskMinutes == 2)
        #expect(open.cells[0].coveredKiosk)

        let night = try TwinModel.solve(TwinInput(cells: [cell("c")], items: items,
                                                  sites: [try hall("H"), try kiosk("K", hours: "23:00-06:00")],
                                                  channels: [], travel: travel))
        #expect(night.sites[1].available == false && night.sites[1].openMinutesPerWeek == 0)
        #expect(abs(night.cells[0].shareHall - 1) < 1e-12 && night.cells[0].shareKiosk == 0)
        #expect(night.cells[0].nearestKioskMinutes == nil && !night.cells[0].coveredKiosk)
        #expect(abs(night.sites[0].completionsPerYear - 100) < 1e-9)

        // The same rule for channels: a web channel open only at night completes nothing.
        let digital = [cell("c", digital: 1)]
        let online = [item("S1", online: true)]
        let nightWeb = try TwinModel.solve(TwinInput(cells: digital, items: online, sites: [try hall("H")],
                                                     channels: [try web(hours: "Mo-Su 00:00-06:30")],
                                                     travel: SparseTravel(rows: [[(0, 10)]])))
        #expect(nightWeb.channels[0].available == false)
        #expect(nightWeb.cells[0].shareOnline == 0 && abs(nightWeb.cells[0].shareHall - 1) < 1e-12)
    }

    @Test func aSiteInspectionItemKeepsItsTripWhenDoneOnline() throws {
        // 现场勘查: online (15 min effort) still needs one trip to the hall 10 min away; at the
        // hall it needs two. Online: 15 + 20 = 35 < 2 × 20 = 40.
        let items = [item("inspect", perThousand: 100, online: true, tripsHall: 2, tripsOnline: 1),
                     item("plain", perThousand: 100, online: true, tripsHall: 2)]
        let result = try TwinModel.solve(TwinInput(cells: [cell("c", digital: 1)], items: items, sites: [try hall("H")],
                                                   channels: [try web()], travel: SparseTravel(rows: [[(0, 10)]])))
        let c = result.cells[0]
        #expect(abs(c.shareOnline - 1) < 1e-12)
        #expect(abs(c.tripsPerResidentYear - 0.1) < 1e-12)           // only the inspection's trip
        #expect(abs(c.travelMinutesPerResidentYear - 2) < 1e-12)      // 0.1 × 20 min
        #expect(abs(c.zeroTripShare - 0.5) < 1e-12)
        #expect(abs(c.costMinutesPerResidentYear - (0.1 * 35 + 0.1 * 15)) < 1e-12)
        // Online completions do not load the hall's windows.
        #expect(result.sites[0].completionsPerYear == 0)

        // With the hall 40 min away (beyond 30) the inspection item stays a gap even online.
        let far = try TwinModel.solve(TwinInput(cells: [cell("c", digital: 1)], items: items, sites: [try hall("H")],
                                                channels: [try web()], travel: SparseTravel(rows: [[(0, 40)]])))
        #expect(abs(far.cells[0].gapPopulation - 500) < 1e-9)
    }

    @Test func logitSplitFollowsTheExpFormula() throws {
        // Hall H1 10 min (cost 20), hall H2 15 min (cost 30), kiosk 5 min (cost 10), web 15 min;
        // θ = 0.1 per minute: every site is an option of its own.
        let items = [item("S1", kiosk: true, online: true)]
        let input = TwinInput(cells: [cell("c", digital: 1)], items: items,
                              sites: [try hall("H1"), try kiosk("K"), try hall("H2")],
                              channels: [try web()], travel: SparseTravel(rows: [[(0, 10), (1, 5), (2, 15)]]))
        let result = try TwinModel.solve(input, parameters: TwinParameters(logitScalePerMinute: 0.1))
        let e1 = exp(-0.1 * 20), e2 = exp(-0.1 * 30), ek = exp(-0.1 * 10), eo = exp(-0.1 * 15)
        let total = e1 + e2 + ek + eo
        let c = result.cells[0]
        #expect(abs(c.shareHall - (e1 + e2) / total) < 1e-12)
        #expect(abs(c.shareKiosk - ek / total) < 1e-12)
        #expect(abs(c.shareOnline - eo / total) < 1e-12)
        #expect(abs(result.sites[0].completionsPerYear - 100 * e1 / total) < 1e-9)
        #expect(abs(result.sites[2].completionsPerYear - 100 * e2 / total) < 1e-9)
        #expect(abs(result.sites[1].completionsPerYear - 100 * ek / total) < 1e-9)
        // Expected travel per resident-year: 0.1 completions × Σ share × round trip.
        let travel = 0.1 * (e1 * 20 + e2 * 30 + ek * 10) / total
        #expect(abs(c.travelMinutesPerResidentYear - travel) < 1e-12)
        #expect(abs(c.costMinutesPerResidentYear - (travel + 0.1 * eo * 15 / total)) < 1e-12)
        // Without θ the kiosk takes everything.
        #expect(abs(try TwinModel.solve(input).cells[0].shareKiosk - 1) < 1e-12)
    }

    @Test func tiesGoToTheEarlierKindAndTheLowerSite() throws {
        // Hall and kiosk both cost 20; two halls at the same distance.
        let items = [item("S1", kiosk: true)]
        let result = try TwinModel.solve(TwinInput(cells: [cell("c")], items: items,
                                                   sites: [try kiosk("K"), try hall("H1"), try hall("H2")], channels: [],
                                                   travel: SparseTravel(rows: [[(2, 10), (0, 10), (1, 10)]])))
        #expect(abs(result.cells[0].shareHall - 1) < 1e-12)
        #expect(abs(result.sites[1].completionsPerYear - 100) < 1e-9 && result.sites[2].completionsPerYear == 0)
        #expect(result.sites[0].completionsPerYear == 0)
    }

    @Test func crossDistrictOpensHallsOfOtherDistricts() throws {
        // The own district's hall is 40 min away, the neighbour's 10 min.
        let input = TwinInput(cells: [cell("c")], items: [item("S1")], sites: [try hall("own"), try hall("other")],
                              channels: [], travel: SparseTravel(rows: [[(0, 40), (1, 10)]]),
                              cellDistrict: [0], siteDistrict: [0, 1])
        let own = try TwinModel.solve(input)
        #expect(own.cells[0].nearestHallMinutes == 40 && abs(own.sites[0].completionsPerYear - 100) < 1e-9)
        #expect(abs(own.cells[0].gapPopulation - 1000) < 1e-9)
        let cross = try TwinModel.solve(input, parameters: TwinParameters(crossDistrict: true))
        #expect(cross.cells[0].nearestHallMinutes == 10 && abs(cross.sites[1].completionsPerYear - 100) < 1e-9)
        #expect(cross.cells[0].gapPopulation == 0)
    }

    @Test func videoServesTheDigitalAndItsAgentsQueue() throws {
        // Hall 40 min away (cost 80); video 20 min handling, 1 agent Mo–Fr 09:00–18:00 = 2700 min/week.
        // Digital residents (video needs the digital segment by default).
        let video = Channel(id: "video", kind: .video, hours: try OpeningHours(parsing: "Mo-Fr 09:00-18:00"),
                            services: .allOnline, effortMinutes: 0, agents: 1, seats: 0, handlingMinutes: 20)
        let hotline = Channel(id: "12345", kind: .hotline, hours: .alwaysOpen, services: .allOnline,
                              effortMinutes: 0, agents: 0, seats: 2, handlingMinutes: 5)
        let items = [item("S1", perThousand: 10, video: true, consult: 2)]
        let result = try TwinModel.solve(TwinInput(cells: [cell("c", pop: 1000, digital: 1)], items: items, sites: [try hall("H")],
                                                   channels: [video, hotline], travel: SparseTravel(rows: [[(0, 40)]])),
                                         parameters: TwinParameters(toleranceMinutes: 1e-9))
        #expect(abs(result.cells[0].shareVideo - 1) < 1e-12 && result.cells[0].gapPopulation == 0)
        // 10 completions a year: λ = 10 / (365/7) / 2700 per minute; M/M/1 Wq = ρ·s/(1 − ρ).
        let rho = 10 / (365.0 / 7.0) / 2700 * 20
        #expect(abs(result.channels[0].utilisation - rho) < 1e-15)
        #expect(abs(result.channels[0].waitMinutes - rho * 20 / (1 - rho)) < 1e-12)
        #expect(abs(result.channels[0].completionsPerYear - 10) < 1e-9)
        // Hotline: 2 consultations per completion, reported only.
        #expect(abs(result.channels[1].consultationsPerYear - 20) < 1e-9)
        #expect(result.channels[1].utilisation > 0 && result.channels[0].openMinutesPerWeek == 2700)
    }
}

@Suite struct TwinSpaceFixedPointTests {
    // Independent M/M/1 and M/M/2 waits (closed forms, not Erlang recursions) for 10-minute
    // handling at a 24/7 hall: a = completions / (365/7) / 6300 × 10.
    static func offered(_ completions: Double) -> Double { completions / (365.0 / 7.0) / 6300 * 10 }
    static func waitOne(_ completions: Double) -> Double {
        let rho = offered(completions)
        return rho >= 1 ? 480 : min(480, 10 * rho / (1 - rho))
    }
    static func waitTwo(_ completions: Double) -> Double {
        let rho = offered(completions) / 2
        guard rho < 1 else { return 480 }
        let pWait = 2 * rho * rho / (1 + rho)
        return min(480, pWait * 10 / (2 * (1 - rho)))
    }

    @Test func demandLeavesAnOverloadedHallUntilWaitsBalance() throws {
        // Cells x and y each ask 20 000 completions a year; hall A (1 window) is 5 min from both,
        // hall B (2 windows) 50 min from x and 7 min from y. At zero waits both go to A:
        // 40 000 > 32 850, overloaded. At the fixed point y uses B: waits 15.56 at A and 1.02 at
        // B, and x: A 10 + 15.56 < B 100 + 1.02; y: B 14 + 1.02 < A 10 + 15.56.
        let items = [item("S1", perThousand: 1000, handling: 10)]
        let input = TwinInput(cells: [cell("x", pop: 20000), cell("y", pop: 20000)], items: items,
                              sites: [try hall("A"), try hall("B", windows: 2)], channels: [],
                              travel: SparseTravel(rows: [[(0, 5), (1, 50)], [(0, 5), (1, 7)]]))
        let result = try TwinModel.solve(input)
        // Evaluation 1 at zero waits: both at A (the loads become its). Evaluation 2 at A's
        // 480 min: both at B (the loads become its: the first choice is replaced whole).
        // Evaluation 3 at B's wait and A's 0: both at A, against the move before: the step
        // (1/2) halves no further, the loads average to 20 000 each. Evaluation 4 at their
        // waits: x at A, y at B, which are those loads: an equilibrium of single choices,
        // reported as that choice.
        #expect(result.convergence.converged)
        #expect(result.convergence.iterations == 4)
        #expect(result.convergence.lastMaxChangeMinutes == 0 && result.convergence.bestResponseChangeMinutes == 0)
        #expect(abs(result.sites[0].completionsPerYear - 20000) < 1e-6)
        #expect(abs(result.sites[1].completionsPerYear - 20000) < 1e-6)
        #expect(abs(result.sites[0].waitMinutes - Self.waitOne(20000)) < 1e-9)
        #expect(abs(result.sites[0].waitMinutes - 15.5642) < 1e-4)
        #expect(abs(result.sites[1].waitMinutes - 1.02132) < 1e-4)
        #expect(abs(result.sites[1].waitMinutes - Self.waitTwo(20000)) < 1e-9)
        #expect(!result.sites[0].overloaded && !result.sites[1].overloaded)
        #expect(abs(result.cells[0].travelMinutesPerResidentYear - 10) < 1e-12)
        #expect(abs(result.cells[1].shareHall - 1) < 1e-12 && abs(result.cells[1].travelMinutesPerResidentYear - 14) < 1e-12)
    }

    @Test func logitFixedPointMatchesAnIndependentBisection() throws {
        // One cell of 45 000 completions a year, halls A (5 min) and B (10 min), 1 window each;
        // θ = 0.2. At zero waits A would get 88 % (39 600 > 32 850: overloaded).
        let demand = 45000.0, theta = 0.2
        let items = [item("S1", perThousand: 1000, handling: 10)]
        let input = TwinInput(cells: [cell("c", pop: demand)], items: items,
                              sites: [try hall("A"), try hall("B")], channels: [],
                              travel: SparseTravel(rows: [[(0, 5), (1, 10)]]))
        let result = try TwinModel.solve(input, parameters: TwinParameters(
            logitScalePerMinute: theta, maxIterations: 500, toleranceMinutes: 1e-9))
        #expect(result.convergence.converged)
        // The share p of A solves p = 1 / (1 + exp(θ·((10 + W_A(pD)) − (20 + W_B((1 − p)D))))).
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let p = (low + high) / 2
            let costA = 10 + Self.waitOne(p * demand), costB = 20 + Self.waitOne((1 - p) * demand)
            let logit = 1 / (1 + exp(theta * (costA - costB)))
            if p > logit { high = p } else { low = p }
        }
        let p = (low + high) / 2
        #expect(p > 0.5 && p < 0.73)   // shifted from 88 %, and both halls below capacity
        #expect(abs(result.sites[0].completionsPerYear / demand - p) < 1e-8)
        #expect(abs(result.cells[0].shareHall - 1) < 1e-12)
        #expect(!result.sites[0].overloaded)
    }

    @Test func oneCellSplitsBetweenTwoHallsAtTheEquilibrium() throws {
        // One cell, 40 000 completions, two one-window halls 5 and 6 min away: whichever hall
        // takes all the demand is overloaded, so every single choice (the whole cell at one hall)
        // flips at the next. The equilibrium splits the cell: share p at A with
        // 10 + W_A(p·D) = 12 + W_B((1 − p)·D); the averaged choices must settle there.
        let demand = 40000.0
        let items = [item("S1", perThousand: 1000, handling: 10)]
        let input = TwinInput(cells: [cell("c", pop: demand)], items: items,
                              sites: [try hall("A"), try hall("B")], channels: [],
                              travel: SparseTravel(rows: [[(0, 5), (1, 6)]]))
        let result = try TwinModel.solve(input)
        // Every choice turns back against the one before: the steps halve, as a bisection would.
        #expect(result.convergence.converged && result.convergence.iterations < 20)
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let p = (low + high) / 2
            if 10 + Self.waitOne(p * demand) > 12 + Self.waitOne((1 - p) * demand) { high = p } else { low = p }
        }
        let p = (low + high) / 2
        #expect(p > 0.5 && p < 0.6)
        let shareA = result.sites[0].completionsPerYear / demand
        #expect(abs(shareA - p) < 0.002, "share at A \(shareA), equilibrium \(p)")
        #expect(abs((10 + result.sites[0].waitMinutes) - (12 + result.sites[1].waitMinutes)) < 0.5)
        #expect(!result.sites[0].overloaded && !result.sites[1].overloaded)
        // The cell's travel is the split's: 10 min for the share at A, 12 for the rest.
        #expect(abs(result.cells[0].travelMinutesPerResidentYear - (10 * shareA + 12 * (1 - shareA))) < 1e-9)
        // A choice that sends the whole cell to one hall stays far from these waits.
        #expect(result.convergence.bestResponseChangeMinutes > 100)
    }
}

@Suite struct TwinSpaceConsistencyTests {
    /// A seeded district: cells with random sparse rows, halls of every tier with and without
    /// lists, kiosks with some night-only hours, items of every kind.
    static func district(cells cellCount: Int, handling: Double) throws -> TwinInput {
        var random = SeededGenerator(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> Double { random.unit() }
        var items: [ServiceItem] = []
        for i in 0..<12 {
            items.append(item("S\(i)", perThousand: 5 + 50 * next(), minTier: Tier.allCases[i % 4],
                              kiosk: i % 3 == 0, online: i % 2 == 0, video: i % 5 == 0,
                              tripsHall: Double(1 + i % 2), tripsOnline: i % 4 == 0 ? 1 : 0,
                              handling: handling * (1 + next())))
        }
        var sites: [Site] = []
        for j in 0..<30 {
            if j % 3 == 2 {
                sites.append(try kiosk("K\(j)", hours: j % 2 == 0 ? "24/7" : "23:00-06:00"))
            } else {
                sites.append(try hall("H\(j)", tier: Tier.allCases[j % 4], windows: 1 + j % 3,
                                      services: j % 7 == 0 ? ["S1", "S2", "S4"] : nil))
            }
        }
        var cells: [Cell] = []
        var rows: [[(site: Int, minutes: Double)]] = []
        for c in 0..<cellCount {
            cells.append(cell("c\(c)", pop: (300 * next()).rounded(), elderly: 0.3 * next(), digital: next()))
            var row: [(site: Int, minutes: Double)] = []
            for j in 0..<30 where next() < 0.3 { row.append((j, (60 * next()).rounded())) }
            rows.append(row)
        }
        let video = Channel(id: "video", kind: .video, hours: try OpeningHours(parsing: "Mo-Fr 09:00-18:00"),
                            services: .allOnline, effortMinutes: 0, agents: 2, seats: 0,
                            handlingMinutes: handling > 0 ? 20 : 0)
        return TwinInput(cells: cells, items: items, sites: sites, channels: [try web(), video],
                         travel: SparseTravel(rows: rows))
    }

    @Test func sameResultsForAnyThreadCount() throws {
        let input = try Self.district(cells: 4500, handling: 10) // three chunks of 2048 cells
        let one = try TwinModel.solve(input, parameters: TwinParameters(maxIterations: 6, threads: 1))
        let two = try TwinModel.solve(input, parameters: TwinParameters(maxIterations: 6, threads: 2))
        let logit = TwinParameters(logitScalePerMinute: 0.1, maxIterations: 6, threads: 3)
        let three = try TwinModel.solve(input, parameters: logit)
        var single = logit
        single.threads = 1
        let threeAgain = try TwinModel.solve(input, parameters: single)
        #expect(one == two)
        #expect(three == threeAgain)
        #expect(one.sites.contains { $0.completionsPerYear > 0 })
    }

    @Test func groupedChoiceAgreesWithAPerItemSearchOverSites() throws {
        // Handling 0 keeps every wait at 0, so the choice can be recomputed directly: for each
        // cell and item, every capable site of the row by Site.handles, then the cheapest option.
        let input = try Self.district(cells: 300, handling: 0)
        let result = try TwinModel.solve(input)
        #expect(result.convergence.converged && result.convergence.iterations == 1)
        let window = ActivityWindow.daytime
        var siteCompletions = [Double](repeating: 0, count: input.sites.count)
        for c in input.cells.indices {
            let row = input.travel.offsets[c]..<input.travel.offsets[c + 1]
            var trips = 0.0, travel = 0.0, gap = 0.0
            let d = input.cells[c].digitalShare
            for it in input.items {
                let q = it.perThousandPerYear / 1000
                var bestHall: (Int, Double)?, bestKiosk: (Int, Double)?
                for e in row {
                    let j = Int(input.travel.site[e]), t = input.travel.minutes[e]
                    let s = input.sites[j]
                    guard window.openMinutesPerWeek(s.hours) > 0, s.handles(it) else { continue }
                    if s.kind == .hall {
                        if bestHall == nil || t < bestHall!.1 || (t == bestHall!.1 && j < bestHall!.0) { bestHall = (j, t) }
                    } else if bestKiosk == nil || t < bestKiosk!.1 || (t == bestKiosk!.1 && j < bestKiosk!.0) {
                        bestKiosk = (j, t)
                    }
                }
                let remoteOK = it.tripsOnline == 0 || bestHall != nil
                let remoteTravel = it.tripsOnline > 0 ? 2 * (bestHall?.1 ?? 0) * it.tripsOnline : 0
                let onlineOK = it.online && remoteOK
                let videoOK = it.video && remoteOK
                for (segment, share) in [(0, d), (1, 1 - d)] where share > 0 {
                    var options: [(cost: Double, trips: Double, travel: Double, site: Int?)] = []
                    if let h = bestHall { options.append((it.tripsHall * 2 * h.1, it.tripsHall, it.tripsHall * 2 * h.1, h.0)) }
                    if let k = bestKiosk { options.append((it.tripsKiosk * 2 * k.1, it.tripsKiosk, it.tripsKiosk * 2 * k.1, k.0)) }
                    if segment == 0 && onlineOK { options.append((15 + remoteTravel, it.tripsOnline, remoteTravel, nil)) }
                    if segment == 0 && videoOK { options.append((0 + remoteTravel, it.tripsOnline, remoteTravel, nil)) }
                    let hallWithin = bestHall.map { $0.1 <= 30 } ?? false
                    let kioskWithin = bestKiosk.map { $0.1 <= 15 } ?? false
                    let remoteWithin = it.tripsOnline == 0 || hallWithin
                    let within = hallWithin || kioskWithin || (segment == 0 && (videoOK || onlineOK) && remoteWithin)
                    if !within { gap += share * q }
                    guard var best = options.first else { continue }
                    for o in options.dropFirst() where o.cost < best.cost { best = o }
                    trips += share * q * best.trips
                    travel += share * q * best.travel
                    if let j = best.site { siteCompletions[j] += input.cells[c].population * share * q }
                }
            }
            let got = result.cells[c]
            #expect(abs(got.tripsPerResidentYear - trips) < 1e-9, "cell \(c)")
            #expect(abs(got.travelMinutesPerResidentYear - travel) < 1e-9, "cell \(c)")
            let demand = input.items.reduce(0) { $0 + $1.perThousandPerYear / 1000 }
            #expect(abs(got.gapPopulation - input.cells[c].population * gap / demand) < 1e-6, "cell \(c)")
        }
        for j in input.sites.indices {
            #expect(abs(result.sites[j].completionsPerYear - siteCompletions[j]) < 1e-6, "site \(j)")
        }
    }

    @Test func cellsThatReachNothingAreUnservedGapsNotDropped() throws {
        // No travel entries at all: everything unserved and a gap; an empty district is fine too.
        let result = try TwinModel.solve(TwinInput(cells: [cell("c", pop: 500, elderly: 0.2)], items: [item("S1")],
                                                   sites: [try hall("H")], channels: [], travel: SparseTravel(rows: [[]])))
        let c = result.cells[0]
        #expect(c.nearestHallMinutes == nil && !c.coveredHall && c.unservedShare == 1 && c.shareHall == 0)
        #expect(c.gapPopulation == 500 && abs(c.gapElderly - 100) < 1e-12 && c.tripsPerResidentYear == 0)
        let empty = try TwinModel.solve(TwinInput(cells: [], items: [], sites: [], channels: [],
                                                  travel: SparseTravel(cellCount: 0, siteCount: 1, offsets: [0], site: [], minutes: [])))
        #expect(empty.cells.isEmpty && empty.convergence.converged && empty.convergence.iterations == 1)
    }

    @Test func inconsistentArraysAreNamed() throws {
        let base = TwinInput(cells: [cell("c")], items: [item("S1")], sites: [try hall("H")], channels: [],
                             travel: SparseTravel(rows: [[(0, 5)]]))
        var badIndex = base
        badIndex.travel = SparseTravel(rows: [[(3, 5)]])
        #expect(throws: TwinSpaceError("travel entry 0: site index 3 outside 0..<1")) { try TwinModel.solve(badIndex) }
        var badOffsets = base
        badOffsets.travel.offsets = [0]
        #expect(throws: TwinSpaceError("travel.offsets has 1 entries, expected cells + 1 = 2")) { try TwinModel.solve(badOffsets) }
        var badDistricts = base
        badDistricts.cellDistrict = [0]
        #expect(throws: TwinSpaceError("cellDistrict and siteDistrict must be given together")) { try TwinModel.solve(badDistricts) }
        var twice = base
        twice.travel = SparseTravel(rows: [[(0, 5), (0, 7)]])
        #expect(throws: TwinSpaceError("travel row of cell 0 (id c) lists site 0 (id H) twice")) { try TwinModel.solve(twice) }
        #expect(throws: TwinSpaceError("damping 0.0 must be in (0, 1]")) {
            try TwinModel.solve(base, parameters: TwinParameters(damping: 0))
        }
    }
}

@Suite struct ElderlySplitTests {
    /// With the district's adoption ratio r = 0.35 / 0.85, a cell of 50 % elderly and 60 %
    /// digital has adults adopting at a = 0.6 / (0.5 + 0.5 r) = 0.85 and the elderly at
    /// r·a = 0.35: 17.5 % of the cell are elderly and digital, 32.5 % elderly and not digital.
    /// With the hall out of reach and the item online, only the not-digital keep a gap.
    @Test func elderlyDigitalFollowTheDistrictsAdoptionRatio() throws {
        var parameters = TwinParameters()
        parameters.elderlyAdoptionRatio = 0.35 / 0.85
        let result = try TwinModel.solve(TwinInput(cells: [cell("a", pop: 1000, elderly: 0.5, digital: 0.6)],
                                                   items: [item("S1", online: true)], sites: [try hall("H")],
                                                   channels: [try web()], travel: SparseTravel(rows: [[(0, 40)]])),
                                         parameters: parameters)
        #expect(abs(result.cells[0].gapNotDigital - 400) < 1e-9)
        #expect(abs(result.cells[0].gapElderly - 325) < 1e-9)
    }
}
