import Foundation
import Model
import RoadGraphs
import Testing
import TestSupport
@testable import TwinReachKit

/// `twinreach import` of the committed samples; the stores opened by `ogrinfo` and `spatialite`
/// as separate processes, as QGIS users and scripts open them.
@Suite(.serialized) struct ImportTests {
    /// `ogrinfo -ro -al -so`: layer name -> feature count.
    func ogrinfoCounts(_ store: URL) throws -> [String: Int] {
        let run = try Tool.run(["-ro", "-al", "-so", store.path], program: URL(fileURLWithPath: "/usr/bin/ogrinfo"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("ERROR"), "\(run.stderr)")
        var counts: [String: Int] = [:]
        var layer: String?
        for line in run.stdout.split(separator: "\n") {
            if line.hasPrefix("Layer name: ") { layer = String(line.dropFirst("Layer name: ".count)) }
            if line.hasPrefix("Feature Count: "), let layer { counts[layer] = Int(line.dropFirst("Feature Count: ".count)) }
        }
        return counts
    }

    func spatialite(_ store: URL, _ sql: String) throws -> String {
        let run = try Tool.run(["-bail", store.path, sql], program: URL(fileURLWithPath: "/usr/bin/spatialite"))
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func syntheticSample() throws {
        let store = try Paths.scratch().appendingPathComponent("synthetic.sqlite")
        let report = try ImportCommand.run(district: Paths.repo.appendingPathComponent("GeoData/synthetic-small").path,
                                           store: store.path)
        // 20 × 20 cells; a 4 km × 4 km street grid every 200 m: 21 × 21 = 441 nodes and
        // 2 × 21 × 20 = 840 street segments, each way both ways = 1,680 directed edges, one
        // component; every mode may use residential and primary streets.
        #expect(report.cells == 400)
        #expect(report.modes.map(\.mode) == [.walk, .bike, .drive])
        for m in report.modes {
            #expect(m.nodes == 441 && m.edges == 1_680 && m.edgeRows == 840)
            #expect(m.report.componentCount == 1 && m.report.droppedNodeCount == 0)
            #expect(m.cellsSnapped == 400 && m.cellsUnsnapped.isEmpty && m.sitesUnsnapped.isEmpty)
            // A 200 m cell's centre lies 100 m east and north of the nearest street corner:
            // √2 × 100 m, up to haversine against the generator's flat metres (< 0.5 %).
            #expect(abs(m.maxSnapMeters - 141.42) < 0.7, "\(m.maxSnapMeters)")
        }
        #expect(report.hashes.map(\.file) == ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson",
                                             "sites.geojson", "channels.yaml", "services.csv", "roads.osm", "candidates.geojson",
                                             "shipped road profiles"])

        let counts = try ogrinfoCounts(store)
        #expect(counts["cells"] == 400)
        #expect(counts["sites"] == report.sites.count)
        #expect(counts["candidates"] == report.candidates && report.candidates == 16)  // one per km² of 4 km × 4 km
        // Two-way streets: each pair of opposite edges is one row.
        #expect(counts["road_edges_drive"] == 840 && counts["road_nodes_walk"] == 441)
        #expect(counts["subdistricts"] == 10 && counts["boundary"] == 1)
        // Snaps: 400 cells + 45 sites for each of 3 modes.
        #expect(try spatialite(store, "SELECT count(*), count(node) FROM snaps;") == "\(3 * (400 + report.sites.count))|\(3 * (400 + report.sites.count))")
        // The same district gives the same store, byte for byte.
        let again = store.deletingLastPathComponent().appendingPathComponent("again.sqlite")
        _ = try ImportCommand.run(district: Paths.repo.appendingPathComponent("GeoData/synthetic-small").path, store: again.path)
        #expect(try Data(contentsOf: store) == Data(contentsOf: again))
        // The recorded hash is FNV-1a 64 of the file.
        let hash = try FNV1a64.ofFile(Paths.repo.appendingPathComponent("GeoData/synthetic-small/roads.osm").path).hex
        #expect(try spatialite(store, "SELECT value FROM metadata WHERE key = 'hash.roads.osm';") == hash)
    }

