import Foundation
import Model
import Testing
import TestSupport
@testable import OSMReader

/// The hand-written fixture beside this file.
private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/tiny.osm")

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

/// XML that readosm cannot survive (a `<tag>` without `k` or `v`: strlen(NULL), found by
/// fuzzing) or silently misreads (`lat="north"` as 0, a root that is not `<osm>`), refused at
/// its line before readosm sees it.
@Suite struct UnreadableXMLTests {
    func write(_ text: String) throws -> URL {
        let url = try Paths.scratch().appendingPathComponent("roads.osm")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func messages(_ url: URL) -> [String] {
        do { _ = try OSMFile.read(url); return [] } catch let errors as InputErrors {
            return errors.errors.map(\.description)
        } catch { return ["\(error)"] }
    }

    @Test(arguments: [
        ("<node id=\"1\" lat=\"45\" lon=\"7\">\n<tag k=\"a\"/>\n</node>", 4, "<tag> without 'v' (readosm cannot read it)"),
        ("<node id=\"1\" lat=\"45\" lon=\"7\"><tag v=\"x\"/></node>", 3, "<tag> without 'k' (readosm cannot read it)"),
        ("<relation id=\"5\">\n\n<member type=\"way\" ref=\"2\"/></relation>", 5, "<member> without 'role' (readosm cannot read it)"),
        ("<way id=\"2\"><nd/></way>", 3, "<nd> without 'ref' (readosm cannot read it)"),
        ("<node id=\"7\" lat=\"north\" lon=\"7\"/>", 3, "node 7: latitude 'north' is not a number"),
        // atof skips only ASCII spaces: readosm would read an ideographic space's latitude as 0.
        ("<node id=\"8\" lat=\"\u{3000}42.5\" lon=\"7\"/>", 3, "node 8: latitude '\u{3000}42.5' is not a number"),
    ])
    func elementIsRefusedAtItsLine(_ body: String, _ line: Int, _ message: String) throws {
        let url = try write("<?xml version='1.0'?>\n<osm version=\"0.6\">\n\(body)\n</osm>\n")
        #expect(messages(url) == ["\(url.path):\(line): \(message)"])
    }

    @Test func aRootThatIsNotOSMIsRefused() throws {
        let url = try write("<?xml version='1.0'?>\n<!-- roads -->\n<gpx><node id=\"1\"/></gpx>\n")
        #expect(messages(url) == ["\(url.path):3: not OpenStreetMap XML: the root element is <gpx>, not <osm>"])
        let empty = try write("")
        #expect(messages(empty) == ["\(empty.path):1: not OpenStreetMap XML: no <osm> element"])
    }

    @Test func wellFormedFilesPass() throws {
        // Quotes of both kinds, a '>' inside a value, comments and CDATA do not confuse the scan.
        let url = try write("<?xml version='1.0'?>\n<osm version='0.6'><!-- <tag> -->\n<node id='1' lat='45' lon='7'><tag k='name' v='a > b'/></node>\n<![CDATA[<tag>]]></osm>\n")
        #expect(messages(url) == [])
        #expect(try OSMFile.read(fixture).counts.nodes == 12)
        // Spaces, tabs and line ends around a coordinate are what XML and atof skip.
        let spaced = try write("""
            <osm version='0.6'>
            <node id='1' lat='\n 42.5 ' lon='\t1.5'/><node id='2' lat='42.6' lon='1.6'/>
            <way id='5'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/></way>
            </osm>
            """)
        #expect(messages(spaced) == [])
        #expect(try OSMFile.read(spaced).coordinates[1] == XY(1.5, 42.5))
    }
}
