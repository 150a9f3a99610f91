import Districts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach run` writes map.svg and map.html beside the GeoJSON outputs.
@Suite struct MapOutputTests {
    static let hostileSite = "<script>alert(1)</script>"
    static let hostileSubdistrict = "<img src=x onerror=alert(2)>"

    /// A generated district with hostile names in its sites and subdistricts files.
    func scenario() throws -> URL {
        try generatedScenario(cellsX: 12, cellsY: 10, seed: 3, name: "base") { district in
            district.sites[0].name = Self.hostileSite
            district.subdistricts[1].name = Self.hostileSubdistrict
        }
    }

    @Test func mapsAreWrittenEscapedAndTheSameForAnyThreadCount() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let one = try Tool.run(["run", file.path, "--out", root.appendingPathComponent("t1").path, "--threads", "1", "-q"])
        let two = try Tool.run(["run", file.path, "--out", root.appendingPathComponent("t2").path, "--threads", "2", "-q"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        for name in ["map.svg", "map.html"] {
            let a = try Data(contentsOf: root.appendingPathComponent("t1").appendingPathComponent(name))
            let b = try Data(contentsOf: root.appendingPathComponent("t2").appendingPathComponent(name))
            #expect(a == b, "\(name) differs between --threads 1 and 2")
            func has(_ s: String) -> Bool { a.range(of: Data(s.utf8)) != nil }
            #expect(!has("<img"), "\(name)")
            #expect(!has("<script>alert"), "\(name)")
            if name == "map.svg" {
                #expect(has("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(has("&lt;img src=x onerror=alert(2)&gt;"))
                let parser = XMLParser(data: a)
                #expect(parser.parse(), "\(String(describing: parser.parserError))")
                // The synthetic road grid is not OpenStreetMap data: no credit line.
                #expect(!has("OpenStreetMap contributors"))
            } else {
                #expect(has("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
                #expect(has("\\u003cimg src=x onerror=alert(2)\\u003e"))
            }
        }
    }

    @Test func runMapOpensInTheBrowser() throws {
        guard let browser = try Chromium.required() else { return }
        let file = try scenario()
        let out = file.deletingLastPathComponent().appendingPathComponent("o")
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: out.path))
        let result = try Chromium.dumpDOM(out.appendingPathComponent("map.html"), browser: browser)
        let status = try #require(Chromium.attributes(ofElementWithID: "status", in: result.stdout))
        #expect(status["data-state"] == "ready", "\(status)")
        #expect(status["data-cells"] == String(outcome.district.cells.count))
        #expect(status["data-sites"] == String(outcome.district.sites.count))
        #expect(!result.stderr.contains("Uncaught"), "\(result.stderr)")
    }

    @Test func onlyOpenStreetMapRoadsAreCredited() throws {
        let root = try Paths.scratch()
        let synthetic = root.appendingPathComponent("synthetic.osm"), osm = root.appendingPathComponent("real.osm")
        try "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"twinreach generate\">\n</osm>\n"
            .write(to: synthetic, atomically: true, encoding: .utf8)
        try "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"osmium/1.16.0\">\n</osm>\n"
            .write(to: osm, atomically: true, encoding: .utf8)
        #expect(!RunOutputs.roadsFromOpenStreetMap(synthetic.path))
        #expect(RunOutputs.roadsFromOpenStreetMap(osm.path))
        #expect(!RunOutputs.roadsFromOpenStreetMap(nil))
        if let pbf = try Paths.sharedFile("data/monaco-2026-07-10.osm.pbf") {
            #expect(RunOutputs.roadsFromOpenStreetMap(pbf.path))
        }
    }
}

extension MapOutputTests {
    /// cells.geojson carries the maps' class and colour, so QGIS and geojson.io match the maps.
    @Test func cellsCarryTheMapClassAndColour() throws {
        let file = try scenario()
        let out = file.deletingLastPathComponent().appendingPathComponent("o")
        let outcome = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: out.path))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("cells.geojson"))) as? [String: Any]
        let features = try #require(json?["features"] as? [[String: Any]])
        #expect(features.count == outcome.district.cells.count)
        let colours = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#7f0000"]
        for (i, feature) in features.enumerated() {
            let p = try #require(feature["properties"] as? [String: Any])
            let k = try #require(p["hall_class"] as? Int)
            #expect(p["fill"] as? String == colours[k])
            // The class is the minutes' third of the 30-minute threshold: 10, 20, 30, 45 minutes.
            let minutes = outcome.cellResults[i].nearestHallMinutes
            let expected = minutes.map { m in m < 10 ? 0 : m < 20 ? 1 : m <= 30 ? 2 : m < 45 ? 3 : 4 } ?? 5
            #expect(k == expected)
        }
    }
}
