import Foundation
import Model
import Testing
@testable import TwinSpace

/// Time-of-day segments and establishments (`DemandGroups`), on districts built by hand.
@Suite struct DemandGroupsTests {
    /// One cell of 1,000 residents, nobody elderly or digital; an office-hours hall 5 min away and
    /// a kiosk 10 min away (within the 15 min kiosk threshold); one item, 100 per 1,000 a year,
    /// at a hall or a kiosk.
    func officeHallDistrict(kioskHours: String, consult: Double = 0, hotlineHours: String? = nil) throws -> TwinInput {
        let sites = [try hall("H", hours: "Mo-Fr 09:00-17:00"), try kiosk("K", hours: kioskHours)]
        var channels: [Channel] = []
        if let hotlineHours {
            channels.append(Channel(id: "12345", kind: .hotline, hours: try OpeningHours(parsing: hotlineHours),
                                    services: .allOnline, effortMinutes: 0, agents: 0, seats: 10, handlingMinutes: 6))
        }
        return TwinInput(cells: [cell("a", pop: 1000)], items: [item("S1", kiosk: true, consult: consult)],
                         sites: sites, channels: channels, travel: SparseTravel(rows: [[(0, 5), (1, 10)]]))
    }

    func timeOfDay(working: Double) -> TwinParameters {
        var p = TwinParameters()
        p.timeOfDay = TimeOfDaySettings(workingShare: working)
        return p
    }

    @Test func aWorkingAdultCannotUseAnOfficeHoursHallButCanUseA24HourKiosk() throws {
        // Without time of day everyone takes the hall (2 × 5 min against 2 × 10): no gap.
        let today = try TwinModel.solve(try officeHallDistrict(kioskHours: "Mo-Fr 09:00-17:00"))
        #expect(today.cells[0].gapPopulation == 0 && today.cells[0].shareHall == 1)
        #expect(today.demandGroups.isEmpty)

        // Everyone works office hours (window Mo-Fr 07-09, 18-23 and the weekend): neither the
        // hall nor an office-hours kiosk is open to them; all 1,000 have a gap, 100 completions unserved.
        let office = try TwinModel.solve(try officeHallDistrict(kioskHours: "Mo-Fr 09:00-17:00"), parameters: timeOfDay(working: 1))
        #expect(abs(office.cells[0].gapPopulation - 1000) < 1e-9)
        #expect(abs(office.cells[0].unservedShare - 1) < 1e-12)
        #expect(office.sites[0].completionsPerYear == 0)

        // A 24/7 kiosk serves them: no gap, all 100 completions at the kiosk.
        let always = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7"), parameters: timeOfDay(working: 1))
        #expect(always.cells[0].gapPopulation == 0)
        #expect(abs(always.sites[1].completionsPerYear - 100) < 1e-9 && always.sites[0].completionsPerYear == 0)
        // So does a 07:00-22:00 kiosk (open on weekday evenings).
        let long = try TwinModel.solve(try officeHallDistrict(kioskHours: "Mo-Su 07:00-22:00"), parameters: timeOfDay(working: 1))
        #expect(long.cells[0].gapPopulation == 0)

        // Residents whose only free time is the night: a 07:00-22:00 kiosk is closed for them, a 24/7 one is not.
        var night = timeOfDay(working: 1)
        night.timeOfDay?.workingHours = OpeningHours(literal: "Mo-Su 22:00-24:00")
        let nightLong = try TwinModel.solve(try officeHallDistrict(kioskHours: "Mo-Su 07:00-22:00"), parameters: night)
        let nightAlways = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7"), parameters: night)
        #expect(abs(nightLong.cells[0].gapPopulation - 1000) < 1e-9 && nightAlways.cells[0].gapPopulation == 0)

        // Half work office hours: the other half (window 07-22 every day) keeps the hall.
        let half = try TwinModel.solve(try officeHallDistrict(kioskHours: "Mo-Fr 09:00-17:00"), parameters: timeOfDay(working: 0.5))
        #expect(abs(half.cells[0].gapPopulation - 500) < 1e-9)
        #expect(abs(half.sites[0].completionsPerYear - 50) < 1e-9)
        #expect(abs(half.cells[0].shareHall - 0.5) < 1e-12 && abs(half.cells[0].unservedShare - 0.5) < 1e-12)
        let working = try #require(half.demandGroups.first { $0.id == "working" })
        #expect(abs(working.population - 500) < 1e-9 && abs(working.gapPopulation - 500) < 1e-9)
        #expect(half.demandGroups.map(\.id) == ["working", "elderly", "others"])
    }

