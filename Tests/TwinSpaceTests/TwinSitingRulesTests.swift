import Model
import Testing
@testable import TwinSpace

/// The twin siting objective and the channel choice read the same rules: on a small district
/// of two districts, each (cell, segment, item)'s term offers exactly the sites of the placed
/// kind the model lets that cell use, and its cap is the model's cheapest other option at
/// waits 0 — with 跨区通办 off (the neighbour's hall is no option) and on.
@Suite struct TwinSitingTermsRuleTests {
    static func site(_ id: String, _ kind: SiteKind) throws -> Site {
        Site(id: id, name: id, kind: kind, tier: kind == .hall ? .district : nil, windows: 2,
             hours: try OpeningHours(parsing: "24/7"), services: nil, location: XY(0, 0))
    }

    @Test("twin terms' option sets match the model's choice inputs, 跨区通办 off and on", arguments: [false, true])
    func termsMatchModel(crossDistrict: Bool) throws {
        let items = [
            ServiceItem(id: "I1", name: "I1", perThousandPerYear: 30, minTier: .community, hall: true, kiosk: true, online: false,
                        video: false, tripsHall: 1, tripsKiosk: 1, handlingMinutes: 10),
            ServiceItem(id: "I2", name: "I2", perThousandPerYear: 20, minTier: .community, hall: true, kiosk: false, online: true,
                        video: false, tripsHall: 2, tripsKiosk: 0, tripsOnline: 1, handlingMinutes: 10),
            ServiceItem(id: "I3", name: "I3", perThousandPerYear: 10, minTier: .community, hall: true, kiosk: false, online: false,
                        video: false, tripsHall: 1, tripsKiosk: 0, handlingMinutes: 10),
        ]
        let web = Channel(id: "web", kind: .online, hours: .alwaysOpen, services: .allOnline, effortMinutes: 25,
                          agents: 0, seats: 0, handlingMinutes: 0)
        // Existing: H0 (district 0), H1 (district 1), a kiosk; one candidate hall (district 0).
        let existing = [try Self.site("H0", .hall), try Self.site("H1", .hall), try Self.site("K", .kiosk)]
        let newSite = try Self.site("new", .hall)
        let cells = [Cell(id: "a", area: nil, centroid: XY(0, 0), population: 1000, elderlyShare: 0.3, digitalShare: 0.6),
                     Cell(id: "b", area: nil, centroid: XY(0, 0), population: 500, elderlyShare: 0.5, digitalShare: 0.4)]
        let cellDistrict = [0, 1], existingDistrict = [0, 1, 0]
        // Instance sites: the candidate, H0, H1, K. Cell a is nearest to the neighbour's H1.
        let travel = SparseTravel(rows: [[(0, 12), (1, 20), (2, 4), (3, 9)], [(0, 30), (1, 25), (2, 6), (3, 40)]])
        var parameters = TwinParameters(crossDistrict: crossDistrict)
        parameters.elderlyAdoptionRatio = 0.4
        let terms = TwinSitingTerms.build(TwinSitingProblem(
            cells: cells, items: items, channels: [web], candidateCount: 1, newSite: newSite, existing: existing,
            travel: travel, cellDistrict: cellDistrict, existingDistrict: existingDistrict, candidateDistrict: 0,
            parameters: parameters))

        // The model with every instance site open: the halls each cell may use per item.
        let all = TwinChoice(TwinInput(cells: cells, items: items, sites: [newSite] + existing, channels: [web], travel: travel,
                                       cellDistrict: cellDistrict, siteDistrict: [0] + existingDistrict), parameters)
        // The model with the existing sites only (the cap's options), at waits 0.
        let existingTravel = SparseTravel(rows: [[(0, 20), (1, 4), (2, 9)], [(0, 25), (1, 6), (2, 40)]])
        let fixed = TwinChoice(TwinInput(cells: cells, items: items, sites: existing, channels: [web], travel: existingTravel,
                                         cellDistrict: cellDistrict, siteDistrict: existingDistrict), parameters)
        let zeroWaits = [Double](repeating: 0, count: existing.count + 1)
        for c in cells.indices {
            let cellTerms = (0..<terms.cells.count).filter { terms.cells[$0] == Int32(c) }
            let rowSites = travel.offsets[c]..<travel.offsets[c + 1]
            for item in items {
                let modelSites = Set(all.visits(.hall, item, reachable: all.reachable(c), waits: [0, 0, 0, 0, 0]).map(\.site))
                let options = fixed.options(item, reachable: fixed.reachable(c), waits: zeroWaits, video: nil)
                for segment in TwinRules.Segment.allCases {
                    let cap = options.filter { $0.choice != .hall && fixed.mayUse($0, segment) }
                        .map(\.cost).min() ?? .infinity
                    let match = cellTerms.contains { t in
                        let group = terms.groupSites[Int(terms.groups[t])]
                        let offered = Set(rowSites.map { Int(travel.site[$0]) }.filter { group[$0] })
                        return offered == modelSites && terms.caps[t] == cap && terms.multipliers[t] == 2 * item.tripsHall
                    }
                    #expect(match, "cell \(c), item \(item.id), \(segment): model halls \(modelSites.sorted()), cap \(cap)")
                }
            }
        }
        // Cell a's halls: without 跨区通办, H1 (site 2) is no option for it.
        let groupsOfA = (0..<terms.cells.count).filter { terms.cells[$0] == 0 }.map { terms.groupSites[Int(terms.groups[$0])] }
        #expect(groupsOfA.allSatisfy { $0[2] == crossDistrict })
    }
}
