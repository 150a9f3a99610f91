import Testing
@testable import Scenarios

@Suite struct ModifySiteTests {
    @Test func editsStartFromTheItemsTheSiteHandles() throws {
        // A (district tier, no list) handles S1 and S2: removing S1 leaves S2.
        let applied = try ChangeFixture.apply("  - modify_site: {id: A, windows: 2, name: Centre, remove_services: [S1]}")
        let site = try #require(applied.district.sites.first)
        #expect((site.windows, site.name, site.services) == (2, "Centre", ["S2"]))
        #expect(applied.log == ["modified A"])
    }

    @Test func aKioskHasNoTier() throws {
        let messages = try ChangeFixture.problems("""
          - modify_site: {id: K, tier: street}
          - modify_site: {id: Z, windows: 2}
          - modify_site: {id: B, add_services: [S7]}
        """)
        #expect(messages.count == 3)
        #expect(messages[0].hasSuffix("s.yaml:4: modify_site: K is a kiosk: kiosks have no tier"))
        #expect(messages[1].hasSuffix("s.yaml:5: modify_site: unknown site 'Z'"))
        #expect(messages[2].hasSuffix("s.yaml:6: modify_site: unknown service id(s) S7"))
    }
}
