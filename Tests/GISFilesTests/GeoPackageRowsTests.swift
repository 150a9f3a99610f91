import Foundation
import Model
import Testing
import TestSupport
@testable import GISFiles

/// The rows of a layer without a spatial index go straight into its table (`GeoPackageRows`):
/// the file must hold what GDAL's own feature path writes, row for row and byte for byte in
/// every table (SQLite's dump of both files is the same), and GDAL must read it back.
@Suite struct GeoPackageRowsTests {
    static let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
    static let ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
    static let timestamp = "2000-01-01T00:00:00.000Z"

    /// A square cell of 0.25° at column x, row y of a grid from (1°, 42°): exact binary corners.
    static func square(_ x: Int, _ y: Int) -> Polygon {
        let x0 = 1 + Double(x) * 0.25, y0 = 42 + Double(y) * 0.25
        return Polygon(exterior: [XY(x0, y0), XY(x0 + 0.25, y0), XY(x0 + 0.25, y0 + 0.25), XY(x0, y0 + 0.25), XY(x0, y0)])
    }

    /// 250 cells (more than one statement's rows, and a shorter last statement): squares, one
    /// with a hole, one of two parts, an empty one and one without geometry; text with Chinese,
    /// nulls, a NaN (stored as null), a text with a NUL (stored up to it), an empty text, booleans and integers.
    static func cells() -> [(GeoPackageGeometry?, [GeoPackageValue])] {
        (0..<250).map { i in
            var area = MultiPolygon([square(i % 25, i / 25)])
            if i == 3 { area.polygons[0].holes = [[XY(1.8, 42.05), XY(1.9, 42.05), XY(1.9, 42.15), XY(1.8, 42.05)]] }
            if i == 4 { area.polygons.append(square(30, 0)) }
            if i == 5 { area = MultiPolygon([]) }
            let geometry: GeoPackageGeometry? = i == 6 ? nil : .multiPolygon(area)
            return (geometry, [
                .text(i == 7 ? "街道-\(i)" : i == 9 ? "c9\u{0}after a NUL" : "c\(i)"), i % 7 == 0 ? .null : .text(i == 10 ? "" : "s\(i % 3)"),
                .real(i == 8 ? .nan : Double(i) * 1.125), .boolean(i % 2 == 0), .integer(i % 6 - 1),
            ])
        }
    }

    static let cellFields = [GeoPackageField("id", .text), GeoPackageField("subdistrict", .text), GeoPackageField("pop", .real),
                             GeoPackageField("gap", .boolean), GeoPackageField("hall_class", .integer)]

    /// The test file: direct cells, direct points, an empty direct layer, then a layer with an
    /// R-tree (always GDAL's feature path) and styles.
    func write(_ path: String, direct: Bool, insertThread: Bool = false) throws {
        let writer = try GeoPackageWriter(path: path, timestamp: Self.timestamp, insertThread: insertThread)
        writer.insertsRowsDirectly = direct
        let cells = try writer.addLayer("cells", geometry: .multiPolygon, fields: Self.cellFields, spatialIndex: false)
        for (geometry, values) in Self.cells() { try writer.write(cells, geometry: geometry, values: values) }
        let points = try writer.addLayer("points", geometry: .point, fields: [GeoPackageField("n", .integer)], spatialIndex: false)
        for n in 0..<3 { try writer.write(points, geometry: .point(XY(-3.5 + Double(n), 40.25)), values: [.integer(n)]) }
        _ = try writer.addLayer("nothing", geometry: .polygon, fields: [GeoPackageField("n", .real)], spatialIndex: false)
        let sites = try writer.addLayer("sites", geometry: .point, fields: [GeoPackageField("id", .text)])
        try writer.write(sites, geometry: .point(XY(1.5, 42.5)), values: [.text("hall")])
        writer.addStyle(GeoPackageStyle(layer: "cells", name: "s", qml: "<qgis/>", isDefault: true, description: "d"))
        try writer.finish()
    }

