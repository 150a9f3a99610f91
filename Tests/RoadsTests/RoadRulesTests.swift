import Foundation
import Model
import Testing
import TestSupport
import OSMReader
@testable import Roads

/// The hand-written fixture of the OSMReader tests: each way checks one road rule.
private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../OSMReaderTests/Fixtures/tiny.osm")

private func road(_ extraction: RoadExtraction, _ wayID: Int64) -> OSMRoadWay? {
    extraction.ways.first { $0.wayID == wayID }
}

/// The shipped profiles keep the rules that were hard-coded before they became files.
@Suite struct ShippedRoadRulesTests {
    @Test func roadRulesPerMode() throws {
        let roads = try OSMFile.read(fixture).roadWays(profiles: RoadProfiles.shipped())
        // 103 (access=private) and 106 (area=yes) serve nobody.
        #expect(roads.unusableWayCount == 2)
        #expect(roads.ways.count == 12)
        let r100 = try #require(road(roads, 100))
        #expect(r100.drive == ModeAccess(speedKmh: 30, forward: true, backward: false))
        #expect(r100.walk == ModeAccess(speedKmh: 4.5, forward: true, backward: true, slope: SlopeRule(.tobler)))
        #expect(r100.bike == ModeAccess(speedKmh: 15, forward: true, backward: true, slope: SlopeRule(.cycling, minKmh: 4)))
        // oneway=-1 and 20 mph = 32.18688 km/h.
        let r101 = try #require(road(roads, 101))
        #expect(r101.drive?.forward == false && r101.drive?.backward == true)
        #expect(abs((r101.drive?.speedKmh ?? 0) - 32.18688) < 1e-9)
        let r102 = try #require(road(roads, 102))
        #expect(r102.walk != nil && r102.bike == nil && r102.drive == nil)
        // access=no but foot=yes: walking only.
        let r104 = try #require(road(roads, 104))
        #expect(r104.walk != nil && r104.bike == nil && r104.drive == nil)
        // A roundabout is one-way without an oneway tag; residential default 30 km/h.
        #expect(road(roads, 105)?.drive == ModeAccess(speedKmh: 30, forward: true, backward: false))
        // Motorway: implied one-way, maxspeed=none falls back to the class default; no walking.
        let r107 = try #require(road(roads, 107))
        #expect(r107.drive == ModeAccess(speedKmh: 100, forward: true, backward: false))
        #expect(r107.walk == nil && r107.bike == nil)
        // Reversible: not driven, still walked.
        let r108 = try #require(road(roads, 108))
        #expect(r108.drive == nil && r108.walk != nil)
        #expect(road(roads, 109)?.drive == ModeAccess(speedKmh: 5, forward: true, backward: true))
        let r110 = try #require(road(roads, 110))
        #expect(r110.bike != nil && r110.walk == nil && r110.drive == nil)
        // RU:urban = 50 km/h; motor_vehicle=destination still drives.
        #expect(road(roads, 111)?.drive == ModeAccess(speedKmh: 50, forward: true, backward: true))
        // motorcar=no overrides everything for cars.
        #expect(road(roads, 112)?.drive == nil)
        // Way 113 lacks node 404: only the run 7-8 remains, never bridged across the gap.
        #expect(road(roads, 113)?.nodeIDs == [7, 8])
        #expect(roads.missingNodeCount == 1)
    }

    @Test func maxspeedValues() {
        #expect(parseMaxspeedKmh("50") == 50)
        #expect(parseMaxspeedKmh("50 km/h") == 50)
        #expect(parseMaxspeedKmh("30 mph") == 30 * 1.609344)
        #expect(parseMaxspeedKmh("walk") == 5)
        #expect(parseMaxspeedKmh("walk", walkingPaceKmh: 6) == 6)
        #expect(parseMaxspeedKmh("none") == nil)
        #expect(parseMaxspeedKmh("signals") == nil)
        #expect(parseMaxspeedKmh("FR:urban") == 50)
        #expect(parseMaxspeedKmh("FR:rural") == 90)
        #expect(parseMaxspeedKmh("DE:zone30") == 30)
        #expect(parseMaxspeedKmh("zone:20") == 20)
        #expect(parseMaxspeedKmh("60;40") == 60)
        #expect(parseMaxspeedKmh("fast") == nil)
        #expect(parseMaxspeedKmh("-5") == nil)
    }

}
