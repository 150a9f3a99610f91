import Foundation
import Formats
import Model
import Testing
import TestSupport

/// Every shipped scenario runs, and every GeoJSON it writes opens in GDAL and is RFC 7946:
/// WGS 84 ranges, coordinates rounded to 7 decimals, counter-clockwise exteriors and clockwise
/// holes, numbers only where numbers belong.
@Suite(.serialized) struct SampleScenarioTests {
    static let scenarios: [String] = {
        let folder = Paths.repo.appendingPathComponent("Scenarios")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func thereAreAtLeastSevenSamples() {
        #expect(Self.scenarios.count >= 7, "\(Self.scenarios)")
    }

    @Test(arguments: scenarios)
    func sampleRunsAndItsGeoJSONIsValid(_ name: String) throws {
        let out = try Paths.scratch().appendingPathComponent("out")
        let result = try Tool.run(["run", Paths.repo.appendingPathComponent("Scenarios/\(name)").path, "--out", out.path, "-q"])
        #expect(result.status == 0, "\(name): \(result.stderr)")
        for file in ["cells.geojson", "sites.geojson", "gaps.geojson"] {
            let path = out.appendingPathComponent(file).path
            try checkRFC7946(path)
            let ogr = try Tool.run(["-ro", "-al", "-so", path], program: URL(fileURLWithPath: "/usr/bin/ogrinfo"))
            #expect(ogr.status == 0, "ogrinfo \(file): \(ogr.stderr)")
            #expect(!ogr.stderr.contains("ERROR"), "ogrinfo \(file): \(ogr.stderr)")
        }
        for file in ["summary.json", "summary.csv", "report.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(name): \(file)")
        }
    }

    func checkRFC7946(_ path: String) throws {
        let root = try JSONValue.read(path: path)
        #expect(root["type"] == .string("FeatureCollection"))
        for feature in root["features"]?.array ?? [] {
            guard let geometry = feature["geometry"], geometry != .null else { continue }
            let coordinates = geometry["coordinates"]
            switch geometry["type"]?.string {
            case "Point": try position(coordinates, path)
            case "Polygon": try polygon(coordinates, path)
            case "MultiPolygon": for p in coordinates?.array ?? [] { try polygon(p, path) }
            default: Issue.record("\(path): unexpected geometry \(geometry["type"] ?? .null)")
            }
        }
    }

    func position(_ value: JSONValue?, _ path: String) throws {
        guard let items = value?.array, items.count == 2, let x = items[0].number, let y = items[1].number else {
            Issue.record("\(path): bad position \(String(describing: value))"); return
        }
        #expect((-180...180).contains(x) && (-90...90).contains(y), "\(path): \(x), \(y) outside WGS 84")
        for c in [x, y] {
            let scaled = c * 1e7
            #expect(abs(scaled - scaled.rounded()) < 1e-3, "\(path): \(c) has more than 7 decimals")
        }
    }

    func polygon(_ value: JSONValue?, _ path: String) throws {
        for (n, ring) in (value?.array ?? []).enumerated() {
            let points = (ring.array ?? []).compactMap { p -> XY? in
                guard let a = p.array, a.count == 2, let x = a[0].number, let y = a[1].number else { return nil }
                return XY(x, y)
            }
            for p in ring.array ?? [] { try position(p, path) }
            #expect(points.count >= 4 && points.first == points.last, "\(path): ring not closed")
            var twiceArea = 0.0
            for i in 0..<(points.count - 1) { twiceArea += points[i].x * points[i + 1].y - points[i + 1].x * points[i].y }
            if n == 0 { #expect(twiceArea > 0, "\(path): exterior ring is not counter-clockwise") }
            else { #expect(twiceArea < 0, "\(path): hole is not clockwise") }
        }
    }
}
