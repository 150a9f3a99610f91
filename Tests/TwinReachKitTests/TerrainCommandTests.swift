import Districts
import Foundation
import Model
import Testing
import TestSupport

/// `dem:` in district.yaml through the real `twinreach`: bad DEMs are typed errors naming the
/// file, a good one slows walking uphill, and the store follows the DEM's hash.
@Suite(.serialized) struct TerrainCommandTests {
    /// A small generated district with roads (6 × 5 cells of 200 m around 113.93 E, 22.53 N), a
    /// scenario beside it, and the district's bounds.
    func district() throws -> (root: URL, folder: URL, bounds: (min: XY, max: XY)) {
        let root = try Paths.scratch()
        let folder = root.appendingPathComponent("d")
        var options = SyntheticOptions()
        options.cellsX = 6
        options.cellsY = 5
        let generated = SyntheticGenerator.generate(options)
        try DistrictWriter.write(generated.district, to: folder.path)
        try generated.roadsOSMXML.write(to: folder.appendingPathComponent("roads.osm"), atomically: true, encoding: .utf8)
        try "name: hills\ndistrict: d\nchanges: []\n".write(to: root.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let bounds = try #require(generated.district.boundary.bounds)
        return (root, folder, bounds)
    }

    func nameDEM(_ folder: URL, _ name: String) throws {
        let yaml = folder.appendingPathComponent("district.yaml")
        try (try String(contentsOf: yaml, encoding: .utf8) + "dem: \(name)\n").write(to: yaml, atomically: true, encoding: .utf8)
    }

    /// A DEM over `b` with a 0.01° margin, rising `rise` metres per 0.001° eastwards.
    func writeRamp(_ b: (min: XY, max: XY), rise: Double, to path: URL) throws {
        let west = b.min.x - 0.01, north = b.max.y + 0.01
        let columns = Int(((b.max.x + 0.01 - west) / 0.001).rounded(.up)), rows = Int(((north - b.min.y + 0.01) / 0.001).rounded(.up))
        let grid = (0..<rows).map { _ in (0..<columns).map { 100 + rise * Double($0) } }
        try writeGeoTIFF(grid, west: west, north: north, pixel: 0.001, to: path.path)
    }

    @Test func aMissingDEMIsExit66AtItsLine() throws {
        let (root, folder, _) = try district()
        defer { try? FileManager.default.removeItem(at: root) }
        try nameDEM(folder, "nothing.tif")
        let result = try Tool.run(["check", folder.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("district.yaml:") && result.stderr.contains(": dem: no such file 'nothing.tif' (relative to the district folder)"),
                "\(result.stderr)")
    }

    @Test func aCorruptDEMIsExit65NamingIt() throws {
        let (root, folder, _) = try district()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("II*\0 not really a TIFF".utf8).write(to: folder.appendingPathComponent("elevation.tif"))
        try nameDEM(folder, "elevation.tif")
        for command in ["check", "run"] {
            let args = command == "check" ? ["check", folder.path] : ["run", root.appendingPathComponent("s.yaml").path, "--out", root.appendingPathComponent("o").path]
            let result = try Tool.run(args)
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("elevation.tif: is not a raster GDAL can read"), "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("o").path))
    }

    @Test func aDistrictOutsideTheDEMIsExit65NamingIt() throws {
        let (root, folder, b) = try district()
        defer { try? FileManager.default.removeItem(at: root) }
        // The DEM lies 0.05° west of the district.
        try writeRamp((XY(b.min.x - 0.1, b.min.y), XY(b.min.x - 0.05, b.max.y)), rise: 1, to: folder.appendingPathComponent("elevation.tif"))
        try nameDEM(folder, "elevation.tif")
        let result = try Tool.run(["check", folder.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("elevation.tif: does not cover the district: the boundary spans lon "), "\(result.stderr)")
    }

    @Test func hillsSlowWalkingAndTheStoreFollowsTheDEM() throws {
        let (root, folder, b) = try district()
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = root.appendingPathComponent("s.yaml").path
        func hallMean(_ out: String) throws -> Double {
            let data = try Data(contentsOf: root.appendingPathComponent(out).appendingPathComponent("summary.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let summary = try #require(json["summary"] as? [String: Any])
            return try #require((summary["minutes_to_nearest_hall"] as? [String: Any])?["mean"] as? Double)
        }
        let flat = try Tool.run(["run", scenario, "--out", root.appendingPathComponent("flat").path])
        #expect(flat.status == 0, "\(flat.stderr)")

        // A ramp of 20 m per 0.001° (about 103 m) east: 19 % grades on east-west streets.
        let dem = folder.appendingPathComponent("elevation.tif")
        try writeRamp(b, rise: 20, to: dem)
        try nameDEM(folder, "elevation.tif")
        let checked = try Tool.run(["check", folder.path])
        #expect(checked.status == 0 && checked.stdout.contains("terrain: elevation.tif ("), "\(checked.stderr)")
        let imported = try Tool.run(["import", folder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let hills = try Tool.run(["run", scenario, "--out", root.appendingPathComponent("hills").path, "-v"])
        #expect(hills.status == 0 && hills.stderr.contains("road graph: from the store"), "\(hills.stderr)")
        let flatMean = try hallMean("flat"), hillsMean = try hallMean("hills")
        #expect(hillsMean > flatMean * 1.05, "hills \(hillsMean) vs flat \(flatMean)")

        // A gentler DEM: the store is stale by the DEM's hash, and the graph is rebuilt from OSM.
        try writeRamp(b, rise: 5, to: dem)
        let gentle = try Tool.run(["run", scenario, "--out", root.appendingPathComponent("gentle").path, "-v"])
        #expect(gentle.status == 0 && gentle.stderr.contains("(store stale: elevation.tif changed)"), "\(gentle.stderr)")
        let gentleMean = try hallMean("gentle")
        // (About 5 %: uphill 0.84 × and downhill 1.19 × the flat speed, so near flat on the whole.)
        #expect(gentleMean < hillsMean * 0.95, "gentle \(gentleMean), hills \(hillsMean), flat \(flatMean)")
    }

    @Test func theCommittedAndorraDEMIsTheScriptsClip() throws {
        guard let hgt = try Paths.sharedFile("data/N42E001.hgt.zip") else { return }
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let clip = root.appendingPathComponent("elevation.tif").path
        // The step of scripts/build-andorra.sh.
        let made = try Tool.run(["-q", "-projwin", "1.39", "42.69", "1.80", "42.40", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2",
                                 "/vsizip/\(hgt.path)/N42E001.hgt", clip], program: URL(fileURLWithPath: "/usr/bin/gdal_translate"))
        #expect(made.status == 0, "\(made.stderr)")
        let committed = Paths.repo.appendingPathComponent("GeoData/andorra/elevation.tif")
        #expect(try Data(contentsOf: URL(fileURLWithPath: clip)) == Data(contentsOf: committed))
        #expect(try String(contentsOf: Paths.repo.appendingPathComponent("GeoData/andorra/district.yaml"), encoding: .utf8)
            .hasSuffix("\ndem: elevation.tif\n"))
    }
}
