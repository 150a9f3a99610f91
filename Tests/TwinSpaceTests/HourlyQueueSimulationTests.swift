import Foundation
import Model
import Testing
@testable import TwinSpace

/// A discrete-event simulation of a queue with hour-by-hour Poisson arrivals, `c` servers,
/// exponential service and first-come first-served: the reference the hourly method
/// (`HourlyQueue`) is checked against. Each day starts empty; arrivals stop when the site
/// closes and those still queued are served after closing (as the method assumes).
struct HourlySimulation {
    var random: SeededGenerator

    /// Mean wait of each hour's arrivals (0 where none) and over all arrivals, for `weeks` weeks.
    mutating func run(weeklyArrivals: Double, serviceMinutes s: Double, servers c: Int, slots: WeekSlots,
                      weeks: Int) -> (hourWaits: [Double], meanWait: Double) {
        var sums = [Double](repeating: 0, count: WeekSlots.count)
        var counts = [Double](repeating: 0, count: WeekSlots.count)
        for week in 0..<weeks {
            _ = week
            // When each server is next free (minutes of the week); the night clears the queue.
            var free = [Double](repeating: 0, count: c)
            for h in 0..<WeekSlots.count {
                let m = Double(slots.openMinutes[h])
                guard m > 0 else { continue }
                // Open minutes are taken as the hour's first m minutes.
                let rate = weeklyArrivals * slots.arrivalShare[h] / m
                guard rate > 0 else { continue }
                let start = Double(h * 60), end = start + m
                var t = start + exponential(mean: 1 / rate)
                while t < end {
                    var k = 0
                    for i in 1..<c where free[i] < free[k] { k = i }
                    let begin = max(t, free[k])
                    sums[h] += begin - t
                    counts[h] += 1
                    free[k] = begin + exponential(mean: s)
                    t += exponential(mean: 1 / rate)
                }
            }
        }
        let hourWaits = (0..<WeekSlots.count).map { counts[$0] > 0 ? sums[$0] / counts[$0] : 0 }
        return (hourWaits, sums.reduce(0, +) / max(1, counts.reduce(0, +)))
    }

    mutating func exponential(mean: Double) -> Double { -mean * log(1 - random.unit()) }
}