    @Test func andorraSample() throws {
        guard try Paths.sharedFile("data/andorra-2025-01-19.osm.pbf") != nil else { return }
        let store = try Paths.scratch().appendingPathComponent("andorra.sqlite")
        let report = try ImportCommand.run(district: Paths.repo.appendingPathComponent("GeoData/andorra").path, store: store.path)
        #expect(abs(report.population - 85_101) < 1e-6)
        // 61 sites: 2 city, 8 district halls, 11 community stations, 40 kiosks (README; the
        // archive, customs and Sindicatura are no longer city halls).
        #expect(report.sites.count == 61)
        let byMode = Dictionary(uniqueKeysWithValues: report.modes.map { ($0.mode, $0) })
        let walk = try #require(byMode[.walk]), drive = try #require(byMode[.drive])
        // Drivable length: spatialite_osm_net measures 553.5 km of drivable arcs in the full
        // extract (SOURCES.md); ours is 0.5 % shorter (nodes thinned at 3 m) and leaves out the
        // construction and raceway classes it counts.
        #expect(abs(drive.report.wayLengthMeters / 1e3 - 553.5) / 553.5 < 0.02, "\(drive.report.wayLengthMeters)")
        // Kept + dropped = every node of the mode's ways; the largest component holds most.
        for m in report.modes {
            #expect(m.nodes + m.report.droppedNodeCount == m.report.nodeCountBeforePruning)
            #expect(m.nodes > 9 * m.report.droppedNodeCount)
        }
        // Walking uses more of the network than driving (footways, steps, trails).
        #expect(walk.nodes > 3 * drive.nodes)
        // Cells far up the valleys are beyond 500 m of any road: reported, not dropped.
        #expect(walk.cellsSnapped + walk.cellsUnsnapped.count == report.cells)
        #expect(walk.cellsUnsnapped.count < 10 && drive.cellsUnsnapped.count > walk.cellsUnsnapped.count)
        #expect(walk.maxSnapMeters <= 500 && drive.maxSnapMeters <= 500)
        #expect(walk.sitesUnsnapped.isEmpty && drive.sitesUnsnapped.isEmpty)

        let counts = try ogrinfoCounts(store)
        // Every cell of population.geojson (as GDAL counts them) is in the store.
        let geojson = try ogrinfoCounts(Paths.repo.appendingPathComponent("GeoData/andorra/population.geojson"))
        #expect(geojson["population"] == report.cells)
        #expect(counts["cells"] == report.cells && counts["sites"] == 61 && counts["subdistricts"] == 7)
        #expect(counts["road_nodes_walk"] == walk.nodes && counts["road_edges_walk"] == walk.edgeRows)
        #expect(counts["road_edges_drive"] == drive.edgeRows)
        // Walking is two-way everywhere, but with Andorra's DEM uphill is slower than downhill:
        // a pair is one row only where both ways take the same time (flat, or beyond the DEM).
        // Driving has one-way streets.
        #expect(!walk.symmetric && walk.edgeRows * 2 > walk.edges && walk.edgeRows < walk.edges)
        #expect(drive.edgeRows * 2 > drive.edges && drive.edgeRows < drive.edges)
        // The rows give the directed graph back: both_ways rows count twice.
        #expect(try spatialite(store, "SELECT sum(1 + both_ways) FROM road_edges_drive;") == String(drive.edges))
        #expect(try spatialite(store, "SELECT sum(1 + both_ways) FROM road_edges_walk;") == String(walk.edges))
        #expect(counts["candidates"] == nil)  // the OSM sample has no candidate file
        #expect(try spatialite(store, "SELECT round(sum(pop), 6) FROM cells;") == "85101.0")
        #expect(try spatialite(store, "SELECT CheckSpatialIndex('cells', 'geom'), CheckSpatialIndex('road_edges_walk', 'geom');") == "1|1")
        #expect(try spatialite(store, "SELECT count(*) FROM snaps WHERE mode = 'drive' AND node IS NULL;") == String(drive.cellsUnsnapped.count))
        // A district hall lies in its parish (SpatiaLite's own geometry test on the stored layers).
        #expect(try spatialite(store, """
            SELECT count(*) FROM sites s JOIN subdistricts d ON ST_Within(s.geom, d.geom)
            WHERE s.tier = 'district' AND s.name LIKE '%' || d.name || '%';
            """) == "8")
    }
}
