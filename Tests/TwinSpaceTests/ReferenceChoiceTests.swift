import Districts
import Model
import Testing
@testable import TwinSpace

/// Random districts (seeded): cells, segments, items, halls and kiosks (some unavailable, some
/// with service lists), online, video and hotline channels, sparse travel rows with ties,
/// districts with 跨区通办 on or off, given nearest minutes or not, logit or not.
struct RandomDistrict {
    var input: TwinInput
    var parameters: TwinParameters

    init(seed: UInt64, cells cellCount: Int? = nil) throws {
        var g = SeededGenerator(seed: seed)
        let itemCount = g.int(1...8), siteCount = g.int(1...10)
        let n = cellCount ?? g.int(1...40)
        func trips() -> Double { [0, 1, 1, 2, 0.5, 3][g.int(0...5)] }
        let items = (0..<itemCount).map { i in
            ServiceItem(id: "I\(i)", name: "I\(i)", perThousandPerYear: g.int(0...4) == 0 ? 0 : g.uniform(1...300),
                        minTier: [Tier.community, .street, .district][g.int(0...2)], hall: g.int(0...5) > 0,
                        kiosk: g.int(0...1) == 0, online: g.int(0...1) == 0, video: g.int(0...2) == 0,
                        tripsHall: trips(), tripsKiosk: trips(), tripsOnline: g.int(0...2) == 0 ? 1 : 0,
                        handlingMinutes: g.uniform(2...40), documents: 1, timeLimitDays: 3, consultPerCompletion: 0.2)
        }
        let hours = ["24/7", "Mo-Fr 09:00-17:00", "Sa,Su 10:00-14:00", "Mo 23:00-23:30"]
        let sites = try (0..<siteCount).map { j -> Site in
            let isHall = g.int(0...2) > 0
            let services: [String]? = g.int(0...2) == 0 ? items.map(\.id).filter { _ in g.int(0...1) == 0 } : nil
            return Site(id: "S\(j)", name: "S\(j)", kind: isHall ? .hall : .kiosk,
                        tier: isHall ? [Tier.community, .street, .district][g.int(0...2)] : nil,
                        windows: g.int(0...3), hours: try OpeningHours(parsing: hours[g.int(0...3)]),
                        services: services, location: XY(Double(j % 4), Double(j / 4)))
        }
        let channels = try (0..<g.int(0...4)).map { k -> Channel in
            let kind = [ChannelKind.online, .video, .hotline][g.int(0...2)]
            return Channel(id: "C\(k)", kind: kind, hours: try OpeningHours(parsing: hours[g.int(0...3)]),
                           services: g.int(0...2) == 0 ? .list(items.map(\.id).filter { _ in g.int(0...1) == 0 }) : .allOnline,
                           effortMinutes: g.uniform(5...60), agents: g.int(0...2), seats: g.int(0...2),
                           handlingMinutes: g.uniform(5...30))
        }
        let cells = (0..<n).map { c in
            Cell(id: "c\(c)", area: nil, centroid: XY(0, 0), population: g.int(0...5) == 0 ? 0 : g.uniform(1...3000),
                 elderlyShare: g.unit(), digitalShare: g.int(0...5) == 0 ? 1 : g.unit())
        }
        // Whole minutes make ties between sites; rows in random order.
        let rows = (0..<n).map { _ in
            (0..<siteCount).filter { _ in g.int(0...3) > 0 }.map { (site: $0, minutes: Double(g.int(0...50))) }
                .shuffled(using: &g)
        }
        input = TwinInput(cells: cells, items: items, sites: sites, channels: channels, travel: SparseTravel(rows: rows))
        if g.int(0...1) == 0 {
            input.cellDistrict = (0..<n).map { _ in g.int(0...1) }
            input.siteDistrict = (0..<siteCount).map { _ in g.int(0...1) }
        }
        if g.int(0...1) == 0 {
            input.nearest = TwinNearestMinutes(hall: (0..<n).map { _ in g.int(0...4) == 0 ? .infinity : g.uniform(0...60) },
                                               kiosk: (0..<n).map { _ in g.int(0...4) == 0 ? .infinity : g.uniform(0...60) })
        }
        parameters = TwinParameters(hallThresholdMinutes: Double(g.int(5...40)), kioskThresholdMinutes: Double(g.int(5...30)),
                                    logitScalePerMinute: g.int(0...2) == 0 ? g.uniform(0.02...0.5) : nil,
                                    crossDistrict: g.int(0...1) == 0, threads: g.int(1...3))
        if g.int(0...1) == 0 { parameters.elderlyAdoptionRatio = g.uniform(0.1...1) }
        if g.int(0...2) > 0 {
            let tiers = [[Tier.community], [.community, .street], [.street, .district]][g.int(0...2)]
            parameters.assisted = AssistedService(handInTiers: tiers, frontMinutes: g.uniform(0...20),
                                                  collection: g.int(0...1) == 0 ? .mail : .trip)
        }
        parameters.videoAccess = VideoAccess.allCases[g.int(0...2)]
    }

