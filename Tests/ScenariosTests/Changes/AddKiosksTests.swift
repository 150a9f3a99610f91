import Testing
@testable import Scenarios

@Suite struct AddKiosksTests {
    @Test func numbersTheKiosksAfterThePrefix() throws {
        let applied = try ChangeFixture.apply("  - add_kiosks: {prefix: Q, name: Box, at: [[113.9, 22.5], [113.91, 22.5]]}")
        #expect(applied.district.sites.suffix(2).map(\.id) == ["Q1", "Q2"])
        #expect(applied.district.sites.suffix(2).map(\.name) == ["Box 1", "Box 2"])
        #expect(applied.siteDistrict == [0, 0, 0, 0, 0])
        #expect(applied.log == ["added 2 kiosk(s)"])
    }

    @Test func aClashingIdAsksForAnotherPrefix() throws {
        let messages = try ChangeFixture.problems("  - add_kiosks: {prefix: K, at: [[113.9, 22.5]]}\n  - add_kiosks: {prefix: K, at: [[113.9, 22.5]]}")
        #expect(messages.count == 1)
        #expect(messages.first?.hasSuffix("s.yaml:5: add_kiosks: site id(s) K1 already exist (choose another prefix)") == true)
    }
}