    @Test func theElderlySegmentSeeksServicesInTheDaytime() throws {
        // 40 % elderly, nobody working: the elderly (08-18) cannot use an evening-only kiosk,
        // the others (07-22) can; with the hall only open at night, the elderly have a gap.
        let sites = [try hall("H", hours: "Mo-Su 19:00-22:00")]
        let input = TwinInput(cells: [cell("a", pop: 1000, elderly: 0.4)], items: [item("S1")], sites: sites,
                              channels: [], travel: SparseTravel(rows: [[(0, 5)]]))
        let result = try TwinModel.solve(input, parameters: timeOfDay(working: 0))
        #expect(abs(result.cells[0].gapPopulation - 400) < 1e-9)
        #expect(abs(result.cells[0].gapElderly - 400) < 1e-9)
        #expect(abs(result.sites[0].completionsPerYear - 60) < 1e-9)
        // The queue runs over the minutes open inside any group's window: 7 × 3 h.
        #expect(result.sites[0].openMinutesPerWeek == 7 * 180)
    }

    @Test func theHotlineAtNightAnswersTheWorkingSegment() throws {
        // 1,000 working residents, 100 completions, 0.5 consultations each: 50 calls a year.
        let office = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7", consult: 0.5, hotlineHours: "Mo-Fr 09:00-17:00"),
                                         parameters: timeOfDay(working: 1))
        let working = try #require(office.demandGroups.first)
        #expect(abs(working.hotlineCallsPerYear - 50) < 1e-9 && abs(working.hotlineCallsUnansweredPerYear - 50) < 1e-9)
        #expect(office.channels[0].consultationsPerYear == 0)

