import Districts
import Foundation
import Geometry
import Model
import Testing
import TestSupport
@testable import TwinReachKit
import OSMDistricts

/// The sample districts of GeoData/ that scripts/build-samples.sh builds with osm-district's
/// options for districts without per-subdistrict totals: a parish with square subdistricts,
/// Monaco with its total shared over its quartiers, central Helsinki on HSY's grid.
@Suite(.serialized) struct SampleDistrictsTests {
    static let files = ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson", "sites.geojson",
                        "channels.yaml", "services.csv", "roads.osm", ".twinreach-osm-district"]

    /// The committed folder is the fresh build, byte for byte.
    func expectCommitted(_ name: String, equals folder: URL) throws {
        let committed = Paths.repo.appendingPathComponent("GeoData/\(name)")
        for file in Self.files {
            let built = try Data(contentsOf: folder.appendingPathComponent(file))
            let shipped = try Data(contentsOf: committed.appendingPathComponent(file))
            #expect(built == shipped, "GeoData/\(name)/\(file) differs from a fresh build (scripts/build-samples.sh)")
        }
    }

    /// A subdistrict's residents from its floor area: `total × floor / Σ floor`, to within the
    /// one resident that whole-resident rounding moves.
    func expectSharedByFloorArea(_ grid: GridReport, total: Double) {
        let floor = grid.subdistricts.reduce(0) { $0 + $1.residentialFloorSquareMeters }
        #expect(abs(grid.subdistricts.reduce(0) { $0 + $1.population } - total) < 1e-9)
        for s in grid.subdistricts {
            #expect(s.population == s.population.rounded(), "\(s.id): whole residents")
            #expect(abs(s.gridPopulation - s.population) < 1e-6, "\(s.id): its cells hold its share")
            #expect(abs(s.population - total * s.residentialFloorSquareMeters / floor) <= 1.5, "\(s.id): \(s.population)")
        }
    }

    @Test func aParishIsADistrictOfSquaresHoldingItsPublishedTotal() throws {
        guard let extract = try Paths.sharedFile("data/andorra-2025-01-19.osm.pbf") else { return }
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        var o = OSMDistrictCommand.Options(extract: extract.path, totals: Paths.repo.appendingPathComponent("scripts/data/andorra-parishes-2023.csv").path,
                                           out: root.appendingPathComponent("andorra-la-vella").path)
        o.boundaryLevel = 7
        o.boundaryRelation = 2_804_753
        o.subdistrictSquaresMeters = 2_000
        o.simplifyRoadsMeters = 3
        o.clipRoadsMeters = 200
        let report = try OSMDistrictCommand.run(o)
        // The parish (SOURCES.md: 24.48 km²) holds its row of the totals: AD-07, 24,042 residents.
        #expect(report.boundaryName == "Andorra la Vella")
        #expect(abs(report.boundarySquareMeters / 1e6 - 24.48) <= 0.0051)
        #expect(abs(report.population - 24_042) < 1e-6)
        expectSharedByFloorArea(report.grid, total: 24_042)
        // Squares of 2 km on even kilometres (a multiple of the 100 m cells: none is split),
        // together no larger than the parish; those without residential floor area left out.
        #expect(report.grid.splitCells == 0)
        for s in report.subdistricts {
            #expect(s.squareMeters <= 4e6 + 1, "\(s.id): \(s.squareMeters) m²")
            let km = s.id.dropFirst().split(separator: "N").compactMap { Int($0) }
            #expect(km.count == 2 && km.allSatisfy { $0 % 2 == 0 }, "\(s.id)")
        }
        #expect(report.subdistricts.reduce(0) { $0 + $1.squareMeters } <= report.boundarySquareMeters + 1)
        #expect(report.skippedSubdistricts.allSatisfy { $0.hasSuffix("squares: no residential floor area, so no share of the total") })
        // roads.osm keeps the ways near the parish (200 m around its bounding box): under half of the country's.
        let country = try FileManager.default.attributesOfItem(atPath: Paths.repo.appendingPathComponent("GeoData/andorra/roads.osm").path)[.size] as? Int ?? 0
        #expect(report.roadsBytes < country / 2)
        try expectCommitted("andorra-la-vella", equals: URL(fileURLWithPath: o.out))
    }

    @Test func monacosTotalIsSharedOverItsQuartiersByFloorArea() throws {
        guard let extract = try Paths.sharedFile("data/monaco-2026-07-10.osm.pbf") else { return }
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        var o = OSMDistrictCommand.Options(extract: extract.path, totals: Paths.repo.appendingPathComponent("scripts/data/monaco-2024.csv").path,
                                           out: root.appendingPathComponent("monaco").path)
        o.boundaryLevel = 8
        o.boundaryRelation = 2_220_322
        o.subdistrictLevel = 10
        o.shareBoundaryTotal = true
        o.simplifyRoadsMeters = 1
        o.clipRoadsMeters = 300
        let report = try OSMDistrictCommand.run(o)
        // SOURCES.md: the 9 quartiers (admin_level 10) and IMSEE's 38,423 residents.
        #expect(report.subdistricts.count == 9)
        #expect(abs(report.population - 38_423) < 1e-6)
        expectSharedByFloorArea(report.grid, total: 38_423)
        try expectCommitted("monaco", equals: URL(fileURLWithPath: o.out))

        // A totals file without the boundary's row says which row it needs.
        let bad = root.appendingPathComponent("quartiers.csv")
        try "name,pop\nMonte-Carlo,100\n".write(to: bad, atomically: true, encoding: .utf8)
        o.totals = bad.path
        o.out = root.appendingPathComponent("monaco-2").path
        #expect(throws: InputError(file: bad.path, .file, "no row for the boundary 'r2220322' (Monaco): its total is the district's")) {
            try OSMDistrictCommand.run(o)
        }
        #expect(!FileManager.default.fileExists(atPath: o.out))
    }

    @Test func helsinkiCentreTakesHSYsGridInsideTheBox() throws {
        guard let extract = try Paths.sharedFile("data/Helsinki.osm.pbf"),
              let grid = try Paths.sharedFile("data/helsinki_population_grid_2020.geojson") else { return }
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let box = (min: XY(24.9351762, 60.1641550), max: XY(24.9534145, 60.1791130))
        // Independently: the HSY cells whose corner mean lies in the box, and their residents.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: grid)) as? [String: Any]
        var expectedCells = 0, expectedPopulation = 0.0
        for feature in json?["features"] as? [[String: Any]] ?? [] {
            let geometry = feature["geometry"] as? [String: Any]
            let ring = ((geometry?["coordinates"] as? [[[Double]]])?.first ?? []).dropLast()
            let x = ring.reduce(0) { $0 + $1[0] } / Double(ring.count), y = ring.reduce(0) { $0 + $1[1] } / Double(ring.count)
            guard (box.min.x...box.max.x).contains(x), (box.min.y...box.max.y).contains(y) else { continue }
            expectedCells += 1
            expectedPopulation += (feature["properties"] as? [String: Any])?["population"] as? Double ?? .nan
        }
        var o = OSMDistrictCommand.Options(extract: extract.path, totals: nil, out: root.appendingPathComponent("helsinki-centre").path)
        o.populationGrid = grid.path
        o.bbox = box
        o.subdistrictSquaresMeters = 500
        o.name = "Helsinki keskusta"
        let report = try OSMDistrictCommand.run(o)
        #expect(expectedCells > 10)
        #expect(report.cells == expectedCells)
        #expect(report.population == expectedPopulation)
        // Each 500 m square holds the residents of the cells it groups.
        let district = try DistrictLoader.load(o.out, geo: LibraryGeoServices()).get()
        #expect(district.subdistricts.reduce(0) { $0 + ($1.population ?? .nan) } == expectedPopulation)
        let index = try PolygonIndex(district.subdistricts.map(\.area))
        var sums = [Double](repeating: 0, count: district.subdistricts.count)
        for cell in district.cells {
            let s = try #require(try index.firstPolygonCovering(cell.centroid), "cell \(cell.id) lies in no square")
            sums[s] += cell.population
        }
        #expect(zip(sums, district.subdistricts).allSatisfy { $0 == $1.population })
        try expectCommitted("helsinki-centre", equals: URL(fileURLWithPath: o.out))

        // The grid gives the residents: --totals beside it is a usage error.
        let both = try Tool.run(["osm-district", extract.path, "--population-grid", grid.path, "--totals", "t.csv",
                                 "--subdistrict-squares-meters", "500", "--out", root.appendingPathComponent("x").path])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--population-grid takes its residents from the grid: no --totals or --share-boundary-total"))
    }

    /// Every district folder under GeoData/ passes `check`; those a command built carry its marker.
    @Test func everySampleDistrictPassesCheck() throws {
        let root = Paths.repo.appendingPathComponent("GeoData")
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders.count >= 16)
        for name in folders {
            let folder = root.appendingPathComponent(name)
            let result = try Tool.run(["check", folder.path])
            #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.hasSuffix("ok: no problems\n"), "\(name): \(result.stdout)")
            if !["synthetic-district", "synthetic-neighbour"].contains(name) {
                let marked = [".twinreach-osm-district", ".twinreach-generate"].contains {
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
                }
                #expect(marked, "\(name) has no marker of the command that built it")
            }
        }
    }

    @Test func anUnknownPresetIsAUsageError() throws {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Tool.run(["generate", "--preset", "city", "--out", root.appendingPathComponent("d").path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown --preset 'city' (dense-core, suburban, rural-mountain)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }
}
