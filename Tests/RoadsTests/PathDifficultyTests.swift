import Foundation
import Model
import Testing
import TestSupport
import OSMReader
@testable import Roads

/// The shipped profiles' rules for mountain paths (sac_scale, trail_visibility) and the slope
/// rules' speeds, by hand.
@Suite struct PathDifficultyTests {
    /// One path per (key, value), ids from 200.
    static func paths(_ tags: [[String: String]]) throws -> RoadExtraction {
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n"
        for k in 0..<(tags.count + 1) { xml += "<node id=\"\(k + 1)\" lat=\"42.5\" lon=\"\(1.5 + 0.001 * Double(k))\"/>\n" }
        for (k, t) in tags.enumerated() {
            xml += "<way id=\"\(200 + k)\"><nd ref=\"\(k + 1)\"/><nd ref=\"\(k + 2)\"/><tag k=\"highway\" v=\"path\"/>"
            xml += t.map { "<tag k=\"\($0.key)\" v=\"\($0.value)\"/>" }.joined() + "<tag k=\"bicycle\" v=\"yes\"/></way>\n"
        }
        xml += "</osm>\n"
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("paths.osm")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        return try OSMFile.read(file).roadWays(profiles: RoadProfiles.shipped())
    }

    @Test func walkersTakeMountainPathsSlowerAndLeaveAlpineRoutesOut() throws {
        let roads = try Self.paths([
            [:], ["sac_scale": "hiking"], ["sac_scale": "mountain_hiking"], ["sac_scale": "demanding_mountain_hiking"],
            ["sac_scale": "alpine_hiking"], ["sac_scale": "difficult_alpine_hiking"], ["trail_visibility": "bad"],
            ["trail_visibility": "no"], ["sac_scale": "demanding_mountain_hiking", "trail_visibility": "bad"],
        ])
        func walk(_ id: Int64) -> Double? { roads.ways.first { $0.wayID == id }?.walk?.speedKmh }
        func bike(_ id: Int64) -> Double? { roads.ways.first { $0.wayID == id }?.bike?.speedKmh }
        // 4.5 km/h on plain paths and T1; T2 × 0.8 = 3.6; T3 × 0.6 = 2.7; T4 and T6 left out.
        #expect(walk(200) == 4.5 && walk(201) == 4.5)
        #expect(abs((walk(202) ?? 0) - 3.6) < 1e-12 && abs((walk(203) ?? 0) - 2.7) < 1e-12)
        #expect(walk(204) == nil && walk(205) == nil)
        // Bad visibility × 0.8 = 3.6; none: left out; T3 with bad visibility: 4.5 × 0.6 × 0.8 = 2.16.
        #expect(abs((walk(206) ?? 0) - 3.6) < 1e-12 && walk(207) == nil)
        #expect(abs((walk(208) ?? 0) - 2.16) < 1e-12)
        // Cyclists ride T1 and plain paths only.
        #expect(bike(200) == 15 && bike(201) == 15 && bike(202) == nil && bike(203) == nil)
    }

    @Test func slopeRulesByHand() {
        let tobler = SlopeRule(.tobler), cycling = SlopeRule(.cycling, minKmh: 4)
        // Tobler scaled to 4.5 km/h flat: e^(−3.5·|g + 0.05|) / e^(−0.175).
        #expect(abs(tobler.speedKmh(flatKmh: 4.5, grade: 0) - 4.5) < 1e-12)
        #expect(abs(tobler.speedKmh(flatKmh: 4.5, grade: -0.05) - 4.5 * exp(0.175)) < 1e-12)     // 5.361
        #expect(abs(tobler.speedKmh(flatKmh: 4.5, grade: 0.25) - 4.5 * exp(-0.875)) < 1e-12)     // 1.876
        // Cycling at 15 km/h: 5 % up 15 / 1.5 = 10; 30 % up 15 / 4 = 3.75, floored at 4;
        // 5 % down 15 × 1.25 = 18.75; 20 % down capped at 1.5 × = 22.5.
        #expect(abs(cycling.speedKmh(flatKmh: 15, grade: 0.05) - 10) < 1e-12)
        #expect(cycling.speedKmh(flatKmh: 15, grade: 0.3) == 4)
        #expect(abs(cycling.speedKmh(flatKmh: 15, grade: -0.05) - 18.75) < 1e-12)
        #expect(cycling.speedKmh(flatKmh: 15, grade: -0.2) == 22.5)
        // The floor never lifts a slow way above its own speed.
        #expect(abs(cycling.speedKmh(flatKmh: 3, grade: 0.1) - 3) < 1e-12)
        // A stretch of 100 m up 10 m then down 10 m (two pieces of 50 m at ±20 %):
        // time factor (1/e^(−3.5·0.25+0.175) + 1/e^(−3.5·0.15+0.175)) / 2 = (e^0.7 + e^0.35) / 2.
        let factor = tobler.timeFactor(heights: [100, 110, 100], meters: 100, flatKmh: 4.5)
        #expect(abs(factor - (exp(0.7) + exp(0.35)) / 2) < 1e-12)
        // A missing height makes its piece flat.
        #expect(abs(tobler.timeFactor(heights: [100, nil, 100], meters: 100, flatKmh: 4.5) - 1) < 1e-12)
    }
}