        let always = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7", consult: 0.5, hotlineHours: "24/7"),
                                         parameters: timeOfDay(working: 1))
        #expect(always.demandGroups[0].hotlineCallsUnansweredPerYear == 0)
        #expect(abs(always.channels[0].consultationsPerYear - 50) < 1e-9)
        // A 07:00-22:00 hotline misses the calls after 22:00: the working window is
        // 5 × (2 + 5) h + 2 × 15 h = 3,900 min a week, 7 × 60 of them after 22:00.
        let evening = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7", consult: 0.5, hotlineHours: "Mo-Su 07:00-22:00"),
                                          parameters: timeOfDay(working: 1))
        #expect(abs(evening.demandGroups[0].hotlineCallsUnansweredPerYear - 50 * 420 / 3900) < 1e-9)
        #expect(abs(evening.channels[0].consultationsPerYear - 50 * 3480 / 3900) < 1e-9)
        // Without time of day the office-hours hotline answers everyone, as before.
        let today = try TwinModel.solve(try officeHallDistrict(kioskHours: "24/7", consult: 0.5, hotlineHours: "Mo-Fr 09:00-17:00"))
        #expect(abs(today.channels[0].consultationsPerYear - 50) < 1e-9)
    }

    @Test func segmentsWithTheActivityWindowReproduceTheModelWithoutThem() throws {
        // Every segment's window is 07:00-22:00: the groups must add up to today's figures.
        let cells = [cell("a", pop: 1000, elderly: 0.3, digital: 0.6), cell("b", pop: 2000, elderly: 0.5, digital: 0.7),
                     cell("c", pop: 0, elderly: 0.1, digital: 0.9)]
        let items = [item("S1", kiosk: true, online: true, handling: 10, documents: 3, days: 5),
                     item("S2", perThousand: 40, tripsHall: 2, handling: 30, documents: 1)]
        let sites = [try hall("H", windows: 1), try kiosk("K")]
        let travel = SparseTravel(rows: [[(0, 20), (1, 12)], [(0, 8)], [(1, 3)]])
        let input = TwinInput(cells: cells, items: items, sites: sites, channels: [try web(effort: 20)], travel: travel)
        for ratio in [nil, 0.4] as [Double?] {
            var plain = TwinParameters()
            plain.elderlyAdoptionRatio = ratio
            var grouped = plain
            let day = OpeningHours(literal: "Mo-Su 07:00-22:00")
            grouped.timeOfDay = TimeOfDaySettings(workingShare: 0.55, workingHours: day, elderlyHours: day, othersHours: day)
            let a = try TwinModel.solve(input, parameters: plain), b = try TwinModel.solve(input, parameters: grouped)
            for (x, y) in zip(a.cells, b.cells) {
                #expect(abs(x.gapPopulation - y.gapPopulation) < 1e-9 && abs(x.gapElderly - y.gapElderly) < 1e-9)
                #expect(abs(x.gapNotDigital - y.gapNotDigital) < 1e-9)
                #expect(abs(x.shareOnline - y.shareOnline) < 1e-9 && abs(x.shareHall - y.shareHall) < 1e-9)
                #expect(abs(x.tripsPerResidentYear - y.tripsPerResidentYear) < 1e-9)
                #expect(abs(x.costMinutesPerResidentYear - y.costMinutesPerResidentYear) < 1e-6)
                #expect(abs(x.documentsPerResidentYear - y.documentsPerResidentYear) < 1e-9)
                #expect(x.nearestHallMinutes == y.nearestHallMinutes && x.coveredKiosk == y.coveredKiosk)
            }
            for (x, y) in zip(a.sites, b.sites) {
                #expect(abs(x.completionsPerYear - y.completionsPerYear) < 1e-6 && x.openMinutesPerWeek == y.openMinutesPerWeek)
            }
        }
    }

    @Test func establishmentsLoadTheHallAndStayOutOfTheResidentFigures() throws {
        // 1,000 residents (S1: 100 a year) and 10 establishments (B1: 5 each a year, hall only,
        // nothing for residents); the hall is open 24/7.
        var cellA = cell("a", pop: 1000)
        cellA.establishments = 10
        let business = ServiceItem(id: "B1", name: "B1", perThousandPerYear: 0, minTier: .community, hall: true, kiosk: false,
                                   online: true, video: false, tripsHall: 1, tripsKiosk: 0, handlingMinutes: 30,
                                   perEstablishmentPerYear: 5)
        let input = TwinInput(cells: [cellA], items: [item("S1", handling: 10), business], sites: [try hall("H")],
                              channels: [try web(effort: 5)], travel: SparseTravel(rows: [[(0, 20)]]))
        var p = TwinParameters()
        p.establishments = EstablishmentSettings(digitalShare: 0.8)
        let result = try TwinModel.solve(input, parameters: p)
        // 8 of the 10 establishments go online (5 min against 40), 2 come: 10 completions at the hall.
        #expect(abs(result.sites[0].completionsPerYear - (100 + 10)) < 1e-9)
        #expect(abs(result.sites[0].meanServiceMinutes - (100 * 10 + 10 * 30) / 110.0) < 1e-9)
        // Resident figures are residents only: 100 completions, all at the hall.
        #expect(abs(result.cells[0].completionsPerYear - 100) < 1e-9 && abs(result.cells[0].shareHall - 1) < 1e-12)
        let firms = try #require(result.demandGroups.last)
        #expect(firms.id == "establishments" && firms.population == 10)
        #expect(abs(firms.completionsPerYear - 50) < 1e-9 && abs(firms.shareOnline - 0.8) < 1e-12)
        #expect(abs(firms.hallCompletionsPerYear - 10) < 1e-9 && abs(firms.tripsPerYear - 10) < 1e-9)
        #expect(result.demandGroups.map(\.id) == ["residents", "establishments"])
    }
}
