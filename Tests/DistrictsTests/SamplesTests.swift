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
