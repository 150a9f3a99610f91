import Foundation
import Model
import Store
import Testing
import TestSupport

private func square(_ x0: Double, _ y0: Double, _ side: Double) -> Polygon {
    Polygon(exterior: [XY(x0, y0), XY(x0 + side, y0), XY(x0 + side, y0 + side), XY(x0, y0 + side), XY(x0, y0)])
}

private let cellSchema = LayerSchema(
    name: "cells", geometryType: .polygon, srid: 32631,
    columns: [Column("id", .text), Column("pop", .real), Column("rank", .integer)])
private let cells = [
    Feature(geometry: .polygon(square(0, 0, 100)), values: [.text("c1"), .real(12.5), .integer(1)]),
    Feature(geometry: .polygon(Polygon(exterior: square(100, 0, 100).exterior,
                                       holes: [square(140, 40, 20).exterior.reversed()])),
            values: [.text("c2"), .real(0), .integer(2)]),
    Feature(geometry: .polygon(square(0, 100, 50)), values: [.text("c3"), .null, .integer(3)]),
]
private let siteSchema = LayerSchema(name: "sites", geometryType: .point, srid: 4326,
                                     columns: [Column("id", .text), Column("windows", .integer)])
private let sites = [
    Feature(geometry: .point(XY(1.5218, 42.5063)), values: [.text("H-01"), .integer(12)]),
    Feature(geometry: .point(XY(1.53, 42.51)), values: [.text("K-01"), .null]),
]
private let roadSchema = LayerSchema(name: "roads", geometryType: .lineString, srid: 32631,
                                     columns: [Column("osm_id", .integer)])
private let roads = [Feature(geometry: .lineString([XY(0, 0), XY(30, 40), XY(30, 100)]), values: [.integer(7)])]
private let gapSchema = LayerSchema(name: "gaps", geometryType: .multiPolygon, srid: 32631,
                                    columns: [Column("population", .real)])
private let gaps = [
    Feature(geometry: .multiPolygon(MultiPolygon([square(0, 0, 10), square(20, 0, 10)])), values: [.real(40)]),
    Feature(geometry: .polygon(square(50, 50, 5)), values: [.real(3)]),
]
private let edgeColumns = [Column("source", .integer), Column("target", .integer), Column("meters", .real),
                           Column("offsets", .blob)]
private let edges: [[Value]] = [
    [.integer(0), .integer(1), .real(50), .null],
    [.integer(1), .integer(2), .real(60.25), .blob([1, 0, 0, 0, 2, 0, 0, 0])],
]

/// A complete store in a fresh folder.
private func writeStore(_ name: String = #function) throws -> URL {
    let folder = try Paths.scratch(name)
    let url = folder.appendingPathComponent("district.sqlite")
    let writer = try StoreWriter(creating: url)
    try writer.writeLayer(cellSchema, features: cells)
    try writer.writeLayer(siteSchema, features: sites)
    try writer.writeLayer(roadSchema, features: roads)
    try writer.writeLayer(gapSchema, features: gaps)
    try writer.writeTable("graph_edges", columns: edgeColumns, rows: edges)
    try writer.setMetadata(["population.sha256": "abc123", "twinreach.version": "0.1"])
    try writer.commit()
    return url
}

@Suite struct StoreRoundTripTests {
    @Test func readsBackWhatWasWritten() throws {
        let url = try writeStore()
        let reader = try StoreReader(opening: url)
        #expect(try reader.layers().map(\.name) == ["cells", "gaps", "roads", "sites"])
        #expect(try reader.layers().first { $0.name == "gaps" }?.geometryType == .multiPolygon)
        #expect(try reader.layers().first { $0.name == "sites" }?.srid == 4326)
        let read = try reader.features(of: "cells")
        #expect(read.columns == cellSchema.columns)
        #expect(read.features == cells)
        #expect(try reader.features(of: "sites").features == sites)
        #expect(try reader.features(of: "roads").features == roads)
        // The single polygon went in as a one-part multipolygon.
        let readGaps = try reader.features(of: "gaps").features
        #expect(readGaps[1].geometry == .multiPolygon(MultiPolygon([square(50, 50, 5)])))
        #expect(try reader.rows(of: "graph_edges").rows == edges)
        #expect(try reader.metadata() == ["population.sha256": "abc123", "twinreach.version": "0.1"])
        // Nothing but the store is left in the folder.
        let left = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(left == ["district.sqlite"])
    }

