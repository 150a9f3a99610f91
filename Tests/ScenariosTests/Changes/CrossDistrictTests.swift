import Model
import Testing
import TestSupport
@testable import Scenarios

@Suite struct CrossDistrictTests {
    @Test func addsTheNeighboursHallsUnderItsName() throws {
        var neighbour = TinyDistrict()
        neighbour.settings.name = "N"
        neighbour.item("S1", perThousand: 1)
        neighbour.hall("H", x: 0, y: 0)
        neighbour.kiosk("NK", x: 10, y: 0)
        let applied = try ChangeFixture.apply("  - cross_district: {with: [n], items: [S2]}") { _ in neighbour.district() }
        #expect(applied.district.sites.map(\.id) == ["A", "B", "K", "N/H"])
        #expect(applied.district.sites.last?.services == ["S2"])
        #expect(applied.siteDistrict == [0, 0, 0, 1])
        #expect(applied.crossDistrict)
        #expect(applied.log == ["跨区通办 with 1 district(s)"])
    }

    @Test func aNeighbourThatDoesNotLoadIsReported() throws {
        let messages = try ChangeFixture.problems("  - cross_district: {with: [n]}")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("s.yaml:4: cross_district: neighbouring district ") == true)
        #expect(messages.first?.hasSuffix("/n: not loaded in this test") == true, "\(messages)")
    }
}
