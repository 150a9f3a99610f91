import Districts
import Foundation
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach run` writes `layers.gpkg` beside the GeoJSON: the same layers and attributes,
/// readable by GDAL's own `ogrinfo`, with the QGIS styles in `layer_styles`, the same bytes for
/// any thread count.
@Suite struct GeoPackageOutputTests {
    static let ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")

    /// `twinreach run` with this many threads into `root/t<threads>`.
    func run(threads: Int, in root: URL, scenario file: URL) throws -> URL {
        let out = root.appendingPathComponent("t\(threads)")
        let result = try Tool.run(["run", file.path, "--out", out.path, "--threads", "\(threads)", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    /// A generated district without online and video channels and with a short hall threshold, so that it has gap areas.
    func scenario() throws -> URL {
        try generatedScenario(cellsX: 12, cellsY: 10, seed: 5, name: "gpkg") { district in
            district.settings.hallThresholdMinutes = 6
            district.channels.removeAll { $0.kind != .hotline }
        }
    }

    /// `ogrinfo -ro -q FILE -sql SQL`, its output.
    func sql(_ gpkg: URL, _ query: String) throws -> String {
        let result = try Tool.run(["-ro", "-q", gpkg.path, "-sql", query], program: Self.ogrinfo)
        #expect(result.status == 0, "\(query): \(result.stderr)")
        return result.stdout
    }

    /// The features of a GeoJSON output, as JSON objects.
    func features(_ url: URL) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return (json?["features"] as? [[String: Any]]) ?? []
    }

    /// The value ogrinfo prints for `field` of the one feature a query returns (`  field (Type) = value`).
    func value(_ field: String, in output: String) -> String? {
        for line in output.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\(field) ("), let eq = trimmed.range(of: " = ") else { continue }
            return String(trimmed[eq.upperBound...])
        }
        return nil
    }

    @Test func layersMatchTheGeoJSONAndCarryQGISStyles() throws {
        let file = try scenario()
        let root = file.deletingLastPathComponent()
        let one = try run(threads: 1, in: root, scenario: file), two = try run(threads: 2, in: root, scenario: file)
        let gpkg = one.appendingPathComponent("layers.gpkg")
        #expect(try Data(contentsOf: gpkg) == Data(contentsOf: two.appendingPathComponent("layers.gpkg")),
                "layers.gpkg differs between --threads 1 and 2")
        let marker = try String(contentsOf: one.appendingPathComponent(".twinreach-run"), encoding: .utf8)
        #expect(marker.contains(" layers.gpkg "), "\(marker)")

        // Layers and feature counts, as GDAL reads them.
        let summary = try Tool.run(["-ro", "-so", "-al", gpkg.path], program: Self.ogrinfo)
        #expect(summary.status == 0, "\(summary.stderr)")
        let cells = try features(one.appendingPathComponent("cells.geojson"))
        let sites = try features(one.appendingPathComponent("sites.geojson"))
        let gaps = try features(one.appendingPathComponent("gaps.geojson"))
        try #require(!gaps.isEmpty, "the test district should have gap areas")
        let subdistricts = try features(root.appendingPathComponent("district/subdistricts.geojson"))
        #expect(subdistricts.count > 1)
        for (layer, count) in [("cells", cells.count), ("sites", sites.count), ("gaps", gaps.count), ("subdistricts", subdistricts.count)] {
            #expect(try countOf(sql(gpkg, "SELECT COUNT(*) AS n FROM \(layer)")) == count, "\(layer)")
            #expect(summary.stdout.contains("Layer name: \(layer)\n"), "\(layer) missing in \(summary.stdout.prefix(400))")
        }

        // A few attribute values, as in the GeoJSON.
        for k in [0, cells.count / 2, cells.count - 1] {
            let properties = try #require(cells[k]["properties"] as? [String: Any])
            let id = try #require(properties["id"] as? String)
            let row = try sql(gpkg, "SELECT hall_minutes, gap_pop, hall_class, gap, subdistrict FROM cells WHERE id = '\(id)'")
            #expect(value("hall_minutes", in: row).flatMap(Double.init) == properties["hall_minutes"] as? Double, "cell \(id): \(row)")
            #expect(value("gap_pop", in: row).flatMap(Double.init) == (properties["gap_pop"] as? NSNumber)?.doubleValue, "cell \(id)")
            #expect(value("hall_class", in: row).flatMap(Int.init) == properties["hall_class"] as? Int, "cell \(id)")
            #expect(value("gap", in: row) == ((properties["gap"] as? Bool) == true ? "1" : "0"), "cell \(id)")
            #expect(value("subdistrict", in: row) == properties["subdistrict"] as? String, "cell \(id)")
        }
        let gapRow = try sql(gpkg, "SELECT gap_pop, cells FROM gaps WHERE id = 'gap-1'")
        let firstGap = try #require(gaps[0]["properties"] as? [String: Any])
        #expect(value("gap_pop", in: gapRow).flatMap(Double.init) == (firstGap["gap_pop"] as? NSNumber)?.doubleValue)
        #expect(value("cells", in: gapRow).flatMap(Int.init) == firstGap["cells"] as? Int)

        // QGIS styles: one default per layer; the cells graduated by the maps' hall classes.
        let styles = try sql(gpkg, "SELECT f_table_name, styleName FROM layer_styles WHERE useAsDefault = 1 ORDER BY f_table_name")
        for (layer, style) in [("cells", "hall minutes"), ("gaps", "gap areas"), ("sites", "sites"), ("subdistricts", "outlines")] {
            #expect(styles.contains("f_table_name (String) = \(layer)\n  styleName (String) = \(style)\n"), "\(styles)")
        }
        let hall = try sql(gpkg, "SELECT styleQML FROM layer_styles WHERE f_table_name = 'cells' AND styleName = 'hall minutes'")
        #expect(hall.contains("<renderer-v2 type=\"graduatedSymbol\" attr=\"hall_class\""))
        #expect(hall.contains("<range lower=\"1.5\" upper=\"2.5\" label=\"4 – 6 min (threshold)\" symbol=\"2\""), "\(hall.prefix(900))")
        #expect(hall.contains("label=\"no hall in reach\""))
        #expect(hall.contains("<prop k=\"color\" v=\"26,152,80,255\"/>"))  // the maps' nearest class, #1a9850
        let gap = try sql(gpkg, "SELECT styleQML, useAsDefault FROM layer_styles WHERE f_table_name = 'cells' AND styleName = 'gap share'")
        #expect(gap.contains("attr=\"&quot;gap_pop&quot; / &quot;pop&quot;\""))
        #expect(gap.contains("label=\"50 % or more (gap cells)\""))
        #expect(value("useAsDefault", in: gap) == "0")
        let columns = try Tool.run(["-ro", "-so", gpkg.path, "layer_styles"], program: Self.ogrinfo).stdout
        for column in ["f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML", "styleSLD",
                       "useAsDefault", "description", "owner", "ui", "update_time"] {
            #expect(columns.contains("\n\(column): "), "layer_styles has no \(column)")
        }
    }

    func countOf(_ output: String) throws -> Int {
        try #require(value("n", in: output).flatMap(Int.init))
    }
}
