import Model
import Testing
@testable import Scenarios

/// `arrivals` (the hourly arrival profile, district-wide or per site) and
/// `failed_visit_probability` (来回跑 by competent tier), the changes that set when residents
/// come and how often their visits fail.
@Suite struct ArrivalsChangeTests {
    static let morning = "[0, 0, 0, 0, 0, 0, 0, 0.3, 0.8, 1.2, 1.6, 1.4, 0.7, 0.8, 1.4, 1.3, 1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0, 0]"

    @Test func theDistrictProfileIsSetFieldByField() throws {
        let applied = try ChangeFixture.apply("""
          - arrivals: {hours: \(Self.morning), days: [1.4, 1.1, 1, 0.9, 0.8, 0.5, 0.5]}
          - arrivals: {appointment_share: 0.2}
        """)
        let profile = try #require(applied.district.settings.arrivals)
        #expect(profile.hourWeights[10] == 1.6 && profile.hourWeights[0] == 0 && profile.hourWeights.count == 24)
        #expect(profile.dayWeights == [1.4, 1.1, 1, 0.9, 0.8, 0.5, 0.5])
        // The second change keeps the first one's weights and adds the booked share.
        #expect(profile.appointmentShare == 0.2)
        #expect(applied.log == ["arrivals: busiest hour 10:00-11:00, busiest day Monday, 0 % booked",
                                "arrivals: busiest hour 10:00-11:00, busiest day Monday, 20 % booked"])
        #expect(applied.district.sites.allSatisfy { $0.arrivalHours == nil && $0.appointmentShare == nil })
    }

    @Test func anEmptyChangeSwitchesOnHourlyQueuesWithEvenWeights() throws {
        let applied = try ChangeFixture.apply("  - arrivals: {}")
        #expect(applied.district.settings.arrivals == ArrivalProfile())
        #expect(applied.log == ["arrivals: even over the hours, even over the days, 0 % booked"])
    }

    @Test func namedSitesGetTheirOwnHoursAndBookedShare() throws {
        let applied = try ChangeFixture.apply("  - arrivals: {sites: [A, K], appointment_share: 0.5}")
        let byId = Dictionary(uniqueKeysWithValues: applied.district.sites.map { ($0.id, $0) })
        #expect(byId["A"]?.appointmentShare == 0.5 && byId["K"]?.appointmentShare == 0.5)
        #expect(byId["B"]?.appointmentShare == nil)
        #expect(byId["A"]?.arrivalHours == nil)
        // The district's profile is not switched on by a site's own.
        #expect(applied.district.settings.arrivals == nil)
        #expect(applied.log == ["arrivals of A, K: 50 % booked"])
        let hours = try ChangeFixture.apply("  - arrivals: {sites: [B], hours: \(Self.morning)}")
        #expect(hours.district.sites.first { $0.id == "B" }?.arrivalHours?[10] == 1.6)
    }

    @Test func badProfilesAreReportedByLine() throws {
        let messages = try ChangeFixture.problems("""
          - arrivals: {hours: [1, 2, 3]}
          - arrivals: {days: [0, 0, 0, 0, 0, 0, 0]}
          - arrivals: {appointment_share: 1.5}
          - arrivals: {sites: [A], days: [1, 1, 1, 1, 1, 1, 1]}
          - arrivals: {sites: [Bx], appointment_share: 0.3}
          - arrivals: {sites: [A]}
          - arrivals: {hours: 5}
          - arrivals: {peak: 10}
        """)
        #expect(messages.count == 8, "\(messages)")
        guard messages.count == 8 else { return }
        #expect(messages[0].hasSuffix("s.yaml:4: arrivals.hours has 3 weights; it needs 24 (one per hour, 00:00 first)"), "\(messages[0])")
        #expect(messages[1].hasSuffix("s.yaml:5: arrivals.days: every weight is 0; at least one must be above 0"), "\(messages[1])")
        #expect(messages[2].contains("s.yaml:6: ") && messages[2].contains("appointment_share"), "\(messages[2])")
        #expect(messages[3].hasSuffix("s.yaml:7: arrivals: 'days' is the district's (one week for every site); give it in an arrivals change without 'sites'"), "\(messages[3])")
        #expect(messages[4].hasSuffix("s.yaml:8: arrivals: unknown site 'Bx' (did you mean 'B'?)"), "\(messages[4])")
        #expect(messages[5].hasSuffix("s.yaml:9: arrivals: with 'sites' it needs 'hours' or 'appointment_share'"), "\(messages[5])")
        #expect(messages[6].hasSuffix("s.yaml:10: arrivals.hours must be a list of 24 numbers"), "\(messages[6])")
        #expect(messages[7].hasSuffix("s.yaml:11: arrivals: unknown field 'peak' (known: appointment_share, days, hours, sites)"), "\(messages[7])")
    }

    @Test func failedVisitsByTierSetTheDistrictsTable() throws {
        let applied = try ChangeFixture.apply("""
          - failed_visit_probability: {street: 0.2, community: 0.3}
          - failed_visit_probability: {street: 0.1}
        """)
        #expect(applied.district.settings.failedVisitProbabilityByTier == [.community: 0.3, .street: 0.1])
        #expect(applied.log == ["failed visits by competent tier: community 0.3, street 0.2",
                                "failed visits by competent tier: community 0.3, street 0.1"])
        let messages = try ChangeFixture.problems("""
          - failed_visit_probability: {street: 0.99}
          - failed_visit_probability: {town: 0.1}
          - failed_visit_probability: {}
        """)
        #expect(messages.count == 3, "\(messages)")
        guard messages.count == 3 else { return }
        #expect(messages[0].hasSuffix("s.yaml:4: 'failed_visit_probability.street' is 0.99, outside 0..0.95"), "\(messages[0])")
        #expect(messages[1].contains("s.yaml:5: failed_visit_probability: unknown field 'town' (known: city, community, district, street)"), "\(messages[1])")
        #expect(messages[2].hasSuffix("s.yaml:6: failed_visit_probability needs a tier (community, street, district or city)"), "\(messages[2])")
    }
}
