import Districts
import Foundation
import Geometry
import Model
import Projection
import Testing
import TestSupport
@testable import TwinReachKit
import OSMDistricts

/// The Andorra sample built from the real Geofabrik extract (../shared/data) and the 2023 parish
/// totals (scripts/data/andorra-parishes-2023.csv), checked against SOURCES.md's independent
/// pyosmium figures and the published totals.
@Suite(.serialized) struct AndorraTests {
    static let published: [String: Double] = [
        "AD-07": 24_042, "AD-08": 15_507, "AD-03": 12_826, "AD-04": 11_591, "AD-06": 9_915, "AD-02": 5_780, "AD-05": 5_440,
    ]
    /// SOURCES.md: parish areas in km² (pyosmium multipolygons, UTM 31N), two decimals.
    static let areasKm2: [String: Double] = [
        "AD-07": 24.48, "AD-02": 109.08, "AD-03": 82.54, "AD-08": 47.73, "AD-04": 64.65, "AD-05": 84.90, "AD-06": 54.63,
    ]

    /// Builds the sample as scripts/build-andorra.sh does, into a scratch folder.
    func build() throws -> (folder: URL, report: OSMDistrictCommand.Report)? {
        guard let extract = try Paths.sharedFile("data/andorra-2025-01-19.osm.pbf") else { return nil }
        let folder = try Paths.scratch().appendingPathComponent("andorra")
        var options = OSMDistrictCommand.Options(
            extract: extract.path, totals: Paths.repo.appendingPathComponent("scripts/data/andorra-parishes-2023.csv").path,
            out: folder.path)
        options.simplifyRoadsMeters = 3
        return (folder, try OSMDistrictCommand.run(options))
    }

    @Test func parishesAssembleAndTheGridKeepsThePublishedTotals() throws {
        guard let (folder, report) = try build() else { return }

        // The seven parishes, each as large as pyosmium builds it (SOURCES.md rounds to 0.01 km²).
        #expect(report.boundaryRelation == 9407)
        #expect(report.subdistricts.map(\.id) == ["AD-02", "AD-03", "AD-04", "AD-05", "AD-06", "AD-07", "AD-08"])
        for s in report.subdistricts {
            let expected = try #require(Self.areasKm2[s.id])
            #expect(abs(s.squareMeters / 1e6 - expected) <= 0.0051, "\(s.name): \(s.squareMeters / 1e6) km²")
        }
        // Together they are the country: along the national border the parish relations use the
        // very member ways of the country's relation 9407 (and inner borders are shared by two
        // parishes), so the areas agree up to floating-point rounding of the area sums: within
        // 1 m² of 468 km² (they agree to 0.1 m² in practice; SOURCES.md has 468.01 for both).
        let sum = report.subdistricts.reduce(0) { $0 + $1.squareMeters }
        #expect(abs(report.boundarySquareMeters / 1e6 - 468.01) <= 0.0051)
        #expect(abs(sum - report.boundarySquareMeters) < 1,
                "parishes \(sum) m² vs country \(report.boundarySquareMeters) m²")

        // The grid: each parish's cells add up to its published total; 85,101 in all.
        for s in report.grid.subdistricts {
            let published = try #require(Self.published[s.id])
            #expect(abs(s.gridPopulation - published) <= 1e-6, "\(s.name): \(s.gridPopulation)")
            #expect(s.residentialBuildings > 0 && !s.spreadByArea)
        }
        #expect(abs(report.population - 85_101) <= 1e-6)

