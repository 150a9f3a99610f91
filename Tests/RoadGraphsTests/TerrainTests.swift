import Foundation
import Model
import Network
import Testing
import TestSupport
@testable import RoadGraphs

/// Slope-aware times on a plane of known slope: a GeoTIFF written with gdal_translate, rising
/// 10 % northwards, and one north-south footway read from OSM XML through the real readers.
@Suite struct TerrainTests {
    static let earthRadius = 6_371_008.8

    /// 10 × 10 pixels of 0.001° from (1.000 E, 42.010 N); height 1000 m + 0.1 × the metres north
    /// of 42° along the meridian (R · Δφ), so every north-south line climbs at exactly 10 %.
    static func plane(in folder: URL) throws -> String {
        let rows = (0..<10).map { r -> [Double] in
            let lat = 42.0095 - 0.001 * Double(r)
            return [Double](repeating: 1000 + 0.1 * earthRadius * (lat - 42) * .pi / 180, count: 10)
        }
        let path = folder.appendingPathComponent("elevation.tif").path
        try writeGeoTIFF(rows, west: 1.0, north: 42.01, pixel: 0.001, to: path)
        return path
    }

    /// A footway from A (1.005 E, 42.002 N) north to B (1.005 E, 42.007 N): 555.975 m along the
    /// meridian (R · 0.005°), climbing 55.6 m.
    static func footway(in folder: URL) throws -> String {
        let xml = """
        <?xml version='1.0' encoding='UTF-8'?>
        <osm version="0.6">
        <node id="1" lat="42.002" lon="1.005"/>
        <node id="2" lat="42.007" lon="1.005"/>
        <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/><tag k="bicycle" v="yes"/></way>
        </osm>
        """
        let path = folder.appendingPathComponent("roads.osm").path
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Seconds A → B and B → A on the graph of `mode`.
    static func seconds(mode: TravelMode, dem: String?, roads: String) throws -> (north: Double, south: Double) {
        var settings = DistrictSettings(name: "plane")
        settings.dem = dem
        let ways = try RoadWays.read(osmPath: roads, settings: settings)
        let heights = try Terrain.load(settings: settings, covering: nil)?.heights(of: ways)
        let (graph, _) = RoadGraph.build(ways: RoadWays.inputs(ways, mode: mode, heights: heights), keep: .all)
        func edge(_ from: Int, _ to: Int) -> Double {
            let range = Int(graph.offsets[from])..<Int(graph.offsets[from + 1])
            return range.first { graph.targets[$0] == Int32(to) }.map { Double(graph.seconds[$0]) } ?? .nan
        }
        #expect(graph.nodeIDs == [1, 2])
        return (edge(0, 1), edge(1, 0))
    }

    @Test func toblerTimesUpAndDownAPlaneOfTenPercent() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dem = try Self.plane(in: folder), roads = try Self.footway(in: folder)
        let meters = Self.earthRadius * 0.005 * .pi / 180           // 555.975 m
        // Flat, at the district's 4.5 km/h: 555.975 / 1.25 m/s = 444.780 s either way.
        let flat = try Self.seconds(mode: .walk, dem: nil, roads: roads)
        #expect(abs(flat.north - 444.780) < 0.01 && abs(flat.south - 444.780) < 0.01)
        // Up 10 %: Tobler 6·e^(−3.5·0.15) over its flat 6·e^(−3.5·0.05) = e^(−0.35) = 0.704688,
        // 4.5 × 0.704688 = 3.1711 km/h: 631.173 s. Down 10 %: |−0.1 + 0.05| = 0.05, the flat
        // value: 444.780 s (Tobler is fastest at 5 % down and symmetric about it).
        let hills = try Self.seconds(mode: .walk, dem: dem, roads: roads)
        #expect(abs(hills.north - 631.173) < 0.05, "\(hills.north) s")
        #expect(abs(hills.south - 444.780) < 0.05, "\(hills.south) s")
        #expect(abs(meters / (4.5 / 3.6 * exp(-0.35)) - 631.173) < 0.001)
    }

    @Test func cyclingTimesUpAndDownAPlaneOfTenPercent() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dem = try Self.plane(in: folder), roads = try Self.footway(in: folder)
        // 15 km/h flat; up 10 %: 15 / (1 + 10 × 0.1) = 7.5 km/h, 266.868 s; down 10 %:
        // 15 × min(1 + 5 × 0.1, 1.5) = 22.5 km/h, 88.956 s.
        let bike = try Self.seconds(mode: .bike, dem: dem, roads: roads)
        #expect(abs(bike.north - 266.868) < 0.05, "\(bike.north) s")
        #expect(abs(bike.south - 88.956) < 0.05, "\(bike.south) s")
        // Driving ignores the slope (drive profile: no slope rule) — the footway is not driven at all.
        let drive = RoadWays.inputs(try RoadWays.read(osmPath: roads, settings: DistrictSettings(name: "plane")), mode: .drive)
        #expect(drive.isEmpty)
    }

    @Test func aBridgeRunsStraightFromEndToEnd() {
        // A way over a valley: the DEM says 100, 40 (the valley floor), 100 at its three nodes
        // 100 m apart; levelled, it stays at 100 m.
        let points = [XY(1.0, 42.0), XY(1.0, 42.0 + 100 / (Self.earthRadius * .pi / 180)), XY(1.0, 42.0 + 200 / (Self.earthRadius * .pi / 180))]
        let levelled = Terrain.levelled([[100, 70, 40], [40, 70, 100]], points: points)
        for h in levelled.joined() { #expect(abs((h ?? .nan) - 100) < 1e-9) }
        // A sloping bridge: 100 m to 120 m over 200 m climbs 5 m per 50 m.
        let sloping = Terrain.levelled([[100, 0, 0], [0, 0, 120]], points: points)
        let expected: [Double] = [100, 105, 110, 110, 115, 120]
        for (h, e) in zip(sloping.joined(), expected) { #expect(abs((h ?? .nan) - e) < 1e-6) }
    }

    @Test func aDistrictOutsideTheDEMIsAnErrorNamingTheFile() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = DistrictSettings(name: "plane")
        settings.dem = try Self.plane(in: folder)
        // Inside: fine. Half outside (east of 1.01°): refused, naming the DEM and both spans.
        #expect(try Terrain.load(settings: settings, covering: (XY(1.002, 42.002), XY(1.008, 42.008))) != nil)
        do {
            _ = try Terrain.load(settings: settings, covering: (XY(1.005, 42.002), XY(1.02, 42.008)))
            Issue.record("a district beyond the DEM was accepted")
        } catch let error as InputError {
            #expect(error.kind == .badData && error.file == "elevation.tif")
            #expect(error.message == "does not cover the district: the boundary spans lon 1.0050…1.0200, lat 42.0020…42.0080, the DEM lon 1.0000…1.0100, lat 42.0000…42.0100 (or has no data there)")
        }
    }

    @Test func theDEMsHashMakesAStoreStale() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dem = try Self.plane(in: folder)
        var metadata = ["store.format": StoreFreshness.format]
        let hashes = try DistrictInputs.hashes(of: folder.path, dem: dem)
        #expect(hashes.contains { $0.file == "elevation.tif" })
        for (file, hash) in hashes { metadata["hash.\(file)"] = hash }
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path, dem: dem) == nil)
        try writeGeoTIFF([[1, 2], [3, 4]], west: 1, north: 42.01, pixel: 0.005, to: dem)
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path, dem: dem) == "elevation.tif changed")
        #expect(try StoreFreshness.staleness(metadata: metadata, folder: folder.path) == "elevation.tif removed")
    }
}
