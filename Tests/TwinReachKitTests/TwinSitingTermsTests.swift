import Foundation
import Model
import Siting
import Testing
@testable import TwinReachKit

/// The twin terms of one cell, by hand: segments and weights, online and video with a 现场勘查
/// trip, and the other kind's in-person cost folded into the cap.
@Test("twin terms of a cell, placing kiosks, computed by hand")
func twinTermsByHand() throws {
    // 100 residents, 20 % elderly, 50 % digital; no adoption ratio (adults 0): the elderly are
    // the not-digital first, so 50 adults digital, 30 adults and 20 elderly not digital.
    // twin_weights elderly 3, not_digital 2: digital segment 50, not digital 2·30 + (3+2−1)·20 = 140.
    var settings = DistrictSettings(name: "t", digitalAdoptionAdults: 0, digitalAdoptionElderly: 0,
                                    twinWeightElderly: 3, twinWeightNotDigital: 2)
    settings.elderlyShare = 0.2
    let cell = Cell(id: "c", area: nil, centroid: XY(0, 0), population: 100, elderlyShare: 0.2, digitalShare: 0.5)
    // I1: online (15 min), one trip to a hall or a kiosk. I2: video (20 min) with one 现场勘查
    // trip, three hall trips, one kiosk trip.
    let items = [
        ServiceItem(id: "I1", name: "I1", perThousandPerYear: 10, minTier: .community, hall: true, kiosk: true, online: true,
                    video: false, tripsHall: 1, tripsKiosk: 1, handlingMinutes: 10),
        ServiceItem(id: "I2", name: "I2", perThousandPerYear: 20, minTier: .community, hall: true, kiosk: true, online: false,
                    video: true, tripsHall: 3, tripsKiosk: 1, tripsOnline: 1, handlingMinutes: 10),
    ]
    let channels = [
        Channel(id: "web", kind: .online, hours: .alwaysOpen, services: .allOnline, effortMinutes: 15, agents: 0, seats: 0, handlingMinutes: 0),
        Channel(id: "video", kind: .video, hours: .alwaysOpen, services: .allOnline, effortMinutes: 0, agents: 2, seats: 0, handlingMinutes: 20),
    ]
    let hall = Site(id: "H", name: "H", kind: .hall, tier: .district, windows: 2, hours: .alwaysOpen, services: nil, location: XY(0, 0))
    let kiosk = Site(id: "K", name: "K", kind: .kiosk, tier: nil, windows: 1, hours: .alwaysOpen, services: nil, location: XY(0, 0))
    // Sites: the candidate (2 minutes), H (10), K (5).
    let instance = SitingInstance(populations: [100], siteCount: 3, candidateCount: 1, fixed: [1, 2],
                                  cells: [0, 0, 0], sites: [0, 1, 2], minutes: [2, 10, 5])
    let template = ScenarioOptimizer.newSite(id: "", candidate: Candidate(id: "x", location: XY(0, 0)), kind: .kiosk, tier: nil)
    let terms = ScenarioOptimizer.twinTerms(instance: instance, cells: [cell], items: items, channels: channels,
                                            settings: settings, existing: [hall, kiosk], newSite: template)
    // Caps: I1 digital min(online 15, hall 1·2·10 = 20) = 15, not digital 20; I2 digital
    // min(video 20 + 1·2·10 = 40, hall 3·2·10 = 60) = 40, not digital 60 (video needs the
    // digital segment by default). Kiosk trips: multiplier 2.
    // Weights: digital 50·0.01 = 0.5 and 50·0.02 = 1; not digital 140·0.01 = 1.4 and 140·0.02 = 2.8.
    #expect(terms.caps == [15, 40, 20, 60])
    #expect(zip(terms.weights, [0.5, 1, 1.4, 2.8]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(terms.weights)")
    #expect(terms.multipliers == [2, 2, 2, 2])
    #expect(terms.groupSites == [[true, false, true]]) // the candidate and K can serve both items
    // Kiosk K at 5 minutes costs 10 per completion (below every cap): 10·5.7 = 57; the
    // candidate at 2 minutes: 4·5.7 = 22.8.
    #expect(abs(SitingObjective.value(.twin(p: 0, terms: terms), instance, selected: []) - 57) < 1e-9)
    let result = try SiteSelection.solve(instance, model: .twin(p: 1, terms: terms))
    #expect(result.selected == [0] && abs(result.objective - 22.8) < 1e-9)
}
