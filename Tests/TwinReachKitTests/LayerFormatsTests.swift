import Foundation
import Formats
import Model
import Projection
import Testing
import TestSupport

/// Every sample district under GeoData/, converted by `ogr2ogr` to Shapefiles (GBK `.dbf` with
/// a `.cpg`, CGCS2000 3-degree Gauss-Kruger) and to one GeoPackage (`district.gpkg`, a layer
/// per district layer, same projection), runs to the same summary.json as its GeoJSON original.
///
/// Tolerance: 1e-9 relative (1e-12 absolute near zero). The coordinates go from WGS 84 to
/// Gauss-Kruger metres and back through PROJ, which changes a position by well under a
/// micrometre (1e-13 relative); figures are sums of minutes over such positions, so 1e-9 is far
/// above that noise and far below any change a planner would see. Strings (names, ids, the
/// travel line) must be equal, which proves the GBK encoding path on the Chinese names; in
/// `warnings` only the file a warning names may differ (`x.geojson` against `x.shp`).
@Suite(.serialized) struct LayerFormatsTests {
    static let layers = ["boundary", "subdistricts", "population", "sites", "candidates"]

    static let samples: [String] = {
        let folder = Paths.repo.appendingPathComponent("GeoData")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/district.yaml").path) }.sorted()
    }()

    @Test func thereAreSamples() {
        #expect(Self.samples.count >= 4, "\(Self.samples)")
    }

    @Test(arguments: samples)
    func shapefileAndGeoPackageGiveTheSameSummary(_ sample: String) throws {
        let source = Paths.repo.appendingPathComponent("GeoData/\(sample)")
        let scratch = try Paths.scratch("formats-\(sample)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let crs = try Self.gaussKruger(for: source)
        var encodings: [String: String] = [:]
        for format in ["geojson", "shp", "gpkg"] {
            let folder = scratch.appendingPathComponent(format)
            try Self.copyOtherFiles(from: source, to: folder)
            for layer in Self.layers {
                let original = source.appendingPathComponent("\(layer).geojson")
                guard FileManager.default.fileExists(atPath: original.path) else { continue }
                switch format {
                case "geojson": try FileManager.default.copyItem(at: original, to: folder.appendingPathComponent("\(layer).geojson"))
                case "shp": encodings[layer] = try Self.toShapefile(original, folder.appendingPathComponent("\(layer).shp"), crs: crs)
                default: try Self.ogr2ogr(["-f", "GPKG", "-t_srs", crs, "-nln", layer, "-update", "-append",
                                           folder.appendingPathComponent("district.gpkg").path, original.path])
                }
            }
            try "name: formats\ndistrict: \(format)\nchanges: []\n".write(to: scratch.appendingPathComponent("\(format).yaml"),
                                                                      atomically: true, encoding: .utf8)
            let run = try Tool.run(["run", "\(format).yaml", "--out", "out-\(format)", "-q"], cwd: scratch)
            try #require(run.status == 0, "\(sample) as \(format): \(run.stderr)")
        }
        // Subdistrict names are Chinese in the synthetic samples: GBK must have carried them.
        #expect(encodings["subdistricts"] == "GBK", "\(sample): \(encodings)")
        let reference = try JSONValue.read(path: scratch.appendingPathComponent("out-geojson/summary.json").path)
        for format in ["shp", "gpkg"] {
            let other = try JSONValue.read(path: scratch.appendingPathComponent("out-\(format)/summary.json").path)
            var differences: [String] = []
            Self.compare(reference, other, at: "", into: &differences)
            #expect(differences.isEmpty, "\(sample) as \(format): \(differences.prefix(10).joined(separator: "\n"))")
        }
    }

    /// The CGCS2000 3-degree Gauss-Kruger zone of the district's boundary (EPSG:4534...4554,
    /// China's longitudes); beyond them (Andorra, Monaco, Helsinki), the same projection with
    /// the nearest 3-degree central meridian, as a PROJ string on the CGCS2000 ellipsoid (GRS80).
    static func gaussKruger(for district: URL) throws -> String {
        var problems: [InputError] = []
        let features = try GeoJSONReader.read(path: district.appendingPathComponent("boundary.geojson").path, problems: &problems)
        let xs = features.compactMap(\.geometry?.multiPolygon).flatMap(\.polygons).flatMap(\.exterior).map(\.x)
        let longitude = ((xs.min() ?? 0) + (xs.max() ?? 0)) / 2
        if let zone = CRS.cgcs2000GaussKruger(forLongitude: longitude, zonePrefix: false) { return zone.description }
        let meridian = (longitude / 3).rounded() * 3
        return "+proj=tmerc +lat_0=0 +lon_0=\(meridian) +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    }

    /// Converts one layer to a GBK Shapefile, or to GB18030 (GBK's superset, China's current
    /// standard) when its text has characters GBK lacks (Andorra's "ò"); returns the .cpg.
    static func toShapefile(_ original: URL, _ target: URL, crs: String) throws -> String {
        for encoding in ["GBK", "GB18030"] {
            let result = try ogr2ogr(["-f", "ESRI Shapefile", "-lco", "ENCODING=\(encoding)", "-t_srs", crs, "-overwrite",
                                      target.path, original.path])
            if !result.stderr.contains("couldn't be converted") {
                return try String(contentsOf: target.deletingPathExtension().appendingPathExtension("cpg"), encoding: .utf8)
            }
        }
        Issue.record("\(original.path): neither GBK nor GB18030 holds its text")
        return ""
    }

    @discardableResult
    static func ogr2ogr(_ arguments: [String]) throws -> ToolResult {
        let result = try Tool.run(arguments, program: URL(fileURLWithPath: "/usr/bin/ogr2ogr"))
        try #require(result.status == 0, "ogr2ogr \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Everything of the district but its GeoJSON layers, a store and the tools' markers.
    static func copyOtherFiles(from source: URL, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let stem = (name as NSString).deletingPathExtension
            if name.hasPrefix(".") || name == "twinreach.sqlite" || (layers.contains(stem) && name.hasSuffix(".geojson")) { continue }
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    static func compare(_ a: JSONValue, _ b: JSONValue, at path: String, into differences: inout [String]) {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if abs(x - y) > max(1e-9 * max(abs(x), abs(y)), 1e-12) { differences.append("\(path): \(x) against \(y)") }
        case (.string(let x), .string(let y)):
            let same = path.hasPrefix("/warnings") ? withoutLayerFile(x) == withoutLayerFile(y) : x == y
            if !same { differences.append("\(path): '\(x)' against '\(y)'") }
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return differences.append("\(path): \(x.count) items against \(y.count)") }
            for i in x.indices { compare(x[i], y[i], at: "\(path)/\(i)", into: &differences) }
        case (.object(let x), .object(let y)):
            guard Set(x.keys) == Set(y.keys) else { return differences.append("\(path): keys \(x.keys.sorted()) against \(y.keys.sorted())") }
            for key in x.keys.sorted() { compare(x[key] ?? .null, y[key] ?? .null, at: "\(path)/\(key)", into: &differences) }
        default:
            if a != b { differences.append("\(path): \(a) against \(b)") }
        }
    }

    /// A warning with the layer file it names reduced to the layer ("…/sites.shp: feature 3" -> "sites: feature 3").
    static func withoutLayerFile(_ text: String) -> String {
        text.replacing(#/\S*?(\w+)\.(geojson|shp|gpkg)( \(layer \w+\))?/#) { $0.output.1 }
    }
}
