import Model

/// One queue's week in hours: the minutes each of the week's 168 hours (Monday 00:00 first) is
/// open inside the activity window, and the share of the week's arrivals that fall in it.
public struct WeekSlots: Sendable, Hashable {
    public static let count = 168
    public var openMinutes: [Int]
    public var arrivalShare: [Double]

    public init(openMinutes: [Int], arrivalShare: [Double]) {
        self.openMinutes = openMinutes; self.arrivalShare = arrivalShare
    }

    /// Shares from a profile: walk-in arrivals ∝ hour weight × day weight × open minutes, the
    /// appointment share ∝ open minutes alone (even over the open time). Hours with no open
    /// minutes get no arrivals; with no open minute at all every share is 0.
    public init(hours: OpeningHours, window: ActivityWindow, profile: ArrivalProfile) {
        let open = Self.minutes(hours, window)
        openMinutes = open
        let total = Double(open.reduce(0, +))
        var walkIn = [Double](repeating: 0, count: Self.count)
        for h in 0..<Self.count {
            walkIn[h] = profile.hourWeights[h % 24] * profile.dayWeights[h / 24] * Double(open[h])
        }
        let walkInTotal = walkIn.reduce(0, +)
        let booked = walkInTotal > 0 ? profile.appointmentShare : 1
        arrivalShare = (0..<Self.count).map { h in
            guard total > 0 else { return 0 }
            let even = Double(open[h]) / total
            return (1 - booked) * (walkInTotal > 0 ? walkIn[h] / walkInTotal : 0) + booked * even
        }
    }

    /// Minutes of each hour of the week that `hours` is open inside `window`.
    public static func minutes(_ hours: OpeningHours, _ window: ActivityWindow) -> [Int] {
        (0..<count).map { h in
            let day = h / 24
            let start = max(h * 60, day * 1440 + window.dailyStartMinute)
            let end = min((h + 1) * 60, day * 1440 + window.dailyEndMinute)
            return start < end ? hours.openMinutes(within: start..<end) : 0
        }
    }

    /// "Mo 10:00" for hour `h` of the week.
    public static func label(_ h: Int) -> String {
        let days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        let hour = h % 24
        return "\(days[(h / 24) % 7]) \(hour < 10 ? "0" : "")\(hour):00"
    }
}

/// Waits of a queue whose arrivals change hour by hour: a fluid backlog carried from hour to
/// hour, and a random part from Erlang C bounded by how long the day has run.
///
/// In hour `h` with `m` open minutes, arrivals `λ·m`, backlog `B` carried in and capacity
/// `K = c·m/s` completions: the offered arrivals are `A = λ·m + B`, the backlog carried out
/// `B' = max(0, A − K)`. Two parts of the hour's wait:
/// - the **backlog** part, the time the servers need for the backlog ahead of an arrival, on
///   average `(B + B')/2 · s/c` (first come, first served);
/// - the **random** part, the stationary Erlang C wait `Wq` at the rate `A/m` (utilisation held
///   below 1), but at most `0.75·√(t·s/c)` with `t` the open minutes of the day so far at the
///   hour's middle: a queue started empty in the morning has had no time to reach the
///   stationary wait of a busy hour (the fluctuation of a critically loaded queue grows as √t).
/// The hour's wait is `√(backlog² + random²)` (the larger dominates; both count when
/// similar), capped at the wait cap. The backlog starts at 0 each day; what is left at the day's
/// last open hour is served after closing. The mean wait is over arrivals (hours weighted by
/// their arrivals); the peak hour is the one with the most arrivals. The constant 0.75 and the
/// combination were fitted to, and are checked against, a seeded discrete-event simulation
/// (`HourlyQueueSimulationTests`): within 20 % of its mean wait from 1 to 30 servers at weekly
/// utilisations 0.6–0.9 (README "Queues, peaks and overload" gives the table).
public enum HourlyQueue {
    /// Utilisation up to which an hour's stationary part follows Erlang C.
    public static let saturation = 0.999
    /// The random part's bound at `t` open minutes into the day: `diffusion·√(t·s/c)`, the
    /// order of the wait in a critically loaded queue that started the day empty.
    public static let diffusion = 0.75

    public struct Figures: Sendable, Hashable {
        /// Arrival-weighted mean wait over the week (what a random arrival waits).
        public var meanWaitMinutes: Double
        /// The hour of the week with the most arrivals (-1: none), its utilisation `λ·s/c` and wait.
        public var peakHour: Int
        public var peakUtilisation: Double
        public var peakWaitMinutes: Double
        /// Each hour's wait (0 where closed).
        public var hourWaits: [Double]
        /// Each hour's completions served within it over those arriving (fresh and carried).
        public var hourServedShare: [Double]
    }

    public static func figures(weeklyArrivals: Double, serviceMinutes s: Double, servers c: Int,
                               slots: WeekSlots, capMinutes: Double) -> Figures {
        var waits = [Double](repeating: 0, count: WeekSlots.count)
        var served = [Double](repeating: 1, count: WeekSlots.count)
        var total = 0.0, weighted = 0.0, peak = -1, peakArrivals = 0.0
        let rate = c > 0 && s > 0 ? Double(c) / s : 0 // completions per minute at full use
        var backlog = 0.0, elapsed = 0.0
        for h in 0..<WeekSlots.count {
            if h % 24 == 0 { backlog = 0; elapsed = 0 }
            let m = Double(slots.openMinutes[h])
            guard m > 0 else { continue }
            let arrivals = weeklyArrivals * slots.arrivalShare[h]
            let offered = arrivals + backlog
            let capacity = rate * m
            let carried = max(0, offered - capacity)
            let stationaryRate = min(offered / m, saturation * rate)
            let stationary = min(Queueing.state(arrivalsPerMinute: stationaryRate, serviceMinutes: s, servers: c,
                                                capMinutes: capMinutes).waitMinutes,
                                 diffusion * ((elapsed + m / 2) * s / Double(max(c, 1))).squareRoot())
            elapsed += m
            let ahead = rate > 0 ? (backlog + carried) / 2 / rate : capMinutes
            waits[h] = min(capMinutes, (stationary * stationary + ahead * ahead).squareRoot())
            served[h] = offered > 0 ? min(1, capacity / offered) : 1
            backlog = carried
            total += arrivals
            weighted += arrivals * waits[h]
            if arrivals > peakArrivals { peakArrivals = arrivals; peak = h }
        }
        let peakUtilisation = peak >= 0 && rate > 0 ? peakArrivals / Double(slots.openMinutes[peak]) / rate : 0
        return Figures(meanWaitMinutes: total > 0 ? weighted / total : 0, peakHour: peak,
                       peakUtilisation: peakUtilisation, peakWaitMinutes: peak >= 0 ? waits[peak] : 0,
                       hourWaits: waits, hourServedShare: served)
    }
}