    @Test func spatiaLiteSeesValidGeometriesAndIndexes() throws {
        let reader = try StoreReader(opening: try writeStore())
        // SpatiaLite's own functions on the stored BLOBs: areas by hand (100^2; 100^2 - 20^2; 50^2).
        let areas: [[Value]] = [[.real(10_000)], [.real(9_600)], [.real(2_500)]]
        #expect(try reader.query("SELECT ST_Area(geom) FROM cells ORDER BY fid") == areas)
        let length: [[Value]] = [[.real(110)]]
        #expect(try reader.query("SELECT ST_Length(geom) FROM roads") == length)
        let valid: [[Value]] = [[.integer(1)], [.integer(1)]]
        #expect(try reader.query("SELECT ST_IsValid(geom) FROM gaps") == valid)
        // The R*Tree holds every feature and agrees with the table.
        #expect(try reader.rowCount("idx_cells_geom") == 3)
        let one: [[Value]] = [[.integer(1)]]
        #expect(try reader.query("SELECT CheckSpatialIndex('cells', 'geom')") == one)
        let four: [[Value]] = [[.integer(4)]]
        #expect(try reader.query("SELECT count(*) FROM spatial_ref_sys WHERE srid IN (4326, 32631, 4490, 4527)") == four)
    }

    @Test func ogrinfoListsLayersWithFeatureCounts() throws {
        let url = try writeStore()
        let result = try Tool.run(["-ro", "-so", "-al", url.path], program: URL(fileURLWithPath: "/usr/bin/ogrinfo"))
        #expect(result.status == 0, "\(result.stderr)")
        let counts = layerCounts(result.stdout)
        #expect(counts["cells"] == 3)
        #expect(counts["sites"] == 2)
        #expect(counts["roads"] == 1)
        #expect(counts["gaps"] == 2)
        #expect(result.stdout.contains("Geometry: Multi Polygon"))
        #expect(result.stdout.contains("Geometry: Point"))
        #expect(result.stdout.contains("pop: Real"))
        #expect(result.stdout.contains("rank: Integer"))
        #expect(!result.stderr.contains("ERROR"))
    }

    @Test func spatialiteCLIOpensTheStore() throws {
        let url = try writeStore()
        let sql = "SELECT f_table_name, (SELECT count(*) FROM cells), (SELECT count(*) FROM graph_edges) "
            + "FROM geometry_columns ORDER BY f_table_name;"
        let result = try Tool.run([url.path, sql], program: URL(fileURLWithPath: "/usr/bin/spatialite"))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init).filter { $0.contains("|") }
        #expect(lines == ["cells|3|2", "gaps|3|2", "roads|3|2", "sites|3|2"])
    }

    /// "Layer name: X" followed by "Feature Count: N" in `ogrinfo -so -al` output.
    private func layerCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        var layer: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Layer name: ") { layer = String(line.dropFirst("Layer name: ".count)) }
            if line.hasPrefix("Feature Count: "), let layer { counts[layer] = Int(line.dropFirst("Feature Count: ".count)) }
        }
        return counts
    }
}

@Suite struct StoreAtomicityTests {
    @Test func uncommittedStoreLeavesNothing() throws {
        let folder = try Paths.scratch()
        let url = folder.appendingPathComponent("district.sqlite")
        do {
            let writer = try StoreWriter(creating: url)
            try writer.writeLayer(siteSchema, features: sites)
            // Dropped without commit (as when a later step fails).
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func oldStoreStaysUntilTheNewOneIsCommitted() throws {
        let url = try writeStore()
        let writer = try StoreWriter(creating: url)
        try writer.writeLayer(siteSchema, features: Array(sites.prefix(1)))
        #expect(try StoreReader(opening: url).rowCount("sites") == 2)
        try writer.commit()
        #expect(try StoreReader(opening: url).rowCount("sites") == 1)
        #expect(try StoreReader(opening: url).layers().map(\.name) == ["sites"])
        #expect(throws: StoreError.io(path: url.path, message: "the store was already committed")) {
            try writer.setMetadata(["a": "b"])
        }
    }

    @Test func manyRowsInOneTransaction() throws {
        let folder = try Paths.scratch()
        let url = folder.appendingPathComponent("big.sqlite")
        let writer = try StoreWriter(creating: url)
        let n = 100_000
        let points = (0..<n).lazy.map { (i: Int) -> Feature in
            let at = XY(Double(i % 1000), Double(i / 1000))
            return Feature(geometry: .point(at), values: [Value.integer(Int64(i))])
        }
        try writer.writeLayer(LayerSchema(name: "nodes", geometryType: .point, srid: 32631,
                                          columns: [Column("node", .integer)]), features: points)
        try writer.commit()
        let reader = try StoreReader(opening: url)
        #expect(try reader.rowCount("nodes") == n)
        #expect(try reader.rowCount("idx_nodes_geom") == n)
        let expected: [[Value]] = [[.integer(54321), .real(321), .real(54)]]
        #expect(try reader.query("SELECT node, X(geom), Y(geom) FROM nodes WHERE fid = 54322") == expected)
    }
}

@Suite struct StoreErrorTests {
    @Test func wrongValueCountNamesTheFeature() throws {
        let writer = try StoreWriter(creating: try Paths.scratch().appendingPathComponent("s.sqlite"))
        #expect(throws: StoreError.schema("layer sites: feature 1 has 1 values for 2 columns")) {
            try writer.writeLayer(siteSchema, features: [sites[0], Feature(geometry: nil, values: [.text("x")])])
        }
        // The failed layer was rolled back: it can be written again.
        try writer.writeLayer(siteSchema, features: sites)
    }

