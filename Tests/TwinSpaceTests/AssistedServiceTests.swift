import Model
import Testing
@testable import TwinSpace

/// 帮办代办 / 收件-转办 and video access, by hand: one cell of 1,000 residents, none digital.
@Suite struct AssistedServiceTests {
    /// A district-level item (10 completions per 1,000 a year, two hall trips, 30 staff minutes);
    /// a community hall C 5 min away (index 0), district halls D1 50 min away (index 1, 1 km east
    /// of C) and D2 45 min away (index 2, 5 km east of C). Nobody reaches a district hall within
    /// the 30-minute threshold.
    static func district() throws -> TwinInput {
        func site(_ id: String, _ tier: Tier, east degrees: Double) throws -> Site {
            Site(id: id, name: id, kind: .hall, tier: tier, windows: 1, hours: try OpeningHours(parsing: "24/7"),
                 services: nil, location: XY(114 + degrees, 22.5))
        }
        let sites = [try site("C", .community, east: 0), try site("D1", .district, east: 0.0097),
                     try site("D2", .district, east: 0.0486)]
        return TwinInput(cells: [cell("c", pop: 1000, elderly: 0.5, digital: 0)],
                         items: [item("D", perThousand: 10, minTier: .district, tripsHall: 2, handling: 30)],
                         sites: sites, channels: [], travel: SparseTravel(rows: [[(0, 5), (1, 50), (2, 45)]]))
    }

    static func evaluate(_ input: TwinInput, _ parameters: TwinParameters) -> (TwinCellResult, Loads) {
        let prepared = Prepared(input, parameters)
        let buffer = CellBuffer(count: input.cells.count)
        let loads = prepared.evaluate(waits: [Double](repeating: 0, count: input.sites.count + input.channels.count),
                                      threads: 1, cells: buffer)
        return (buffer.array()[0], loads)
    }

    @Test("a district item handed in at a community hall: one trip there, processed at the nearest district hall")
    func handInAtCommunityHall() throws {
        let input = try Self.district()
        // Without assisted service: two trips to D2 (the nearer by road), 2 × 90 = 180 minutes,
        // and the cell is a gap (no capable hall within 30 minutes).
        let (before, beforeLoads) = Self.evaluate(input, TwinParameters())
        #expect(before.shareHall == 1 && before.shareAssisted == 0)
        #expect(abs(before.tripsPerResidentYear - 0.02) < 1e-15 && abs(before.travelMinutesPerResidentYear - 1.8) < 1e-12)
        #expect(before.gapPopulation == 1000 && before.gapElderly == 500)
        #expect(beforeLoads.siteCompletions == [0, 0, 10])

        // Hand-ins at community halls, 10 desk minutes, the result posted: one trip of 2 × 5 min.
        var parameters = TwinParameters()
        parameters.assisted = AssistedService(handInTiers: [.community], frontMinutes: 10, collection: .mail)
        let (after, loads) = Self.evaluate(input, parameters)
        #expect(after.shareAssisted == 1 && after.shareHall == 0 && after.unservedShare == 0)
        #expect(abs(after.tripsPerResidentYear - 0.01) < 1e-15)
        #expect(abs(after.travelMinutesPerResidentYear - 0.1) < 1e-15)
        #expect(abs(after.costMinutesPerResidentYear - 0.1) < 1e-15)
        #expect(after.gapPopulation == 0 && after.gapElderly == 0 && after.gapNotDigital == 0)
        // C accepts 10 hand-ins a year (100 desk minutes); D1, the district hall nearest to C
        // as the crow flies (not D2, the resident's nearer one), processes them (300 minutes).
        #expect(loads.siteCompletions == [10, 10, 0])
        #expect(abs(loads.siteHandlingMinutes[0] - 100) < 1e-12 && abs(loads.siteHandlingMinutes[1] - 300) < 1e-12)

        // Collected at C instead of posted: two trips, still cheaper than the district hall.
        parameters.assisted?.collection = .trip
        let (collected, _) = Self.evaluate(input, parameters)
        #expect(collected.shareAssisted == 1 && abs(collected.tripsPerResidentYear - 0.02) < 1e-15)
        #expect(abs(collected.travelMinutesPerResidentYear - 0.2) < 1e-15)
    }

    @Test func negativeDeskMinutesAreRefused() throws {
        var parameters = TwinParameters()
        parameters.assisted = AssistedService(frontMinutes: -1)
        #expect(throws: TwinSpaceError("assisted front minutes -1.0 must be finite and >= 0")) {
            try TwinModel.validate(try Self.district(), parameters)
        }
    }

    @Test("only hand-in tiers accept, and never an item the hall completes itself")
    func handInRules() throws {
        var parameters = TwinParameters()
        parameters.assisted = AssistedService(handInTiers: [.street], frontMinutes: 10)
        let (streetOnly, _) = Self.evaluate(try Self.district(), parameters)
        #expect(streetOnly.shareAssisted == 0 && streetOnly.shareHall == 1)
        // A community item: C completes it itself (a hall visit, two trips), no hand-in.
        var input = try Self.district()
        input.items[0].minTier = .community
        parameters.assisted = AssistedService(handInTiers: [.community], frontMinutes: 10)
        let (own, loads) = Self.evaluate(input, parameters)
        #expect(own.shareHall == 1 && own.shareAssisted == 0 && loads.siteCompletions == [10, 0, 0])
    }

    @Test("video: digital residents only by default, everyone from home, or the not digital at a community desk")
    func videoAccess() throws {
        var input = try Self.district()
        input.items[0].video = true
        input.channels = [Channel(id: "v", kind: .video, hours: try OpeningHours(parsing: "24/7"), services: .allOnline,
                                  effortMinutes: 0, agents: 1, seats: 0, handlingMinutes: 20)]
        var parameters = TwinParameters()
        let (digitalOnly, _) = Self.evaluate(input, parameters)
        #expect(digitalOnly.shareVideo == 0 && digitalOnly.shareHall == 1 && digitalOnly.gapNotDigital == 1000)
        parameters.videoAccess = .everyone
        let (everyone, _) = Self.evaluate(input, parameters)
        #expect(everyone.shareVideo == 1 && everyone.tripsPerResidentYear == 0 && everyone.gapNotDigital == 0)
        // At C's desk: 20 video minutes plus one visit of 2 × 5 minutes, one trip.
        parameters.videoAccess = .desk
        let (desk, loads) = Self.evaluate(input, parameters)
        #expect(desk.shareVideo == 1 && abs(desk.tripsPerResidentYear - 0.01) < 1e-15)
        #expect(abs(desk.costMinutesPerResidentYear - 0.3) < 1e-15 && abs(desk.travelMinutesPerResidentYear - 0.1) < 1e-15)
        #expect(desk.gapNotDigital == 0 && loads.channelCompletions == [10])
    }
}
