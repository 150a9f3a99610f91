import Foundation
import Model
import Testing
import TestSupport
@testable import GISFiles

/// VectorLayerReader on files `ogr2ogr` writes from a small GeoJSON layer: the text comes back
/// as UTF-8 through the .cpg, coordinates come back in WGS 84 from the layer's own CRS, rings
/// turn as RFC 7946 has them, and a GeoPackage of several layers is read by name.
@Suite struct VectorLayerTests {
    /// Two 街道 (one square, one with a hole) and a hall, in WGS 84; exteriors counterclockwise.
    static let areas = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"JD01","name":"南山街道","pop":1200},"geometry":{"type":"Polygon","coordinates":[[[113.91,22.51],[113.92,22.51],[113.92,22.52],[113.91,22.52],[113.91,22.51]]]}},
    {"type":"Feature","properties":{"id":"JD02","name":"粤海街道","pop":null},"geometry":{"type":"Polygon","coordinates":[[[113.92,22.51],[113.94,22.51],[113.94,22.53],[113.92,22.53],[113.92,22.51]],[[113.925,22.515],[113.925,22.52],[113.93,22.52],[113.93,22.515],[113.925,22.515]]]}}
    ]}
    """

    func withLayer(_ body: (URL, URL) throws -> Void) throws {
        let folder = try Paths.scratch("vector-layer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("areas.geojson")
        try Self.areas.write(to: source, atomically: true, encoding: .utf8)
        try body(folder, source)
    }

    func ogr2ogr(_ arguments: [String]) throws {
        let result = try Tool.run(arguments, program: URL(fileURLWithPath: "/usr/bin/ogr2ogr"))
        try #require(result.status == 0, "ogr2ogr: \(result.stderr)")
    }

    @Test func gbkShapefileInGaussKrugerReadsBackAsTheGeoJSON() throws {
        try withLayer { folder, source in
            let shp = folder.appendingPathComponent("areas.shp").path
            try ogr2ogr(["-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-t_srs", "EPSG:4547", shp, source.path])
            // The .dbf holds GBK bytes: 南 is C4 CF in GBK (E5 8D 97 in UTF-8).
            let dbf = try Data(contentsOf: folder.appendingPathComponent("areas.dbf"))
            #expect(dbf.range(of: Data([0xC4, 0xCF])) != nil)
            let layer = try VectorLayerReader.read(path: shp)
            #expect(layer.driver == "ESRI Shapefile")
            #expect(layer.sourceCRS?.contains("EPSG:4547") == true, "\(layer.sourceCRS ?? "none")")
            #expect(layer.problems.isEmpty)
            #expect(layer.features.map(\.id) == ["JD01", "JD02"])
            #expect(layer.features.map { $0.fields.first { $0.name == "name" }?.value } == [.text("南山街道"), .text("粤海街道")])
            #expect(layer.features.map { $0.fields.first { $0.name == "pop" }?.value } == [.integer(1200), .null])
            // Shapefiles store exteriors clockwise; the reader turns them back, and rounds the
            // reprojected positions to 1e-7 degrees, which gives the original numbers exactly.
            guard case .polygon(let first)? = layer.features[0].geometry, case .polygon(let second)? = layer.features[1].geometry else {
                Issue.record("not polygons: \(layer.features.map(\.geometry))"); return
            }
            #expect(first.exterior == [XY(113.91, 22.51), XY(113.92, 22.51), XY(113.92, 22.52), XY(113.91, 22.52), XY(113.91, 22.51)])
            #expect(second.holes == [[XY(113.925, 22.515), XY(113.925, 22.52), XY(113.93, 22.52), XY(113.93, 22.515), XY(113.925, 22.515)]])
        }
    }

    @Test func geoPackageOfTwoLayersIsReadByName() throws {
        try withLayer { folder, source in
            let gpkg = folder.appendingPathComponent("district.gpkg").path
            try ogr2ogr(["-f", "GPKG", "-nln", "subdistricts", gpkg, source.path])
            try ogr2ogr(["-f", "GPKG", "-update", "-nln", "boundary", gpkg, source.path])
            #expect(try VectorLayerReader.layerNames(path: gpkg) == ["subdistricts", "boundary"])
            let error = #expect(throws: InputError.self) { try VectorLayerReader.read(path: gpkg) }
            #expect(error?.description == "\(gpkg): holds 2 layers (subdistricts, boundary); name one by the district layer it is")
            let boundary = try VectorLayerReader.read(path: gpkg, layer: "boundary")
            #expect(boundary.file == "\(gpkg) (layer boundary)")
            #expect(boundary.features.count == 2)
            let missing = #expect(throws: InputError.self) { try VectorLayerReader.read(path: gpkg, layer: "sites") }
            #expect(missing?.message == "has no layer 'sites' (its layers: subdistricts, boundary)")
        }
    }

    @Test func flatGeobufAndKMLKeepTextAndFields() throws {
        try withLayer { folder, source in
            for name in ["areas.fgb", "areas.kml"] {
                let path = folder.appendingPathComponent(name).path
                // FlatGeobuf's spatial index stores features in spatial (Hilbert) order; without
                // it the file keeps the source's order, which the expectations below use.
                try ogr2ogr(name.hasSuffix(".fgb") ? ["-lco", "SPATIAL_INDEX=NO", path, source.path] : [path, source.path])
                let layer = try VectorLayerReader.read(path: path)
                #expect(layer.problems.isEmpty, "\(name): \(layer.problems)")
                #expect(layer.features.map(\.id) == ["JD01", "JD02"], "\(name)")
                let names = layer.features.map { f in f.fields.first { $0.name.lowercased() == "name" }?.value }
                #expect(names == [.text("南山街道"), .text("粤海街道")], "\(name)")
                guard case .polygon(let p)? = layer.features[0].geometry else { Issue.record("\(name): not a polygon"); continue }
                #expect(p.exterior.first == XY(113.91, 22.51), "\(name)")
            }
        }
    }

    @Test func missingFileAndForeignFileAreInputErrors() throws {
        try withLayer { folder, _ in
            let absent = folder.appendingPathComponent("absent.gpkg").path
            let missing = #expect(throws: InputError.self) { try VectorLayerReader.read(path: absent) }
            #expect(missing?.kind == .missingInput)
            let text = folder.appendingPathComponent("notes.fgb")
            try "not a FlatGeobuf".write(to: text, atomically: true, encoding: .utf8)
            let foreign = #expect(throws: InputError.self) { try VectorLayerReader.read(path: text.path) }
            #expect(foreign?.kind == .badData)
            #expect(foreign?.message.hasPrefix("cannot be read as a vector layer") == true, "\(String(describing: foreign))")
        }
    }
}
