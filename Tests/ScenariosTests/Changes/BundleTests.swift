import Testing
@testable import Scenarios

@Suite struct BundleTests {
    /// Demand the larger, handling and documents the sum, days the longest, channels what
    /// both allow; B's list held only S1, so it does not get the bundle.
    @Test func theItemsBecomeOne() throws {
        let applied = try ChangeFixture.apply("  - bundle: {id: B1, name: Move, items: [S1, S2], trips_hall: 1}")
        let item = try #require(applied.district.services.first)
        #expect(applied.district.services.map(\.id) == ["B1"])
        #expect((item.perThousandPerYear, item.handlingMinutes, item.documents, item.timeLimitDays) == (30, 25, 3, 20))
        #expect(item.online == false)
        #expect(applied.district.sites[1].services == [])
        #expect(applied.log == ["bundled S1, S2 into B1"])
    }

    @Test func anExistingItemIdIsRefused() throws {
        let messages = try ChangeFixture.problems("  - bundle: {id: S1, items: [S1, S2], trips_hall: 1}\n  - bundle: {id: B2, items: [S1, S5], trips_hall: 1}")
        #expect(messages.count == 2)
        #expect(messages[0].hasSuffix("s.yaml:4: bundle: item id 'S1' already exists"))
        #expect(messages[1].hasSuffix("s.yaml:5: bundle: unknown service id(s) S5"))
    }
}
