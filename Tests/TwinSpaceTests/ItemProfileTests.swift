import Model
import Testing
@testable import TwinSpace

/// The minimum-cost kernel (`runCheapestChunk`) decides the items of one profile together
/// (`ItemProfiles`: same group, trips, online and video channels) and adds each item's demand
/// in item order: its figures must be the reference's, bit for bit, loads included.
@Suite struct ItemProfileTests {
    /// A random district whose every item comes three times (the copies with other demand, one
    /// of them none, and other handling minutes, and listed wherever the item is), in a shuffled
    /// order: the copies share the item's profile, so one decision serves several items.
    static func withCopies(seed: UInt64, cells: Int? = nil) throws -> RandomDistrict {
        var district = try RandomDistrict(seed: seed, cells: cells)
        var g = SeededGenerator(seed: seed &+ 5000)
        var items: [ServiceItem] = []
        for item in district.input.items {
            items.append(item)
            for copy in 1...2 {
                var twin = item
                twin.id = "\(item.id)-\(copy)"
                twin.perThousandPerYear = copy == 1 ? 0 : g.uniform(1...300)
                twin.handlingMinutes = g.uniform(2...40)
                items.append(twin)
            }
        }
        district.input.items = items.shuffled(using: &g)
        func listed(_ ids: [String]) -> [String] { ids.flatMap { [$0, "\($0)-1", "\($0)-2"] } }
        for j in district.input.sites.indices {
            district.input.sites[j].services = district.input.sites[j].services.map(listed)
        }
        for k in district.input.channels.indices {
            if case .list(let ids) = district.input.channels[k].services { district.input.channels[k].services = .list(listed(ids)) }
        }
        district.parameters.logitScalePerMinute = nil
        return district
    }

    @Test("an item's copies share its profile; an item with other trips does not")
    func copiesShareAProfile() throws {
        var district = try Self.withCopies(seed: 3)
        let ids = district.input.items.map(\.id)
        func profile(_ model: Prepared, _ id: String) -> Int32 {
            model.profiles.itemProfile[ids.firstIndex(of: id) ?? -1]
        }
        let model = Prepared(district.input, district.parameters)
        let originals = ids.filter { !$0.contains("-") }
        for id in originals {
            #expect(profile(model, id) == profile(model, "\(id)-1") && profile(model, id) == profile(model, "\(id)-2"), "\(id)")
        }
        #expect(model.profiles.count <= originals.count)
        // Seven trips to a hall (no random item has them) part the item from its copies.
        let i0 = try #require(ids.firstIndex(of: "I0"))
        district.input.items[i0].tripsHall = 7
        let changed = Prepared(district.input, district.parameters)
        #expect(profile(changed, "I0") != profile(changed, "I0-1"))
        #expect(profile(changed, "I0-1") == profile(changed, "I0-2"))
        #expect(changed.profiles.count == model.profiles.count + 1)
    }

    @Test("with shared profiles the kernel makes the reference's choice on 300 random districts, bit for bit")
    func kernelEqualsReferenceWithSharedProfiles() throws {
        var shared = 0, handedIn = 0, atDesks = 0
        for seed in UInt64(1)...300 {
            let district = try Self.withCopies(seed: seed)
            try TwinModel.validate(district.input, district.parameters)
            let waits = district.waits(seed: seed &+ 1000)
            let model = Prepared(district.input, district.parameters)
            let buffer = CellBuffer(count: district.input.cells.count)
            let fast = model.evaluate(waits: waits, threads: district.parameters.threads, cells: buffer)
            let reference = TwinChoice(district.input, district.parameters).evaluate(waits: waits)
            #expect(buffer.array() == reference.cells, "seed \(seed)")
            #expect(fast.siteCompletions == reference.loads.siteCompletions, "seed \(seed)")
            #expect(fast.siteHandlingMinutes == reference.loads.siteHandlingMinutes, "seed \(seed)")
            #expect(fast.channelCompletions == reference.loads.channelCompletions, "seed \(seed)")
            #expect(fast.itemSums == reference.loads.itemSums, "seed \(seed)")
            if model.profiles.count < district.input.items.count { shared += 1 }
            if reference.cells.contains(where: { $0.shareAssisted > 0 }) { handedIn += 1 }
            if district.parameters.videoAccess == .desk,
               reference.cells.contains(where: { $0.shareVideo > 0 && $0.tripsPerResidentYear > 0 }) { atDesks += 1 }
        }
        #expect(shared == 300)
        #expect(handedIn > 30 && atDesks > 5, "assisted in \(handedIn), desks in \(atDesks) districts")
    }

    @Test("with shared profiles, over several chunks and threads, the kernel equals runChunk and the reference")
    func kernelEqualsGeneralKernelOverChunks() throws {
        for seed in UInt64(21)...23 {
            let district = try Self.withCopies(seed: seed, cells: 2 * TwinModel.chunkCells + 300)
            let waits = district.waits(seed: seed)
            let model = Prepared(district.input, district.parameters)
            let fastCells = CellBuffer(count: model.cellCount), generalCells = CellBuffer(count: model.cellCount)
            let fast = model.evaluate(waits: waits, threads: 3, cells: fastCells)
            var general = Loads(siteCount: model.siteCount, channelCount: model.channels.count)
            let video = model.bestVideo(waits: waits)
            let round = RoundArrays(waits: Flat(waits), videoBest: Flat(video.channel), videoCost: Flat(video.minutes))
            model.offsets.withUnsafeBufferPointer { offsets in
                model.travelSite.withUnsafeBufferPointer { site in
                    model.travelMinutes.withUnsafeBufferPointer { minutes in
                        let travel = TravelPointers(offsets: offsets.baseAddress, site: site.baseAddress,
                                                    minutes: minutes.baseAddress)
                        for chunk in 0..<3 { general.add(model.runChunk(chunk, travel: travel, round: round, cells: generalCells)) }
                    }
                }
            }
            let reference = TwinChoice(district.input, district.parameters).evaluate(waits: waits)
            #expect(fastCells.array() == generalCells.array() && fastCells.array() == reference.cells, "seed \(seed)")
            #expect(fast.siteCompletions == general.siteCompletions && fast.siteCompletions == reference.loads.siteCompletions)
            #expect(fast.siteHandlingMinutes == general.siteHandlingMinutes)
            #expect(fast.channelCompletions == general.channelCompletions && fast.itemSums == general.itemSums)
        }
    }

    @Test("with shared profiles, whole solves equal the reference's, bit for bit")
    func solveEqualsReferenceWithSharedProfiles() throws {
        var evaluations = 0
        for seed in UInt64(301)...400 {
            let district = try Self.withCopies(seed: seed)
            let fast = try TwinModel.solve(district.input, parameters: district.parameters)
            let reference = try TwinModel.solveReference(district.input, parameters: district.parameters)
            #expect(fast == reference, "seed \(seed)")
            evaluations += fast.convergence.iterations
        }
        #expect(evaluations > 100)
    }
}
