import Testing
@testable import Model

@Suite struct OpeningHoursTests {
    @Test func weekdayOfficeHours() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 09:00-17:00")
        #expect(hours.weeklyOpenMinutes == 5 * 8 * 60)
        #expect(hours.isOpen(atMinuteOfWeek: 9 * 60))          // Monday 09:00
        #expect(!hours.isOpen(atMinuteOfWeek: 17 * 60))        // Monday 17:00 is closing time
        #expect(!hours.isOpen(atMinuteOfWeek: 5 * 1440 + 600)) // Saturday 10:00
    }

    @Test func severalRangesAndRulesWithLaterRulesWinning() throws {
        // Lunch break on weekdays, Saturday morning, then Wednesday closed by a later rule.
        let hours = try OpeningHours(parsing: "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; We off")
        #expect(hours.weeklyOpenMinutes == 4 * (210 + 240) + 180)
        #expect(!hours.isOpen(atMinuteOfWeek: 2 * 1440 + 600))   // Wednesday 10:00
        #expect(hours.isOpen(atMinuteOfWeek: 3 * 1440 + 600))    // Thursday 10:00
        #expect(!hours.isOpen(atMinuteOfWeek: 3 * 1440 + 12 * 60 + 30)) // Thursday lunch
    }

    @Test func alwaysOpenListsWrapsAndMidnight() throws {
        #expect(try OpeningHours(parsing: "24/7").weeklyOpenMinutes == 10080)
        #expect(try OpeningHours(parsing: "Mo,We,Fr 10:00-24:00").weeklyOpenMinutes == 3 * 14 * 60)
        let weekend = try OpeningHours(parsing: "Sa-Mo 10:00-12:00")
        #expect(weekend.weeklyOpenMinutes == 3 * 120)
        #expect(weekend.isOpen(atMinuteOfWeek: 600))             // Monday 10:00
        let night = try OpeningHours(parsing: "Su 22:00-02:00")  // past Sunday midnight into Monday
        #expect(night.weeklyOpenMinutes == 240)
        #expect(night.isOpen(atMinuteOfWeek: 60))                // Monday 01:00
        #expect(try OpeningHours(parsing: "10:00-14:00").weeklyOpenMinutes == 7 * 240)
        #expect(try OpeningHours(parsing: "Mo-Fr 09:00-17:00; PH off").weeklyOpenMinutes == 2400)
    }

    @Test func badSyntaxSaysWhatIsWrong() {
        #expect(throws: OpeningHoursError("unknown weekday selector 'Mon-Fr' in 'Mon-Fr 09:00-17:00' (use Mo Tu We Th Fr Sa Su)")) {
            try OpeningHours(parsing: "Mon-Fr 09:00-17:00")
        }
        #expect(throws: OpeningHoursError("bad time range '09:00-25:00' in 'Mo 09:00-25:00' (expected HH:MM-HH:MM)")) {
            try OpeningHours(parsing: "Mo 09:00-25:00")
        }
        #expect(throws: OpeningHoursError("opening hours are empty")) { try OpeningHours(parsing: " ") }
        #expect(throws: OpeningHoursError("weekdays 'Mo-Fr' without times or 'off' in 'Mo-Fr'")) { try OpeningHours(parsing: "Mo-Fr") }
        #expect(throws: OpeningHoursError("bad time range '9-5' in 'Mo-Fr 9-5' (expected HH:MM-HH:MM)")) { try OpeningHours(parsing: "Mo-Fr 9-5") }
    }
}
