import Foundation
import Model
import Network
import OSMReader
import Testing
import TestSupport
@testable import Roads

/// Three nodes 0.001° apart on a meridian (111.195 m each on the 6,371,008.8 m sphere):
/// a footway 1-2, then a residential street 2-3 tagged maxspeed=20.
private let line = """
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="42.500" lon="1.500"/>
  <node id="2" lat="42.501" lon="1.500"/>
  <node id="3" lat="42.502" lon="1.500"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="maxspeed" v="20"/></way>
</osm>
"""

private let segmentMeters = 0.001 * Double.pi / 180 * 6_371_008.8

private func scratch(_ name: String, _ text: String) throws -> String {
    let dir = try Paths.scratch("roads")
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Seconds from node 1 to node 3 for `mode` under `profiles`.
private func seconds(_ mode: TravelMode, _ profiles: RoadProfiles) throws -> Float? {
    let data = try OSMFile.read(URL(fileURLWithPath: try scratch("line.osm", line)))
    let ways = data.roadWays(profiles: profiles).ways.compactMap { way -> RoadWayInput? in
        guard let access = mode == .walk ? way.walk : way.drive else { return nil }
        return RoadWayInput(nodeIDs: way.nodeIDs, points: way.points, speedKmh: access.speedKmh,
                            forward: access.forward, backward: access.backward)
    }
    let network = RoadNetwork(ways: ways)
    let times = network.travelTimes(sites: [XY(1.5, 42.502)], cells: [XY(1.5, 42.5)], maxSnapMeters: 1, walkKmh: 4.5,
                                    cutoffSeconds: 3600, threads: 1)
    return times.times.row(0).first?.seconds
}

/// The shipped profile text with one line replaced.
private func edited(_ mode: TravelMode, _ old: String, _ new: String) throws -> String {
    let text = ShippedProfiles.text(mode)
    #expect(text.contains(old))
    return text.replacingOccurrences(of: old, with: new)
}

@Suite struct ProfileTests {
    @Test func walkClassSpeedChangesTheFootwayTime() throws {
        // Shipped: 4.5 km/h on both: 2 × 111.195 m / 1.25 m/s = 177.91 s.
        let shipped = try #require(try seconds(.walk, RoadProfiles.shipped()))
        #expect(abs(Double(shipped) - 2 * segmentMeters / (4.5 / 3.6)) < 0.01)
        #expect(abs(Double(shipped) - 177.91) < 0.01)
        // footway at 3 km/h: 133.43 s + 88.96 s = 222.39 s.
        var profiles = try RoadProfiles.shipped()
        let slow = try edited(.walk, "class_speeds_kmh: {}", "class_speeds_kmh: {footway: 3}")
        profiles.walk = try RoadProfileReader.read(text: slow, file: "slow-walk.yaml").resolvingSpeed(districtKmh: 4.5)
        let time = try #require(try seconds(.walk, profiles))
        #expect(abs(Double(time) - 222.39) < 0.01)
    }

    @Test func driveMaxspeedIgnoredTakesTheClassSpeed() throws {
        // The footway is not driven: from node 2 the car covers 111.195 m; node 1 snaps to
        // node 1 and cannot reach, so measure 2 -> 3 directly.
        let data = try OSMFile.read(URL(fileURLWithPath: try scratch("line.osm", line)))
        let shipped = try RoadProfiles.shipped()
        let residential = try #require(data.roadWays(profiles: shipped).ways.first { $0.wayID == 11 })
        #expect(residential.drive == ModeAccess(speedKmh: 20, forward: true, backward: true))
        #expect(data.roadWays(profiles: shipped).ways.first { $0.wayID == 10 }?.drive == nil)
        var profiles = shipped
        profiles.drive = try RoadProfileReader.read(text: try edited(.drive, "maxspeed: use", "maxspeed: ignore"), file: "d.yaml")
        let ignoring = try #require(data.roadWays(profiles: profiles).ways.first { $0.wayID == 11 })
        #expect(ignoring.drive == ModeAccess(speedKmh: 30, forward: true, backward: true))
        // 111.195 m at 30 km/h = 13.343 s, at 20 km/h = 20.015 s.
        #expect(abs(segmentMeters / (30 / 3.6) - 13.343) < 0.001 && abs(segmentMeters / (20 / 3.6) - 20.015) < 0.001)
    }

    @Test func excludedTagRuleLeavesTheWayOut() throws {
        var profiles = try RoadProfiles.shipped()
        profiles.walk = try RoadProfileReader.read(
            text: try edited(.walk, "  - {key: area, values: [\"yes\"]}", "  - {key: maxspeed, values: [\"20\"], classes: [residential]}"),
            file: "w.yaml").resolvingSpeed(districtKmh: 4.5)
        #expect(try seconds(.walk, profiles) == nil)
    }

    @Test func badKeyIsNamedByFileAndLine() throws {
        let text = try edited(.walk, "maxspeed: ignore", "maxspeed: ignore\nmax_speed: 30")
        let line = text.components(separatedBy: "\n").firstIndex(of: "max_speed: 30").map { $0 + 1 } ?? 0
        #expect(throws: InputError(file: "my-walk.yaml", .line(line), "unknown key 'max_speed' in a road profile (mode, classes, with_permission, never_classes, access_keys, general_access_keys, allowed_values, forbidden_values, excluded, excluded_unless_allowed, class_speeds_kmh, maxspeed, oneway, speed_kmh, walking_pace_kmh, maxspeed_country_defaults_kmh, oneway_classes, speed_factors, slope, slope_min_kmh)")) {
            try RoadProfileReader.read(text: text, file: "my-walk.yaml")
        }
        let bad = try edited(.drive, "oneway: follow", "oneway: sometimes")
        let badLine = bad.components(separatedBy: "\n").firstIndex(of: "oneway: sometimes").map { $0 + 1 } ?? 0
        #expect(throws: InputError(file: "d.yaml", .line(badLine), "'oneway' is 'sometimes'; it must be follow or ignore")) {
            try RoadProfileReader.read(text: bad, file: "d.yaml")
        }
        let noSpeed = try edited(.drive, "residential: 30, ", "")
        #expect(throws: InputError.self) { try RoadProfileReader.read(text: noSpeed, file: "d.yaml") }
    }

    @Test func districtNamesItsOwnProfile() throws {
        let own = try scratch("my-walk.yaml", try edited(.walk, "class_speeds_kmh: {}", "class_speeds_kmh: {footway: 3}"))
        var settings = DistrictSettings(name: "t")
        settings.roadProfiles = [own]
        let profiles = try RoadProfiles.forDistrict(settings)
        #expect(profiles.walk.classSpeedsKmh == ["footway": 3])
        #expect(profiles.walk.baseSpeed == .kmh(4.5))
        #expect(profiles.drive == (try RoadProfiles.shipped()).drive)
        #expect(abs(Double(try #require(try seconds(.walk, profiles))) - 222.39) < 0.01)
        // A broken file is named by its own path and line.
        let broken = try scratch("broken.yaml", "mode: walk\nclasses: [footway\n")
        settings.roadProfiles = [broken]
        #expect { try RoadProfiles.forDistrict(settings) } throws: { error in
            (error as? InputError)?.file == broken && (error as? InputError)?.description.hasPrefix("\(broken):") == true
        }
    }

    @Test func embeddedTextsEqualTheFilesInProfiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Profiles")
        for mode in TravelMode.allCases {
            let file = try String(contentsOf: root.appendingPathComponent("\(mode.rawValue).yaml"), encoding: .utf8)
            #expect(ShippedProfiles.text(mode) + "\n" == file, "run scripts/embed-profiles.sh")
            #expect(try ShippedProfiles.profile(mode).mode == mode)
        }
    }
}