    func run(_ program: URL, _ arguments: [String]) throws -> String {
        let result = try Tool.run(arguments, program: program)
        #expect(result.status == 0, "\(program.lastPathComponent) \(arguments): \(result.stderr)")
        return result.stdout
    }

    @Test func directRowsAreWhatGDALsFeaturePathWrites() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let direct = folder.appendingPathComponent("direct.gpkg").path, reference = folder.appendingPathComponent("reference.gpkg").path
        try write(direct, direct: true)
        try write(reference, direct: false)
        let dump = try run(Self.sqlite3, [direct, ".dump"])
        #expect(dump.contains("CREATE TRIGGER \"trigger_insert_feature_count_cells\""))
        let referenceDump = try run(Self.sqlite3, [reference, ".dump"])
        let differing = zip(dump.split(separator: "\n"), referenceDump.split(separator: "\n")).filter { $0 != $1 }.prefix(3)
        #expect(dump == referenceDump, "the dumps differ, direct first: \(differing.map { "\($0.prefix(300))\n\($1.prefix(300))" })")
        // Inserted on a second thread while the next rows are kept: the same file, byte for byte.
        let threaded = folder.appendingPathComponent("threaded.gpkg").path
        try write(threaded, direct: true, insertThread: true)
        #expect(FileManager.default.contents(atPath: threaded) == FileManager.default.contents(atPath: direct))

        // Counts and extents GDAL keeps, against the hand-made grid: 25 × 10 squares of 0.25°
        // from (1°, 42°), and cell 4's second part at column 30 (to 8.75°).
        let contents = try run(Self.sqlite3, [direct, "SELECT table_name, feature_count FROM gpkg_ogr_contents ORDER BY table_name;"
            + "SELECT table_name, min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name IN ('cells', 'points', 'nothing') ORDER BY table_name"])
        #expect(contents == """
            cells|250
            layer_styles|1
            nothing|
            points|3
            sites|1
            cells|1.0|42.0|8.75|44.5
            nothing||||
            points|-3.5|40.25|-1.5|40.25

            """)
        let rows = try run(Self.sqlite3, [direct, "SELECT fid, id, subdistrict, pop, gap, hall_class, hex(geom) FROM cells WHERE fid IN (6, 7, 8, 9)"])
        // Cell 7 is the square (2.75°, 42°)–(3°, 42.25°): "GP", flags 3 (little-endian, xy envelope),
        // SRS 4326, the envelope minx 2.75 maxx 3 miny 42 maxy 42.25, then the WKB multipolygon of
        // one polygon of one ring of 5 points; cell 5 is empty (flags 0x11, no envelope), cell 6
        // has no geometry, cell 8's NaN population is null.
        #expect(rows == """
            6|c5|s2|5.625|0|4|47500011E6100000010600000000000000
            7|c6|s0|6.75|1|-1|
            8|街道-7||7.875|0|0|47500003E61000000000000000000640000000000000084000000000000045400000000000204540010600000001000000010300000001000000050000000000000000000640000000000000454000000000000008400000000000004540000000000000084000000000002045400000000000000640000000000020454000000000000006400000000000004540
            9|c8|s2||1|1|47500003E610000000000000000008400000000000000A400000000000004540000000000020454001060000000100000001030000000100000005000000000000000000084000000000000045400000000000000A4000000000000045400000000000000A4000000000002045400000000000000840000000000020454000000000000008400000000000004540

