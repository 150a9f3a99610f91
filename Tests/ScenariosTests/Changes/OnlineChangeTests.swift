import Testing
@testable import Scenarios

@Suite struct OnlineChangeTests {
    @Test func anItemAddedOnlineBecomesOnlineEligible() throws {
        let applied = try ChangeFixture.apply("  - online: {channel: web, add_services: [S1], agents: 3, effort_minutes: 5}")
        #expect(applied.district.services.map(\.online) == [true, true])
        let web = try #require(applied.district.channels.first)
        guard case .list(let ids) = web.services else { Issue.record("web keeps a list"); return }
        // The list starts from every item the channel then handles (S1 is online by now), in catalogue order.
        #expect(ids == ["S1", "S2"])
        #expect((web.agents, web.effortMinutes) == (3, 5))
        #expect(applied.log == ["changed channel web"])
    }

    @Test func anUnknownChannelIsNamed() throws {
        let messages = try ChangeFixture.problems("  - online: {channel: app, add_services: [S1]}")
        #expect(messages.first?.hasSuffix("s.yaml:4: online: unknown channel 'app'") == true)
    }
}