        // The written file says the same: cells assigned to parishes by a point inside each cell.
        let district = try DistrictLoader.load(folder.path, geo: LibraryGeoServices()).get()
        // No overlaps: the union of the written parishes is as large as their sum, and as large as
        // the written country (coordinates rounded to 7 decimals on writing: to 1e-6 relative).
        let toUTM = try Transformer(from: .wgs84, to: .epsg(32631))
        let parts = try district.subdistricts.map { try toUTM.transform($0.area) }
        let unionArea = try MultiPolygon.union(of: parts).area()
        let sumArea = try parts.reduce(0) { $0 + (try $1.area()) }
        #expect((sumArea - unionArea) / sumArea < 1e-6, "overlap \(sumArea - unionArea) m²")
        let countryArea = try toUTM.transform(district.boundary).area()
        #expect(abs(unionArea - countryArea) / countryArea < 1e-6, "union \(unionArea) vs country \(countryArea) m²")
        let index = try PolygonIndex(district.subdistricts.map(\.area))
        var totals = [Double](repeating: 0, count: district.subdistricts.count)
        for cell in district.cells {
            let inside = try #require(try cell.area?.pointOnSurface())
            let s = try #require(try index.firstPolygonCovering(inside), "cell \(cell.id) lies in no parish")
            totals[s] += cell.population
        }
        for (s, total) in zip(district.subdistricts, totals) {
            #expect(abs(total - (Self.published[s.id] ?? -1)) <= 1e-6, "\(s.name) in population.geojson: \(total)")
        }

        // The committed sample is this build, byte for byte (scripts/build-andorra.sh rebuilds it),
        // with the script's terrain step: `dem: elevation.tif` added to district.yaml.
        let committed = Paths.repo.appendingPathComponent("GeoData/andorra")
        for name in ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson", "sites.geojson",
                     "channels.yaml", "services.csv", "roads.osm", ".twinreach-osm-district"] {
            var built = try Data(contentsOf: folder.appendingPathComponent(name))
            if name == "district.yaml" { built += Data("dem: elevation.tif\n".utf8) }
            let shipped = try Data(contentsOf: committed.appendingPathComponent(name))
            #expect(built == shipped, "GeoData/andorra/\(name) differs from a fresh build")
        }
        #expect(report.files.reduce(0) { $0 + $1.bytes } < 6_000_000)
    }

    @Test func sitesFollowTheRules() throws {
        guard let (_, report) = try build() else { return }
        let sites = report.sites.sites
        // SOURCES.md lists 8 townhalls: 7 named inside Andorra (6 Comús and the Oficina del Comú
        // d'Encamp) and one unnamed. La Massana's Comú is an office=government named after its
        // parish, which has no townhall: a district hall too. So 8 district halls.
        #expect(sites.filter { $0.tier == .district }.map(\.name).sorted() == [
            "Comú d'Andorra la Vella", "Comú d'Encamp", "Comú d'Escaldes-Engordany", "Comú d'Ordino", "Comú de Canillo",
            "Comú de La Massana", "Comú de Sant Julià de Lòria", "Oficina del Comú d'Encamp"])
        // The national government: Govern d'Andorra among the city halls; the French road
        // service at Porta lies outside the boundary.
        let city = sites.filter { $0.tier == .city }.map(\.name)
        // Of SOURCES.md's office=government objects inside Andorra, only the government's
        // offices residents visit are city halls: not the historical archive ("Casa Jaume de
        // Roca. Archiu històric"), customs ("Duana") or the "Sindicatura" (exclude_names).
        #expect(city.sorted() == ["Govern d'Andorra", "Service d'Immigration"])
        #expect(!city.contains { $0.contains("Pas de la Case") })
        let shippedWindows = try SiteRules.shipped().windowsByTier
        #expect(sites.allSatisfy { $0.kind == .kiosk ? $0.tier == nil && $0.windows == 1 : $0.windows == shippedWindows[$0.tier ?? .community] })
        // A kiosk at each post office inside Andorra, each also a community station.
        let posts = sites.filter { k in k.kind == .kiosk && sites.contains { h in h.kind == .hall && h.name == k.name } }
        #expect(posts.count == report.sites.byRule.first { $0.rule.hasPrefix("post office ->") }?.count)
        // Escaldes's Comú is tagged opening_hours=Mo-Fr 08:00-17:00.
        #expect(sites.first { $0.name == "Comú d'Escaldes-Engordany" }?.hours.text == "Mo-Fr 08:00-17:00")
        #expect(Set(sites.map(\.id)).count == sites.count)
    }
}
