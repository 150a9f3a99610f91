import Foundation
import Model
import Roads
import Testing
import TestSupport
@testable import TwinReachKit

/// A district naming its own road profile in district.yaml (`road_profile`): the roads are
/// judged by it, and problems name the right file and line.
@Suite struct RoadProfileDistrictTests {
    /// A tiny district with a roads.osm of a footway and a residential street, and optionally
    /// `road_profile` lines appended to district.yaml.
    func district(_ extra: String, profile: String? = nil) throws -> URL {
        let folder = try Paths.scratch("roadProfile").appendingPathComponent("district")
        var tiny = TinyDistrict()
        tiny.cell("c1", x: 0, y: 0, pop: 100)
        tiny.hall("h1", x: 100, y: 0)
        tiny.item("permit", perThousand: 10)
        _ = try tiny.write(to: folder)
        let a = tiny.at(0, 0), b = tiny.at(100, 0), c = tiny.at(200, 0)
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <node id="1" lat="\(a.y)" lon="\(a.x)"/><node id="2" lat="\(b.y)" lon="\(b.x)"/><node id="3" lat="\(c.y)" lon="\(c.x)"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
          <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
        </osm>
        """.write(to: folder.appendingPathComponent("roads.osm"), atomically: true, encoding: .utf8)
        let yaml = folder.appendingPathComponent("district.yaml")
        try (try String(contentsOf: yaml, encoding: .utf8) + extra).write(to: yaml, atomically: true, encoding: .utf8)
        if let profile { try profile.write(to: folder.appendingPathComponent("my-walk.yaml"), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func theDistrictsProfileDecidesWhichWaysAreWalked() throws {
        let shipped = CheckCommand.run(path: try district("").path)
        #expect(shipped.summary.contains("roads: roads.osm (2 road ways, 2 usable by walk)"), "\(shipped.summary)")
        // Footways left out by the district's own walk profile: no mode uses way 10 any more
        // (bikes and cars never did).
        let noFootways = ShippedProfiles.text(.walk).replacingOccurrences(of: "pedestrian, footway, path", with: "pedestrian, path")
        let own = CheckCommand.run(path: try district("road_profile: my-walk.yaml\n", profile: noFootways).path)
        #expect(own.problems.isEmpty, "\(own.problems)")
        #expect(own.summary.contains("roads: roads.osm (1 road ways, 1 usable by walk)"), "\(own.summary)")
    }

    @Test func aMissingOrBrokenProfileIsNamed() throws {
        let missing = try district("road_profile: nowhere.yaml\n")
        let yaml = missing.appendingPathComponent("district.yaml").path
        let lines = try String(contentsOfFile: yaml, encoding: .utf8).components(separatedBy: "\n")
        let line = (lines.firstIndex(of: "road_profile: nowhere.yaml") ?? -2) + 1
        let run = try Tool.run(["check", missing.path])
        #expect(run.stderr.contains("\(yaml):\(line): road_profile: no such file 'nowhere.yaml' (relative to the district folder)"), "\(run.stderr)")
        #expect(run.status != 0)

        let broken = ShippedProfiles.text(.walk).replacingOccurrences(of: "maxspeed: ignore", with: "maxspeed: ignore\nspeeds: 3")
        let folder = try district("road_profile: my-walk.yaml\n", profile: broken)
        let profileLine = (broken.components(separatedBy: "\n").firstIndex(of: "speeds: 3") ?? -2) + 1
        let report = CheckCommand.run(path: folder.path)
        let path = folder.appendingPathComponent("my-walk.yaml").path
        #expect(report.problems.contains { $0.description.hasPrefix("\(path):\(profileLine): unknown key 'speeds' in a road profile") },
                "\(report.problems)")
    }
}
