import Districts
import Foundation
import Formats
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// A loaded population grid keeps each cell's rectangle as two corners (no arrays a cell: the
/// memory of a province-size run) and gives back the file's rings, bit for bit.
@Suite struct CellShapeLoadTests {
    @Test func loadedGridCellsAreTheFilesRings() throws {
        let folder = Paths.repo.appendingPathComponent("GeoData/synthetic-small").path
        let district = try DistrictLoader.load(folder, geo: LibraryGeoServices()).get()
        var problems: [InputError] = []
        let features = try GeoJSONReader.read(path: folder + "/population.geojson", problems: &problems)
        #expect(problems.isEmpty && features.count == district.cells.count && features.count > 100)
        func bits(_ area: MultiPolygon?) -> [[UInt64]] {
            (area?.polygons ?? []).flatMap { $0.rings.map { $0.flatMap { [$0.x.bitPattern, $0.y.bitPattern] } } }
        }
        for (cell, feature) in zip(district.cells, features) {
            #expect(cell.keepsRectangle, "\(cell.id)")
            #expect(bits(cell.area) == bits(feature.geometry?.multiPolygon), "\(cell.id)")
        }
    }
}
