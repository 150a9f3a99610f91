import Districts
import Foundation
import Model
import Testing
import TestSupport

/// The committed synthetic sample is what `twinreach generate --seed 7 --cells-x 20 --cells-y 20`
/// writes (scripts/build-andorra.sh rebuilds it): regenerating it gives the same bytes.
@Suite struct SamplesTests {
    @Test func syntheticSmallIsReproducible() throws {
        var options = SyntheticOptions()
        options.seed = 7
        options.cellsX = 20
        options.cellsY = 20
        let generated = SyntheticGenerator.generate(options)
        let folder = try Paths.scratch()
        try DistrictWriter.write(generated.district, to: folder.path)
        try generated.roadsOSMXML.write(to: folder.appendingPathComponent("roads.osm"), atomically: true, encoding: .utf8)
        let committed = Paths.repo.appendingPathComponent("GeoData/synthetic-small")
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path)
            .filter { !$0.hasPrefix(".") && $0 != "twinreach.sqlite" }.sorted()
        #expect(names == ["boundary.geojson", "candidates.geojson", "channels.yaml", "district.yaml", "population.geojson",
                          "roads.osm", "services.csv", "sites.geojson", "subdistricts.geojson"])
        for name in names {
            let shipped = try Data(contentsOf: committed.appendingPathComponent(name))
            let fresh = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(shipped == fresh, "GeoData/synthetic-small/\(name) differs from a fresh generate")
        }
        // 20 × 20 cells of 200 m, the standard catalogue, web/app/video/hotline.
        #expect(generated.district.cells.count == 400)
        #expect(generated.district.services.count == 32)
        #expect(generated.district.channels.map(\.id) == ["web", "app", "video", "hotline"])
    }
}

/// `generate --preset`: the three Chinese-style samples (GeoData/dense-core, suburban,
/// rural-mountain) with the sizes, densities and road spacing the presets document.
@Suite struct PresetTests {
    /// Road kilometres per km² of the written street grid, from its nodes and ways.
    func nodes(_ xml: String) throws -> [Int: XY] {
        var nodes: [Int: XY] = [:]
        let node = try NSRegularExpression(pattern: "<node id=\"(\\d+)\" lat=\"([-0-9.]+)\" lon=\"([-0-9.]+)\"")
        let ns = xml as NSString
        for m in node.matches(in: xml, range: NSRange(location: 0, length: ns.length)) {
            nodes[Int(ns.substring(with: m.range(at: 1))) ?? -1] = XY(Double(ns.substring(with: m.range(at: 3))) ?? .nan,
                                                                       Double(ns.substring(with: m.range(at: 2))) ?? .nan)
        }
        return nodes
    }

    func roadKmPerKm2(_ xml: String, areaKm2: Double) throws -> Double {
        let nodes = try nodes(xml)
        var meters = 0.0
        for line in xml.split(separator: "\n") where line.hasPrefix("<way") {
            let refs = line.components(separatedBy: "<nd ref=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            for (a, b) in zip(refs, refs.dropFirst()) {
                guard let p = nodes[a], let q = nodes[b] else { continue }
                let dx = (q.x - p.x) * 111_320 * cos(p.y * .pi / 180), dy = (q.y - p.y) * 110_574
                meters += (dx * dx + dy * dy).squareRoot()
            }
        }
        return meters / 1000 / areaKm2
    }

    @Test func presetsHaveTheirDocumentedSizeDensityAndRoads() throws {
        // (preset, cells, km², residents per km², road km per km² of a grid every s metres over
        // W × H: (W/s + 1) streets of H and (H/s + 1) of W, over W × H).
        let cases: [(String, Int, Double, Double, Double)] = [
            ("dense-core", 900, 9, 40_000, (31.0 * 3 + 31 * 3) / 9),        // 3 × 3 km, every 100 m: 20.67
            ("suburban", 1_200, 48, 3_000, (21.0 * 6 + 16 * 8) / 48),       // 8 × 6 km, every 400 m: 5.29
            ("rural-mountain", 1_600, 400, 60, (11.0 * 20 + 11 * 20) / 400), // 20 × 20 km, every 2 km: 1.1
        ]
        for (name, cells, km2, density, roads) in cases {
            let options = try #require(SyntheticOptions.preset(name))
            let generated = SyntheticGenerator.generate(options)
            let d = generated.district
            #expect(d.cells.count == cells, "\(name)")
            // Each cell's residents are rounded: the total is within half a resident a cell.
            let population = d.cells.reduce(0) { $0 + $1.population }
            #expect(abs(population - density * km2) <= Double(cells) / 2, "\(name): \(population)")
            let measured = try roadKmPerKm2(generated.roadsOSMXML, areaKm2: km2)
            #expect(abs(measured - roads) / roads < 0.002, "\(name): \(measured) road km per km² against \(roads)")
            #expect(d.sites.filter { $0.kind == .kiosk }.count == options.kioskCount)
        }
        // Between the villages of the rural county (background 0.02 of a cluster's peak) the
        // emptiest cell holds under 1 % of the mean cell; in the suburbs (0.15) over 5 %.
        func emptiest(_ name: String) throws -> Double {
            let cells = SyntheticGenerator.generate(try #require(SyntheticOptions.preset(name))).district.cells
            let mean = cells.reduce(0) { $0 + $1.population } / Double(cells.count)
            return (cells.map(\.population).min() ?? .nan) / mean
        }
        #expect(try emptiest("rural-mountain") < 0.01)
        #expect(try emptiest("suburban") > 0.05)
        #expect(SyntheticOptions.preset("city") == nil)
        // Every rural cell centre snaps to a road junction: within max_snap_meters (1,500 m).
        let county = SyntheticGenerator.generate(try #require(SyntheticOptions.preset("rural-mountain")))
        #expect(county.district.settings.maxSnapMeters == 1_500)
        let junctions = Array(try nodes(county.roadsOSMXML).values)
        var farthest = 0.0
        for c in county.district.cells {
            let cosLat = cos(c.centroid.y * .pi / 180)
            var nearest = Double.infinity
            for j in junctions {
                let dx: Double = (j.x - c.centroid.x) * 111_320 * cosLat
                let dy: Double = (j.y - c.centroid.y) * 110_574
                nearest = min(nearest, (dx * dx + dy * dy).squareRoot())
            }
            farthest = max(farthest, nearest)
        }
        #expect(farthest < 1_500, "\(farthest) m")
    }

    /// GeoData/<preset> is `twinreach generate --preset <preset>` (seed 1), byte for byte.
    @Test func committedPresetSamplesAreReproducible() throws {
        for name in SyntheticOptions.presetNames {
            let generated = SyntheticGenerator.generate(try #require(SyntheticOptions.preset(name)))
            let folder = try Paths.scratch()
            defer { try? FileManager.default.removeItem(at: folder) }
            try DistrictWriter.write(generated.district, to: folder.path)
            try generated.roadsOSMXML.write(to: folder.appendingPathComponent("roads.osm"), atomically: true, encoding: .utf8)
            let committed = Paths.repo.appendingPathComponent("GeoData/\(name)")
            for file in ["boundary.geojson", "candidates.geojson", "channels.yaml", "district.yaml", "population.geojson",
                         "roads.osm", "services.csv", "sites.geojson", "subdistricts.geojson"] {
                let shipped = try Data(contentsOf: committed.appendingPathComponent(file))
                #expect(shipped == (try Data(contentsOf: folder.appendingPathComponent(file))), "GeoData/\(name)/\(file)")
            }
        }
    }
}