    @Test func wrongTypesAreRejected() throws {
        let writer = try StoreWriter(creating: try Paths.scratch().appendingPathComponent("s.sqlite"))
        #expect(throws: StoreError.schema("layer sites: feature 0: column windows is INTEGER, got 'many'")) {
            try writer.writeLayer(siteSchema, features: [Feature(geometry: nil, values: [.text("a"), .text("many")])])
        }
        #expect(throws: StoreError.schema("layer sites: feature 0: geometry POLYGON does not fit a POINT layer")) {
            try writer.writeLayer(siteSchema, features: [Feature(geometry: .polygon(square(0, 0, 1)),
                                                                 values: [.text("a"), .null])])
        }
        #expect(throws: StoreError.schema("layer sites: feature 0: a polygon ring needs at least 4 points (closed), got 3")) {
            let cells = LayerSchema(name: "sites", geometryType: .polygon, srid: 4326, columns: [])
            let triangle = Polygon(exterior: [XY(0, 0), XY(1, 0), XY(0, 0)])
            try writer.writeLayer(cells, features: [Feature(geometry: .polygon(triangle), values: [])])
        }
        #expect(throws: StoreError.schema("'Bad Name' is not a valid table or column name (lower-case letters, digits, _)")) {
            try writer.writeTable("Bad Name", columns: [Column("a", .integer)], rows: [[Value]]())
        }
    }

    @Test func sqliteErrorsCarryTheSQL() throws {
        let writer = try StoreWriter(creating: try Paths.scratch().appendingPathComponent("s.sqlite"))
        try writer.writeTable("edges", columns: [Column("a", .integer)], rows: [[.integer(1)]])
        #expect(throws: StoreError.sqlite(sql: "CREATE TABLE \"edges\" (\"a\" INTEGER)", code: 1,
                                          message: "table \"edges\" already exists")) {
            try writer.writeTable("edges", columns: [Column("a", .integer)], rows: [[.integer(1)]])
        }
        // An SRID SpatiaLite does not know would leave the layer without a CRS in GDAL and QGIS.
        #expect(throws: StoreError.schema("layer x: SRID 999999 is not in spatial_ref_sys")) {
            try writer.writeLayer(LayerSchema(name: "x", geometryType: .point, srid: 999_999, columns: []),
                                  features: [Feature]())
        }
        #expect(StoreError.sqlite(sql: "SELECT 1", code: 1, message: "boom").description
                == "SQLite error 1 (boom) in: SELECT 1")
    }

    @Test func missingStore() {
        #expect(throws: StoreError.io(path: "/nonexistent/x.sqlite", message: "no such store")) {
            _ = try StoreReader(opening: URL(fileURLWithPath: "/nonexistent/x.sqlite"))
        }
    }
}

@Suite struct StoreDeterminismTests {
    @Test func sameInputsGiveTheSameBytes() throws {
        let first = try writeStore("determinismA")
        Thread.sleep(forTimeInterval: 1.1)  // timestamps SpatiaLite records must not leak into the file
        let second = try writeStore("determinismB")
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }
}

@Suite struct HelsinkiGridStoreTests {
    @Test func realGridInTheStore() throws {
        guard let cells = try HelsinkiGrid.cells() else { return }
        let url = try Paths.scratch().appendingPathComponent("helsinki.sqlite")
        let writer = try StoreWriter(creating: url)
        let schema = LayerSchema(name: "population_grid", geometryType: .polygon, srid: 4326,
                                 columns: [Column("id", .integer), Column("population", .integer)])
        try writer.writeLayer(schema, features: cells.map { cell in
            Feature(geometry: .polygon(Polygon(exterior: cell.ring)),
                    values: [.integer(Int64(cell.id)), .integer(Int64(cell.population))])
        })
        try writer.commit()
        let reader = try StoreReader(opening: url)
        let total: [[Value]] = [[.integer(71_724)]]
        #expect(try reader.query("SELECT sum(population) FROM population_grid") == total)
        // SpatiaLite reprojects the stored cells to the grid's own CRS (EPSG:3879): 250 m squares.
        let areas = try reader.query("SELECT ST_Area(ST_Transform(geom, 3879)) FROM population_grid")
        #expect(areas.count == 92)
        for row in areas {
            guard case .real(let area) = row[0] else { Issue.record("no area"); continue }
            #expect(abs(area - 62_500) < 10)
        }
        let result = try Tool.run(["-ro", "-so", url.path, "population_grid"],
                                  program: URL(fileURLWithPath: "/usr/bin/ogrinfo"))
        #expect(result.stdout.contains("Feature Count: 92"))
        #expect(result.stdout.contains("Extent: (24.905448, 60.154132) - (24.959486, 60.176598)"))
    }
}
