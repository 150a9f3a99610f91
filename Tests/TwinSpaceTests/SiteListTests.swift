import Model
import Testing
@testable import TwinSpace

/// The kernel finds a row's best kiosk once per site list (kiosks of equal capability groups)
/// and then per group from its lists: the group's best must still be the least visit minutes
/// with the lower site index on ties, whichever list and row position the sites come from.
@Suite struct SiteListTests {
    /// Three kiosks at the same minutes (all tie); kiosk 0 also does item B, so it is a list of
    /// its own ([A's group, B's group]) and comes last in the row; kiosks 1 and 2 share a list.
    static func tiedKiosks() throws -> TwinInput {
        let items = [("A", 100.0), ("B", 50.0)].map { id, rate in
            ServiceItem(id: id, name: id, perThousandPerYear: rate, minTier: .community, hall: false, kiosk: true,
                        online: false, video: false, tripsHall: 0, tripsKiosk: 1, tripsOnline: 0, handlingMinutes: 5,
                        documents: 1, timeLimitDays: 1, consultPerCompletion: 0)
        }
        let sites = try (0..<3).map { j in
            Site(id: "K\(j)", name: "K\(j)", kind: .kiosk, tier: nil, windows: 2, hours: try OpeningHours(parsing: "24/7"),
                 services: j == 0 ? ["A", "B"] : ["A"], location: XY(Double(j), 0))
        }
        let cells = [Cell(id: "c0", area: nil, centroid: XY(0, 0), population: 1000, elderlyShare: 0, digitalShare: 0)]
        let row = [(site: 2, minutes: 7.0), (site: 1, minutes: 7.0), (site: 0, minutes: 7.0)]
        return TwinInput(cells: cells, items: items, sites: sites, channels: [], travel: SparseTravel(rows: [row]))
    }

    @Test("tied kiosks of two site lists: both items go to the lowest index, as in the reference")
    func tiesAcrossListsGoToTheLowerIndex() throws {
        let input = try Self.tiedKiosks()
        let parameters = TwinParameters(threads: 1)
        let model = Prepared(input, parameters)
        #expect(model.sites.listIsHall.count == 2, "kiosk 0 alone, kiosks 1 and 2 together")
        let waits = [0.0, 0.0, 0.0]
        let loads = model.evaluate(waits: waits, threads: 1, cells: CellBuffer(count: 1))
        // 1000 residents × (100 + 50) per 1000 a year, all at kiosk 0.
        #expect(loads.siteCompletions == [150, 0, 0])
        #expect(loads.siteCompletions == TwinChoice(input, parameters).evaluate(waits: waits).loads.siteCompletions)
        // Kiosk 0 one minute slower (its wait): item A moves to kiosk 1, the lower index of the tied list.
        let slower = model.evaluate(waits: [1, 0, 0], threads: 1, cells: CellBuffer(count: 1))
        #expect(slower.siteCompletions == [50, 100, 0])
    }
}
