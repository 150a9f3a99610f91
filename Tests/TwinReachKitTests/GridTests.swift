import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit
import OSMDistricts

/// `twinreach grid` on a hand-made `.osm`: two subdistricts side by side, a handful of buildings
/// whose residential weights follow from the documented rules.
@Suite struct GridTests {
    enum GeoJSONWriterNumber {
        static func text(_ v: Double) -> String { v == v.rounded() ? String(Int64(v)) : "\(v)" }
    }

    /// A square footprint of 0.0002° × 0.00015° (about 16 m × 17 m, ~270 m²) with its south-west
    /// corner at (lon, lat), as a closed way with the given tags.
    static func building(_ id: Int, lon: Double, lat: Double, dLon: Double = 0.0002, dLat: Double = 0.00015,
                         tags: [String: String]) -> (nodes: String, way: String) {
        let corners = [(lon, lat), (lon + dLon, lat), (lon + dLon, lat + dLat), (lon, lat + dLat)]
        var nodes = ""
        for (k, c) in corners.enumerated() { nodes += "<node id=\"\(id * 10 + k)\" lat=\"\(c.1)\" lon=\"\(c.0)\"/>\n" }
        var way = "<way id=\"\(id)\">"
        for k in [0, 1, 2, 3, 0] { way += "<nd ref=\"\(id * 10 + k)\"/>" }
        for key in tags.keys.sorted() { way += "<tag k=\"\(key)\" v=\"\(tags[key] ?? "")\"/>" }
        return (nodes, way + "</way>\n")
    }

