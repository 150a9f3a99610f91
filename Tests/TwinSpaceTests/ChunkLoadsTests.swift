import Model
import Testing
@testable import TwinSpace

/// A chunk's loads keep only the sites its cells send to (`ChunkLoads`): a chunk reaches a few
/// of a province's sites, and whole per-site arrays for every chunk were 1.2 GB at 4 M cells.
@Suite struct ChunkLoadsTests {
    static let cellCount = 3 * TwinModel.chunkCells - 100

    /// Cells along a street, 12 kiosks and 4 halls along it: a cell reaches the kiosks within
    /// 1.2 kiosk spacings and the halls within 3, so the first kiosk is read only by cells of the
    /// first chunk and the last kiosk only by cells of the last. One online and one video channel.
    static func street() throws -> TwinInput {
        var g = SeededGenerator(seed: 15)
        let items = [("A", true, true, false, false), ("B", true, false, true, false), ("C", false, true, true, true)]
            .map { id, hall, kiosk, online, video in
                ServiceItem(id: id, name: id, perThousandPerYear: g.uniform(20...200), minTier: .community, hall: hall,
                            kiosk: kiosk, online: online, video: video, tripsHall: 1, tripsKiosk: 1, tripsOnline: 0,
                            handlingMinutes: g.uniform(5...20), documents: 1, timeLimitDays: 1, consultPerCompletion: 0)
            }
        let always = try OpeningHours(parsing: "24/7")
        let kiosks = (0..<12).map { j in
            Site(id: "K\(j)", name: "K\(j)", kind: .kiosk, tier: nil, windows: 1, hours: always, services: nil,
                 location: XY(Double(j) + 0.5, 0))
        }
        let halls = (0..<4).map { h in
            Site(id: "H\(h)", name: "H\(h)", kind: .hall, tier: .district, windows: 3, hours: always, services: nil,
                 location: XY(3 * Double(h) + 1.5, 0))
        }
        let sites = kiosks + halls
        let cells = (0..<cellCount).map { c in
            Cell(id: "c\(c)", area: nil, centroid: XY(12 * Double(c) / Double(cellCount), 0), population: g.uniform(10...500),
                 elderlyShare: g.unit() * 0.3, digitalShare: g.unit())
        }
        let rows = cells.map { cell in
            sites.indices.compactMap { j -> (site: Int, minutes: Double)? in
                let distance = abs(sites[j].location.x - cell.centroid.x)
                guard distance <= (sites[j].kind == .kiosk ? 1.2 : 3) else { return nil }
                return (site: j, minutes: (2 + 10 * distance).rounded())
            }
        }
        let channels = [
            Channel(id: "web", kind: .online, hours: always, services: .allOnline, effortMinutes: 25, agents: 0, seats: 0,
                    handlingMinutes: 0),
            Channel(id: "video", kind: .video, hours: always, services: .allOnline, effortMinutes: 0, agents: 2, seats: 0,
                    handlingMinutes: 10),
        ]
        return TwinInput(cells: cells, items: items, sites: sites, channels: channels, travel: SparseTravel(rows: rows))
    }

    /// Each chunk's loads, computed alone.
    static func parts(_ model: Prepared, waits: [Double]) -> [ChunkLoads] {
        let video = model.bestVideo(waits: waits)
        let round = RoundArrays(waits: Flat(waits), videoBest: Flat(video.channel), videoCost: Flat(video.minutes))
        let buffer = CellBuffer(count: model.cellCount)
        return model.offsets.withUnsafeBufferPointer { offsets in
            model.travelSite.withUnsafeBufferPointer { site in
                model.travelMinutes.withUnsafeBufferPointer { minutes in
                    let travel = TravelPointers(offsets: offsets.baseAddress, site: site.baseAddress, minutes: minutes.baseAddress)
                    return (0..<3).map { model.runChunk($0, travel: travel, round: round, cells: buffer) }
                }
            }
        }
    }

    @Test("a chunk lists only the sites its cells send to; added in order they give the reference's loads",
          arguments: [nil, 0.2])
    func chunksKeepTheirSitesOnly(logit: Double?) throws {
        let input = try Self.street()
        let parameters = TwinParameters(logitScalePerMinute: logit, threads: 2)
        let model = Prepared(input, parameters)
        let waits = input.sites.indices.map { Double($0 % 5) } + [0, 4]
        let parts = Self.parts(model, waits: waits)
        // Kiosk 0 (x = 0.5) is reached from x ≤ 1.7 only, kiosk 11 (x = 11.5) from x ≥ 10.3 only.
        #expect(parts[0].sites.contains(0) && !parts[0].sites.contains(11))
        #expect(parts[2].sites.contains(11) && !parts[2].sites.contains(0))
        #expect(parts.allSatisfy { $0.sites == $0.sites.sorted() && $0.sites.count < input.sites.count })
        var total = Loads(siteCount: input.sites.count, channelCount: input.channels.count)
        for part in parts { total.add(part) }
        let loads = model.evaluate(waits: waits, threads: 2, cells: CellBuffer(count: input.cells.count))
        #expect(total.siteCompletions == loads.siteCompletions && total.siteHandlingMinutes == loads.siteHandlingMinutes)
        #expect(total.channelCompletions == loads.channelCompletions && total.itemSums == loads.itemSums)
        let reference = TwinChoice(input, parameters).evaluate(waits: waits).loads
        #expect(ReferenceChoiceTests.loadsAgree(loads.siteCompletions, reference.siteCompletions, logit: logit != nil))
        #expect(ReferenceChoiceTests.loadsAgree(loads.siteHandlingMinutes, reference.siteHandlingMinutes, logit: logit != nil))
        #expect(loads.channelCompletions == reference.channelCompletions && loads.itemSums == reference.itemSums)
        #expect(reference.siteCompletions.filter { $0 > 0 }.count >= 12, "most sites are chosen")
    }
}