            """)

        let texts = try run(Self.sqlite3, [direct, "SELECT fid, id, quote(subdistrict) FROM cells WHERE fid IN (10, 11)"])
        #expect(texts == "10|c9|'s0'\n11|c10|''\n")

        // GDAL reads it as its own.
        let info = try run(Self.ogrinfo, ["-ro", "-so", direct, "cells"])
        #expect(info.contains("Feature Count: 250\n"), "\(info)")
        #expect(info.contains("Extent: (1.000000, 42.000000) - (8.750000, 44.500000)\n"), "\(info)")
    }

    /// A grid cell given as its rectangle's corners (`.rectangle`, no arrays built) is stored as
    /// the multipolygon of its ring: direct rows of rectangles hold what GDAL's feature path
    /// writes for the rings (rings along x first and along y first, a corner at -0.0).
    @Test func aRectangleIsStoredAsTheMultipolygonOfItsRing() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corners: [(XY, XY, XY, XY)] = (0..<150).map { i in
            let x0 = i == 0 ? -0.0 : 1 + Double(i % 10) * 0.25, y0 = 42 + Double(i / 10) * 0.25, x1 = x0 + 0.25, y1 = y0 + 0.25
            return i % 2 == 0 ? (XY(x0, y0), XY(x1, y0), XY(x1, y1), XY(x0, y1)) : (XY(x0, y0), XY(x0, y1), XY(x1, y1), XY(x1, y0))
        }
        func write(_ name: String, rectangles: Bool) throws -> String {
            let path = folder.appendingPathComponent(name).path
            let writer = try GeoPackageWriter(path: path, timestamp: Self.timestamp)
            writer.insertsRowsDirectly = rectangles
            let cells = try writer.addLayer("cells", geometry: .multiPolygon, fields: [GeoPackageField("n", .integer)], spatialIndex: false)
            for (n, (a, b, c, d)) in corners.enumerated() {
                let ring = MultiPolygon([Polygon(exterior: [a, b, c, d, a])])
                try writer.write(cells, geometry: rectangles ? .rectangle(a, b, c, d) : .multiPolygon(ring), values: [.integer(n)])
            }
            try writer.finish()
            return path
        }
        let direct = try run(Self.sqlite3, [try write("rectangles.gpkg", rectangles: true), ".dump"])
        let reference = try run(Self.sqlite3, [try write("rings.gpkg", rectangles: false), ".dump"])
        #expect(direct.contains("INSERT INTO cells VALUES(150,X'47500003e6100000"))
        #expect(direct == reference)
        #expect(GeoPackageBlob.envelope(of: .rectangle(XY(3, 2), XY(1, 2), XY(1, 4), XY(3, 4)))
                == GeoPackageExtent(minX: 1, minY: 2, maxX: 3, maxY: 4))
    }

    /// Refused after a statement went to the insert thread: the error, and the writer goes
    /// (waiting for that thread before GDAL closes the file) leaving no file behind.
    @Test func aRefusedValueWhileRowsAreInsertedOnTheirThreadLeavesNoFile() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let writer = try GeoPackageWriter(path: folder.appendingPathComponent("t.gpkg").path, timestamp: Self.timestamp, insertThread: true)
            let layer = try writer.addLayer("cells", geometry: .point, fields: [GeoPackageField("n", .integer)], spatialIndex: false)
            for n in 0..<150 { try writer.write(layer, geometry: .point(XY(1, Double(n) / 1000)), values: [.integer(n)]) }
            try writer.write(layer, geometry: .point(XY(1, 2)), values: [.real(1.5)])
            Issue.record("a real was written into an integer column")
        } catch let error as InputError {
            #expect(error.description.hasSuffix("layer cells: a value real(1.5) in a column of integer"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    /// A value of another kind than its column is refused: GDAL would convert it, the direct path does not guess.
    @Test func aValueOfAnotherKindThanItsColumnIsRefused() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try GeoPackageWriter(path: folder.appendingPathComponent("t.gpkg").path, timestamp: Self.timestamp)
        let layer = try writer.addLayer("cells", geometry: .point, fields: [GeoPackageField("n", .integer)], spatialIndex: false)
        do {
            try writer.write(layer, geometry: .point(XY(1, 2)), values: [.real(1.5)])
            Issue.record("a real was written into an integer column")
        } catch let error as InputError {
            #expect(error.description.hasSuffix("layer cells: a value real(1.5) in a column of integer"), "\(error)")
        }
    }
}
