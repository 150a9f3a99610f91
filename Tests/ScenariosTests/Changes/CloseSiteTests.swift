import Testing
@testable import Scenarios

@Suite struct CloseSiteTests {
    @Test func removesTheSiteAndItsDistrictEntry() throws {
        let applied = try ChangeFixture.apply("  - close_site: B\n  - close_site: {id: K}")
        #expect(applied.district.sites.map(\.id) == ["A"])
        #expect(applied.siteDistrict == [0])
        #expect(applied.log == ["closed B", "closed K"])
    }

    @Test func anUnknownOrAlreadyClosedSiteIsNamed() throws {
        let messages = try ChangeFixture.problems("  - close_site: B\n  - close_site: B")
        #expect(messages.count == 1)
        #expect(messages.first?.hasSuffix("s.yaml:5: close_site: unknown site 'B'") == true)
    }
}
