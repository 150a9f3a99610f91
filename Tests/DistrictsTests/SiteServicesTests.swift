import Formats
import Testing
@testable import Districts

/// A site's `services` from formats without lists (Shapefile, CSV, GeoPackage as GDAL writes a
/// list): comma-separated text or a JSON array in text, as the layer formats reference says.
@Suite struct SiteServicesTests {
    @Test func textListsGiveTheItemIDs() {
        #expect(DistrictLoader.itemIDs(.string("A01, B02,C03")) == ["A01", "B02", "C03"])
        #expect(DistrictLoader.itemIDs(.string("[\"A01\",\"B02\"]")) == ["A01", "B02"])
        #expect(DistrictLoader.itemIDs(.array([.string("A01"), .number(7)])) == ["A01", "7"])
        #expect(DistrictLoader.itemIDs(.string("")) == [])
    }

    @Test func otherValuesAreRefused() {
        #expect(DistrictLoader.itemIDs(.number(3)) == nil)
        #expect(DistrictLoader.itemIDs(.string("[\"A01\"")) == nil)          // a JSON array left open
        #expect(DistrictLoader.itemIDs(.array([.string("A01"), .null])) == nil)
    }
}