@Suite struct HourlyQueueSimulationTests {
    /// Office hours Mo–Fr 09:00–17:00 (2,400 minutes a week); arrivals peak at 10:00 and 14:00
    /// and on Monday, as halls' counts do.
    static let hourWeights: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        1.0, 1.6, 1.3, 0.7, 0.8, 1.4, 1.2, 0.8, 0, 0, 0, 0, 0, 0, 0]
    static let dayWeights: [Double] = [1.4, 1.1, 1.0, 0.9, 0.8, 0.5, 0.5]
    static func slots(appointments: Double = 0) throws -> WeekSlots {
        WeekSlots(hours: try OpeningHours(parsing: "Mo-Fr 09:00-17:00"), window: .daytime,
                  profile: ArrivalProfile(hourWeights: hourWeights, dayWeights: dayWeights, appointmentShare: appointments))
    }

    /// Weekly arrivals that load `c` servers of `s`-minute service to `rho` over the open week.
    static func arrivals(rho: Double, servers c: Int, service s: Double, slots: WeekSlots) -> Double {
        rho * Double(c) / s * Double(slots.openMinutes.reduce(0, +))
    }

    @Test func aPeakedHallWaitsFarLongerThanTheWeeklyErlangC() throws {
        // The case: c = 30 windows, 20-minute handling, 90 % weekly utilisation.
        let slots = try Self.slots(), c = 30, s = 20.0
        let weekly = Self.arrivals(rho: 0.9, servers: c, service: s, slots: slots)
        let erlang = Queueing.state(arrivalsPerMinute: weekly / 2400, serviceMinutes: s, servers: c, capMinutes: 480)
        #expect(abs(erlang.waitMinutes - 3.143) < 0.001) // the weekly-mean answer
        let method = HourlyQueue.figures(weeklyArrivals: weekly, serviceMinutes: s, servers: c, slots: slots, capMinutes: 480)
        var simulation = HourlySimulation(random: SeededGenerator(seed: 12))
        let simulated = simulation.run(weeklyArrivals: weekly, serviceMinutes: s, servers: c, slots: slots, weeks: 400)
        #expect(method.peakHour == 10) // Monday 10:00, the most arrivals
        #expect(abs(method.peakUtilisation - 1.762) < 0.001)
        #expect(simulated.meanWait > 5 * erlang.waitMinutes)
        #expect(method.meanWaitMinutes > 5 * erlang.waitMinutes)
        #expect(abs(method.meanWaitMinutes / simulated.meanWait - 1) < 0.2, "method \(method.meanWaitMinutes), simulated \(simulated.meanWait)")
        #expect(abs(method.peakWaitMinutes / simulated.hourWaits[method.peakHour] - 1) < 0.2)
    }

    /// (servers, handling minutes, weekly utilisation, appointment share).
    static let cases: [(Int, Double, Double, Double)] = [
        (1, 10, 0.6, 0), (1, 10, 0.8, 0), (5, 15, 0.8, 0), (10, 10, 0.9, 0),
        (30, 20, 0.6, 0), (30, 20, 0.75, 0), (30, 20, 0.9, 0.5),
    ]

    @Test(arguments: cases)
    func theHourlyMethodFollowsTheSimulation(_ c: Int, _ s: Double, _ rho: Double, _ appointments: Double) throws {
        let slots = try Self.slots(appointments: appointments)
        let weekly = Self.arrivals(rho: rho, servers: c, service: s, slots: slots)
        let method = HourlyQueue.figures(weeklyArrivals: weekly, serviceMinutes: s, servers: c, slots: slots, capMinutes: 480)
        var simulation = HourlySimulation(random: SeededGenerator(seed: 7))
        let simulated = simulation.run(weeklyArrivals: weekly, serviceMinutes: s, servers: c, slots: slots, weeks: 400)
        // The mean within 25 % (or 1 min at light loads), the busiest hour within 35 % (or 4 min).
        #expect(abs(method.meanWaitMinutes - simulated.meanWait) <= max(0.25 * simulated.meanWait, 1),
                "c \(c) ρ \(rho): method \(method.meanWaitMinutes), simulated \(simulated.meanWait)")
        let peak = simulated.hourWaits[method.peakHour]
        #expect(abs(method.peakWaitMinutes - peak) <= max(0.35 * peak, 4),
                "c \(c) ρ \(rho): busiest hour method \(method.peakWaitMinutes), simulated \(peak)")
    }

    @Test func appointmentsFlattenThePeak() throws {
        // Half the arrivals booked: Monday 10:00 gets less, the wait there and overall falls.
        let walkIn = try Self.slots(), booked = try Self.slots(appointments: 0.5)
        #expect(abs(walkIn.arrivalShare.reduce(0, +) - 1) < 1e-12 && abs(booked.arrivalShare.reduce(0, +) - 1) < 1e-12)
        // Monday 10:00 by hand: weight 1.6 × 1.4 of Σ over the week's 40 open hours
        // (Σ hour weights 8.8 × Σ weekday weights 5.2 = 45.76): 2.24 / 45.76; booked: 1/40.
        #expect(abs(walkIn.arrivalShare[10] - 2.24 / 45.76) < 1e-12)
        #expect(abs(booked.arrivalShare[10] - (0.5 * 2.24 / 45.76 + 0.5 / 40)) < 1e-12)
        let weekly = Self.arrivals(rho: 0.9, servers: 30, service: 20, slots: walkIn)
        let a = HourlyQueue.figures(weeklyArrivals: weekly, serviceMinutes: 20, servers: 30, slots: walkIn, capMinutes: 480)
        let b = HourlyQueue.figures(weeklyArrivals: weekly, serviceMinutes: 20, servers: 30, slots: booked, capMinutes: 480)
        #expect(b.meanWaitMinutes < a.meanWaitMinutes / 2 && b.peakUtilisation < a.peakUtilisation)
    }
}