    /// West (lon 1.500–1.510) holds 100 residents, East (1.510–1.520) 50, both lat 42.500–42.505.
    ///
    /// Buildings, all in West unless said:
    /// - A `apartments`, no levels: 4 floors (type default);
    /// - B `house` with `building:levels=1`: 1 floor; same footprint and latitude as A, 330 m east;
    /// - C `shed`: non-residential type, weight 0;
    /// - D `yes` with `amenity=restaurant`: a use of its own, weight 0;
    /// - F `house` of 3 m × 3 m: under 20 m², weight 0;
    /// - E `house` at lat 42.51: outside both subdistricts.
    /// So A carries 4/5 and B 1/5 of West's 100 (their footprints are equal up to the UTM scale
    /// change over 330 m, about 1e-6), and East, without homes, spreads its 50 by area.
    func fixture() throws -> (folder: URL, osm: URL, subdistricts: URL) {
        let folder = try Paths.scratch()
        let parts = [
            Self.building(1, lon: 1.5020, lat: 42.5020, tags: ["building": "apartments"]),
            Self.building(2, lon: 1.5060, lat: 42.5020, tags: ["building": "house", "building:levels": "1"]),
            Self.building(3, lon: 1.5030, lat: 42.5030, tags: ["building": "shed"]),
            Self.building(4, lon: 1.5040, lat: 42.5035, tags: ["building": "yes", "amenity": "restaurant"]),
            Self.building(5, lon: 1.5050, lat: 42.5100, tags: ["building": "house"]),
            Self.building(6, lon: 1.5045, lat: 42.5010, dLon: 0.000036, dLat: 0.000027, tags: ["building": "house"]),
        ]
        let xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n" + parts.map(\.nodes).joined()
            + parts.map(\.way).joined() + "</osm>\n"
        let osm = folder.appendingPathComponent("town.osm")
        try xml.write(to: osm, atomically: true, encoding: .utf8)
        func square(_ x0: Double, _ x1: Double) -> String {
            "[[[\(x0),42.5],[\(x1),42.5],[\(x1),42.505],[\(x0),42.505],[\(x0),42.5]]]"
        }
        let geojson = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"W","name":"West","pop":100},"geometry":{"type":"Polygon","coordinates":\(square(1.5, 1.51))}},
        {"type":"Feature","properties":{"id":"E","name":"East","pop":50,"elderly":0.3},"geometry":{"type":"Polygon","coordinates":\(square(1.51, 1.52))}}
        ]}
        """
        let subdistricts = folder.appendingPathComponent("subdistricts.geojson")
        try geojson.write(to: subdistricts, atomically: true, encoding: .utf8)
        return (folder, osm, subdistricts)
    }

    @Test func twoBuildingsShareTheirSubdistrictByFloorArea() throws {
        let (folder, osm, subdistricts) = try fixture()
        let out = folder.appendingPathComponent("population.geojson")
        let result = try GridCommand.run(.init(osm: osm.path, subdistricts: subdistricts.path, cellMeters: 100, output: out.path))
        let r = result.report
        #expect(r.crs == "EPSG:32631")
        #expect(r.buildings == 6)
        #expect(r.residentialBuildings == 2)
        #expect(r.nonResidentialBuildings == 3)
        #expect(r.outsideBuildings == 1)
        #expect(r.splitCells == 0)

        // 4:1 up to the UTM scale change between A and B (~2e-6 of the area): within 1e-5 relative;
        // the two add up to West's total exactly (apportioned in 1/10,000 units).
        let west = result.cells.filter { $0.elderlyShare == 0.12 }.sorted { $0.population < $1.population }
        #expect(west.count == 2)
        #expect(abs(west[0].population - 20) <= 20 * 1e-5 && abs(west[1].population - 80) <= 80 * 1e-5)
        #expect(abs(west[0].population + west[1].population - 100) < 1e-9)
        // Default shares in West: elderly 0.12, digital 0.88 × 0.85 + 0.12 × 0.35 = 0.79.
        #expect(west.allSatisfy { abs($0.digitalShare - 0.79) < 1e-12 })
        // A's cell holds A's centroid.
        let a = XY(1.5021, 42.502075)
        let cellOfA = west[1]
        let bounds = try #require(cellOfA.area?.bounds)
        #expect(bounds.min.x <= a.x && a.x <= bounds.max.x && bounds.min.y <= a.y && a.y <= bounds.max.y)
        #expect(!cellOfA.id.contains("/"))

        // East: no homes, 50 residents by area; its own elderly share, the digital share from it.
        let east = result.cells.filter { $0.elderlyShare == 0.3 }
        #expect(r.subdistricts.map(\.spreadByArea) == [false, true])
        #expect(abs(east.reduce(0) { $0 + $1.population } - 50) < 1e-9)
        #expect(east.count >= 9 * 6)   // ~820 m × 555 m at 100 m, border cells clipped
        let full = east.map(\.population).max() ?? 0
        #expect(east.filter { abs($0.population - full) <= 1e-4 }.count >= 6 * 4)  // whole interior cells: equal shares
        #expect(east.allSatisfy { abs($0.digitalShare - (0.7 * 0.85 + 0.3 * 0.35)) < 1e-12 })

        // The file holds what was computed.
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("\"pop\":\(GeoJSONWriterNumber.text(west[1].population)),"))
        #expect(text.contains("\"pop\":\(GeoJSONWriterNumber.text(west[0].population)),"))
    }

    @Test func totalsCSVJoinsByIdThenName() throws {
        let (folder, osm, subdistricts) = try fixture()
        let csv = folder.appendingPathComponent("totals.csv")
        try "id,name,pop\n,west,1000\nE,,10\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try GridCommand.run(.init(osm: osm.path, subdistricts: subdistricts.path, totals: csv.path,
                                               output: folder.appendingPathComponent("p.geojson").path))
        #expect(result.report.subdistricts.map(\.population) == [1000, 10])
        let west = result.cells.filter { $0.elderlyShare == 0.12 }.map(\.population).sorted()
        #expect(abs(west[0] - 200) <= 200 * 1e-5 && abs(west[1] - 800) <= 800 * 1e-5 && abs(west[0] + west[1] - 1000) < 1e-9)
    }

    @Test func missingAndUnmatchedTotalsAreNamed() throws {
        let (folder, osm, subdistricts) = try fixture()
        let csv = folder.appendingPathComponent("totals.csv")
        try "name,pop\nWest,10\nNorth,5\n".write(to: csv, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("p.geojson")
        let run = try Tool.run(["grid", "--osm", osm.path, "--subdistricts", subdistricts.path, "--totals", csv.path,
                                "--out", output.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(csv.path):3: no subdistrict has id or name 'North'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let bare = folder.appendingPathComponent("bare.geojson")
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X"},"geometry":{"type":"Polygon","coordinates":[[[1.5,42.5],[1.51,42.5],[1.51,42.505],[1.5,42.5]]]}}]}
        """.write(to: bare, atomically: true, encoding: .utf8)
        let noPop = try Tool.run(["grid", "--osm", osm.path, "--subdistricts", bare.path, "--out", output.path])
        #expect(noPop.status == 65)
        #expect(noPop.stderr.contains("\(bare.path): feature 0 (id X): has no pop"), "\(noPop.stderr)")
    }
}
