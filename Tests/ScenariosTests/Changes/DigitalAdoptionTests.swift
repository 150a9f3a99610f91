import Testing
@testable import Scenarios

@Suite struct DigitalAdoptionTests {
    /// digital = (1 − e)·adults + e·elderly: +0.2 for the elderly moves a cell by e·0.2.
    @Test func shiftsEachCellByItsShareOfTheGroup() throws {
        let applied = try ChangeFixture.apply("  - digital_adoption: {group: elderly, add: 0.2}")
        #expect(applied.district.settings.digitalAdoptionElderly == 0.35 + 0.2)
        #expect(applied.district.settings.digitalAdoptionAdults == 0.85)
        #expect(applied.district.cells.map(\.digitalShare) == [0.6 + 0.5 * ((0.35 + 0.2) - 0.35), 0.85])
        #expect(applied.log == ["digital adoption of elderly changed by 0.2"])
    }

    @Test func aRateIsClampedToOne() throws {
        let applied = try ChangeFixture.apply("  - digital_adoption: {group: all, set: 1}")
        #expect(applied.district.cells.map(\.digitalShare) == [1, 1])
        #expect(applied.log == ["digital adoption of all set to 1.0"])
    }
}
