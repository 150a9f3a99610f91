import Model
import Testing
@testable import Scenarios

@Suite struct BundleTests {
    /// The bundle is one more item at its event rate; the items keep what is left of their
    /// demand; channels are those any item allows; handling Σ take-up × the items'.
    @Test func theEventBecomesAnItemAndTheItemsKeepTheirStandaloneDemand() throws {
        let applied = try ChangeFixture.apply("  - bundle: {id: B1, name: Move, events_per_1000_per_year: 4, items: [S1, {id: S2, take_up: 0.5}]}")
        let before = try ChangeFixture.apply("")
        let s1 = try #require(before.district.services.first { $0.id == "S1" })
        let s2 = try #require(before.district.services.first { $0.id == "S2" })
        let item = try #require(applied.district.services.last)
        #expect(applied.district.services.map(\.id) == before.district.services.map(\.id) + ["B1"])
        #expect(applied.district.services[0].perThousandPerYear == s1.perThousandPerYear - 4)
        #expect(applied.district.services[1].perThousandPerYear == s2.perThousandPerYear - 2)
        #expect(item.perThousandPerYear == 4)
        #expect(item.handlingMinutes == s1.handlingMinutes + 0.5 * s2.handlingMinutes)
        #expect(item.online == (s1.online || s2.online))
        #expect((item.tripsHall, item.tripsOnline) == (1, 0))
        #expect(applied.district.bundles.map(\.id) == ["B1"])
        #expect(applied.district.sites[1].services == ["S1", "B1"])  // B lists one of its items
        #expect(applied.log == ["bundled S1, S2 into B1 (4 cases per 1,000 a year)"])
    }

    @Test func bundlesWithBadReferencesAreRefusedByTheirLines() throws {
        let messages = try ChangeFixture.problems("""
              - bundle: {id: S1, events_per_1000_per_year: 1, items: [S1, S2]}
              - bundle: {id: B2, events_per_1000_per_year: 1, items: [S1, S5]}
              - bundle: {id: B3, events_per_1000_per_year: 1, items: [S1, {id: S2, after: [S9]}]}
              - bundle: {id: B4, events_per_1000_per_year: 20, items: [S1, S2]}
            """)
        #expect(messages.count == 4, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:4: bundle: item id 'S1' already exists") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:5: bundle: unknown service id(s) S5") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:6: bundle: item S2: after 'S9' is not an earlier item of the bundle") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:7: bundle: item S1: its standalone demand 10 − 20 events × take-up 1 = -10 per 1,000 a year is below zero; lower the take-up or the event rate, or raise the item's per_1000_per_year") }, "\(messages)")
    }

    @Test func malformedBundlesAreRefusedByTheirLines() throws {
        let messages = try ChangeFixture.problems("""
              - bundle: {id: B4, events_per_1000_per_year: 1, items: [S1, S2], order: random}
              - bundle: {id: B5, events_per_1000_per_year: 1, itmes: [S1, S2]}
              - bundle: {id: B6, events_per_1000_per_year: 1, items: [S1, {id: S2, take_up: 1.5}]}
            """)
        #expect(messages.count == 4, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:4: bundle: bundle 'B4': order 'random' is not sequential or parallel") }, "\(messages)")
        #expect(messages.contains { $0.contains("s.yaml:5: unknown key 'itmes' in a bundle (did you mean 'items'?)") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:5: bundle: bundle 'B5' needs 'items', a list of {id, take_up, after}") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("s.yaml:6: 'take_up' is 1.5, outside 0..1") }, "\(messages)")
    }
}
