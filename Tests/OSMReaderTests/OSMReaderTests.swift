import Foundation
import Model
import Testing
import TestSupport
@testable import OSMReader

/// The hand-written fixture beside this file.
private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/tiny.osm")

private func road(_ extraction: RoadExtraction, _ wayID: Int64) -> OSMRoadWay? {
    extraction.ways.first { $0.wayID == wayID }
}

@Suite struct FixtureTests {
    @Test func readsEveryElementAndKeepsOnlyWhatTheFilterAsks() throws {
        let data = try OSMFile.read(fixture)
        #expect(data.counts.nodes == 12)
        #expect(data.counts.ways == 17)
        #expect(data.counts.relations == 2)
        // Way 300 has no tags but boundary 500 names it; way 301 has neither, so node 99
        // (used only by 301) is not kept. Node 10 is kept as a relation member.
        #expect(data.way(300)?.nodeIDs == [1, 3, 9, 1])
        #expect(data.way(301) == nil)
        #expect(data.coordinates.count == 10)
        #expect(data.coordinates[99] == nil)
        #expect(data.coordinates[4] == XY(7.002, 45.001))
        // Tagged nodes with a filter key (amenity): the townhall and the bench.
        #expect(data.nodes.map(\.id) == [10, 11])
    }

    @Test func roadRulesPerMode() throws {
        let roads = try OSMFile.read(fixture).roadWays()
        // 103 (access=private) and 106 (area=yes) serve nobody.
        #expect(roads.unusableWayCount == 2)
        #expect(roads.ways.count == 12)
        let r100 = try #require(road(roads, 100))
        #expect(r100.drive == ModeAccess(speedKmh: 30, forward: true, backward: false))
        #expect(r100.walk == ModeAccess(speedKmh: 4.5, forward: true, backward: true))
        #expect(r100.bike == ModeAccess(speedKmh: 15, forward: true, backward: true))
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

    @Test func buildingsBoundariesAndServicePoints() throws {
        let data = try OSMFile.read(fixture)
        let buildings = data.buildings()
        #expect(buildings.buildings.count == 1)
        let b = try #require(buildings.buildings.first)
        #expect(b.id == 200 && b.levels == 3 && b.building == "yes")
        #expect(b.footprint.polygons.first?.exterior.count == 5)

        let quartiers = data.administrativeBoundaries(adminLevel: 10)
        #expect(quartiers.count == 1)
        #expect(quartiers.first?.name == "Quartier" && quartiers.first?.isComplete == true)
        #expect(quartiers.first?.lines.first?.role == "outer")
        #expect(quartiers.first?.lines.first?.points.count == 4)
        let communes = data.administrativeBoundaries(adminLevel: 8)
        #expect(communes.first?.missingWayIDs == [777])

        let points = data.servicePoints()
        #expect(points.map(\.kind) == [.townhall, .library])
        #expect(points.first?.name == "Mairie" && points.first?.location == XY(7.0005, 45.0005))
        // The library is the building's square: its centroid is the square's centre.
        let library = try #require(points.last)
        #expect(abs(library.location.x - 7.0015) < 1e-12 && abs(library.location.y - 45.0005) < 1e-12)
    }
}

@Suite struct ErrorTests {
    @Test func missingFileIsMissingInput() throws {
        let url = URL(fileURLWithPath: "/nonexistent/roads.osm.pbf")
        #expect { try OSMFile.read(url) } throws: { error in
            let e = error as? InputError
            return e?.kind == .missingInput && e?.description == "/nonexistent/roads.osm.pbf: no such file"
        }
    }

    @Test func wrongSuffixIsBadData() throws {
        let dir = try Paths.scratch()
        let url = dir.appendingPathComponent("roads.geojson")
        try Data("{}".utf8).write(to: url)
        #expect { try OSMFile.read(url) } throws: { error in
            (error as? InputError)?.description
                == "\(url.path): not an OpenStreetMap file: the name must end in .osm or .osm.pbf"
        }
    }

    @Test func truncatedXMLIsBadData() throws {
        let whole = try Data(contentsOf: fixture)
        let url = try Paths.scratch().appendingPathComponent("cut.osm")
        try whole.prefix(whole.count / 2).write(to: url)
        #expect { try OSMFile.read(url) } throws: { error in
            let e = error as? InputError
            return e?.kind == .badData && e?.exitCode == 65
                && e?.description == "\(url.path): OpenStreetMap XML is malformed or truncated (readosm XML error)"
        }
    }

    @Test func truncatedPBFIsBadData() throws {
        guard let monaco = try Paths.sharedFile("data/monaco-2026-07-10.osm.pbf") else { return }
        let whole = try Data(contentsOf: monaco)
        let url = try Paths.scratch().appendingPathComponent("cut.osm.pbf")
        try whole.prefix(whole.count / 2).write(to: url)
        #expect { try OSMFile.read(url) } throws: { error in
            let e = error as? InputError
            return e?.kind == .badData && e?.file == url.path
        }
    }

    @Test func garbagePBFIsBadData() throws {
        let url = try Paths.scratch().appendingPathComponent("garbage.osm.pbf")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(to: url)
        #expect { try OSMFile.read(url) } throws: { error in
            let e = error as? InputError
            return e?.kind == .badData && e?.file == url.path
        }
    }
}

/// A node whose latitude or longitude is not a place on Earth (issue 10: `lat="nan"` passed
/// `check` and trapped `import` and `run`) makes the file bad data, naming the node.
@Suite struct BadCoordinateTests {
    func broken(replacing old: String, with new: String) throws -> URL {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        #expect(text.contains(old))
        let url = try Paths.scratch().appendingPathComponent("roads.osm")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test(arguments: [
        ("<node id=\"3\" lat=\"45.0000\"", "<node id=\"3\" lat=\"nan\"", "node 3: latitude nan is not a number within -90..90"),
        ("<node id=\"4\" lat=\"45.0010\"", "<node id=\"4\" lat=\"91\"", "node 4: latitude 91.0 is not a number within -90..90"),
        ("lat=\"45.0010\" lon=\"7.0010\"", "lat=\"45.0010\" lon=\"-180.5\"", "node 5: longitude -180.5 is not a number within -180..180"),
        ("<node id=\"99\" lat=\"46.0000\" lon=\"8.0000\"", "<node id=\"99\" lat=\"46.0000\" lon=\"inf\"", "node 99: longitude inf is not a number within -180..180"),
    ])
    func badNodeIsBadData(_ old: String, _ new: String, _ message: String) throws {
        let url = try broken(replacing: old, with: new)
        #expect { try OSMFile.read(url) } throws: { error in
            let errors = (error as? InputErrors)?.errors ?? []
            return errors.count == 1 && errors[0].exitCode == 65 && errors[0].description == "\(url.path): \(message)"
        }
    }

    @Test func manyBadNodesAreCounted() throws {
        var text = "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n"
        for id in 1...120 { text += "  <node id=\"\(id)\" lat=\"nan\" lon=\"7\"/>\n" }
        text += "</osm>\n"
        let url = try Paths.scratch().appendingPathComponent("roads.osm")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect { try OSMFile.read(url) } throws: { error in
            let errors = (error as? InputErrors)?.errors ?? []
            return errors.count == 51 && errors[0].description.hasSuffix(": node 1: latitude nan is not a number within -90..90")
                && errors[50].description == "\(url.path): ... and 70 more nodes with unusable coordinates"
        }
    }
}