    /// Random waits for sites, then channels.
    func waits(seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<(input.sites.count + input.channels.count)).map { _ in g.int(0...3) == 0 ? 0 : Double(g.int(0...30)) }
    }
}

@Suite struct ReferenceChoiceTests {
    /// Site loads under a logit: the kernel sums the completions of each logit class (items of
    /// one capability group, kind and trips) and spreads that sum by the class's site weights,
    /// the reference spreads each item's completions by the same weights; the products differ
    /// by the association only, a few ulps, hence a relative tolerance of 1e-12. Everything else
    /// (cell figures always, loads without a logit) is compared bit for bit.
    static func loadsAgree(_ a: [Double], _ b: [Double], logit: Bool) -> Bool {
        guard a.count == b.count else { return false }
        if !logit { return a == b }
        return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($0), abs($1)) }
    }

    @Test("kernel and reference make the same choice on 300 random districts, at random waits")
    func kernelEqualsReferenceAtRandomWaits() throws {
        var handedIn = 0, atDesks = 0
        for seed in UInt64(1)...300 {
            let district = try RandomDistrict(seed: seed)
            try TwinModel.validate(district.input, district.parameters)
            let waits = district.waits(seed: seed &+ 1000)
            let model = Prepared(district.input, district.parameters)
            let buffer = CellBuffer(count: district.input.cells.count)
            let fast = model.evaluate(waits: waits, threads: district.parameters.threads, cells: buffer)
            let reference = TwinChoice(district.input, district.parameters).evaluate(waits: waits)
            let logit = district.parameters.logitScalePerMinute != nil
            #expect(buffer.array() == reference.cells, "seed \(seed)")
            #expect(Self.loadsAgree(fast.siteCompletions, reference.loads.siteCompletions, logit: logit), "seed \(seed)")
            #expect(Self.loadsAgree(fast.siteHandlingMinutes, reference.loads.siteHandlingMinutes, logit: logit), "seed \(seed)")
            #expect(fast.channelCompletions == reference.loads.channelCompletions, "seed \(seed)")
            if reference.cells.contains(where: { $0.shareAssisted > 0 }) { handedIn += 1 }
            if district.parameters.videoAccess == .desk,
               reference.cells.contains(where: { $0.shareVideo > 0 && $0.tripsPerResidentYear > 0 }) { atDesks += 1 }
            #expect(fast.itemSums == reference.loads.itemSums, "seed \(seed)")
            #expect(fast.itemSums.count == district.input.items.count * ItemSums.width, "seed \(seed)")
        }
        // The new options are exercised, not merely allowed.
        #expect(handedIn > 30 && atDesks > 5, "assisted in \(handedIn), desks in \(atDesks) districts")
    }

    @Test("kernel and reference solve to the same result, bit for bit, without a logit")
    func kernelEqualsReferenceWholeSolve() throws {
        var compared = 0
        for seed in UInt64(301)...500 {
            var district = try RandomDistrict(seed: seed)
            district.parameters.logitScalePerMinute = nil
            let fast = try TwinModel.solve(district.input, parameters: district.parameters)
            let reference = try TwinModel.solveReference(district.input, parameters: district.parameters)
            #expect(fast == reference, "seed \(seed)")
            compared += fast.convergence.iterations
        }
        #expect(compared > 200) // the waits moved: more than one evaluation each on average
    }

    @Test("several chunks and threads: kernel equals reference on 5000 cells")
    func kernelEqualsReferenceOverChunks() throws {
        for seed in UInt64(7)...8 {
            var district = try RandomDistrict(seed: seed, cells: 5000)
            district.parameters.threads = 3
            let waits = district.waits(seed: seed)
            let model = Prepared(district.input, district.parameters)
            let buffer = CellBuffer(count: 5000)
            let fast = model.evaluate(waits: waits, threads: 3, cells: buffer)
            let reference = TwinChoice(district.input, district.parameters).evaluate(waits: waits)
            let logit = district.parameters.logitScalePerMinute != nil
            #expect(buffer.array() == reference.cells)
            #expect(Self.loadsAgree(fast.siteCompletions, reference.loads.siteCompletions, logit: logit))
            #expect(fast.channelCompletions == reference.loads.channelCompletions)
            #expect(fast.itemSums == reference.loads.itemSums)
        }
    }
}
