import Model
import Testing
@testable import Scenarios

/// `time_of_day` and `establishments`, the changes that set the demand groups.
@Suite struct DemandChangeTests {
    @Test func timeOfDaySetsTheSegmentsAndNeedsAWorkingShareFirst() throws {
        let applied = try ChangeFixture.apply("  - time_of_day: {working_share: 0.55, elderly_hours: \"Mo-Su 09:00-17:00\"}")
        let t = try #require(applied.district.settings.timeOfDay)
        #expect(t.workingShare == 0.55 && t.elderlyHours.text == "Mo-Su 09:00-17:00")
        #expect(t.workingHours == TimeOfDaySettings.defaultWorkingHours)
        let messages = try ChangeFixture.problems("  - time_of_day: {others_hours: \"24/7\"}\n  - time_of_day: {working_share: 2}")
        #expect(messages.count == 2)
        #expect(messages[0].hasSuffix("s.yaml:4: time_of_day: needs 'working_share': the district sets no time_of_day"), "\(messages)")
        #expect(messages[1].contains("s.yaml:5"), "\(messages)")
    }

    @Test func establishmentsFollowTheResidentsAndSetTheBusinessRates() throws {
        let applied = try ChangeFixture.apply("  - establishments: {per_1000_residents: 40, rates: {S2: 1.5}, digital_share: 0.7}")
        // c0 has 100 residents, c1 200: 4 and 8 establishments.
        #expect(applied.district.cells.map(\.establishments) == [4, 8])
        #expect(applied.district.services.map(\.perEstablishmentPerYear) == [0, 1.5])
        #expect(applied.district.settings.establishments?.digitalShare == 0.7)
        #expect(applied.log == ["establishments: 12 in the district, business rates for S2"])
        let messages = try ChangeFixture.problems("  - establishments: {rates: {S9: 1}}")
        #expect(messages.first?.hasSuffix("s.yaml:4: establishments: unknown service id(s) S9") == true, "\(messages)")
    }
}
