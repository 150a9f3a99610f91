import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// The `arrivals` scenario change through `run`: the hall's busiest hour by hand.
@Suite(.serialized) struct ArrivalsRunTests {
    /// One hall open Monday 09:00–11:00 (one window, 10 minutes a completion) 100 m from 1,000
    /// residents who complete S1 100 times a year: 100 × 7 / 365 = 1.918 arrivals a week.
    func run(_ changes: String) throws -> RunOutcome {
        let root = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        var t = TinyDistrict()
        t.item("S1", perThousand: 100, handlingMinutes: 10)
        t.hall("A", x: 0, y: 0, windows: 1, hours: "Mo 09:00-11:00")
        t.cell("c0", x: 100, y: 0, pop: 1000)
        _ = try t.write(to: root.appendingPathComponent("district"))
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: district\nchanges:\n\(changes)".write(to: file, atomically: true, encoding: .utf8)
        return try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: root.appendingPathComponent("out").path))
    }

    static let tenOClockPeak = "[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]"

    @Test func theBusiestHourCarriesItsShareOfTheWeek() throws {
        let weekly = 100 * 7 / 365.0
        // No profile: the weekly Erlang C, no busiest hour.
        let plain = try run("  []\n")
        #expect(plain.siteResults[0].peakHourOfWeek == nil)
        // Walk-ins weighted 1 at 09:00 and 3 at 10:00: 3/4 of the week's arrivals in Monday
        // 10:00's 60 minutes, at 10 minutes each on one window: utilisation 1.918 × 0.75 × 10 / 60.
        let peaked = try run("  - arrivals: {hours: \(Self.tenOClockPeak)}\n")
        #expect(peaked.siteResults[0].peakHourOfWeek == 10)
        #expect(abs(peaked.siteResults[0].peakUtilisation - weekly * 0.75 * 10 / 60) < 1e-12)
        // Half of them booked, spread over the two open hours: 0.5 × 3/4 + 0.5 × 1/2 = 5/8.
        let booked = try run("  - arrivals: {hours: \(Self.tenOClockPeak)}\n  - arrivals: {sites: [A], appointment_share: 0.5}\n")
        #expect(abs(booked.siteResults[0].peakUtilisation - weekly * 0.625 * 10 / 60) < 1e-12)
        #expect(booked.summary.hourlyQueues)
    }
}
