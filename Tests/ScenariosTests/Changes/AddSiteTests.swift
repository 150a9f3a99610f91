import Testing
@testable import Scenarios

@Suite struct AddSiteTests {
    @Test func addsTheSiteAsTheScenariosOwn() throws {
        let applied = try ChangeFixture.apply("  - add_site: {id: N1, tier: street, windows: 6, at: [113.9, 22.5], services: [S2]}")
        let site = try #require(applied.district.sites.last)
        #expect((site.id, site.kind, site.tier, site.windows, site.services) == ("N1", .hall, .street, 6, ["S2"]))
        #expect(applied.siteDistrict == [0, 0, 0, 0])
        #expect(applied.log == ["added hall N1"])
    }

    @Test func refusesAnExistingIdAndUnknownItems() throws {
        let messages = try ChangeFixture.problems("""
          - add_site: {id: A, tier: street, at: [113.9, 22.5]}
          - add_site: {id: N2, kind: kiosk, at: [113.9, 22.5], services: [S1, S9]}
        """)
        #expect(messages.count == 2)
        #expect(messages.first?.hasSuffix("s.yaml:4: add_site: site id 'A' already exists") == true)
        #expect(messages.last?.hasSuffix("s.yaml:5: add_site: unknown service id(s) S9") == true)
    }
}
