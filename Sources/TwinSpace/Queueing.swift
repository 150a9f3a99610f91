/// Steady-state M/M/c queue figures (Erlang B and Erlang C), used for hall windows, kiosks,
/// video agents and hotline seats.
///
/// Offered load `a = λ·s` (Erlangs) for arrival rate `λ` per minute and mean service time `s`
/// minutes; utilisation `ρ = a / c` for `c` servers. Formulas (Kleinrock, *Queueing Systems*
/// Vol. 1, §3.5; Gross & Harris, *Fundamentals of Queueing Theory*, §2.3):
/// - Erlang B by the stable recursion `B(0, a) = 1`, `B(k, a) = a·B(k−1) / (k + a·B(k−1))`
///   (never forms `a^c` or `c!`, so it stays finite for thousands of servers);
/// - Erlang C from B: `C(c, a) = c·B / (c − a·(1 − B))`, the probability that an arrival waits;
/// - mean wait in queue `Wq = C·s / (c − a)` minutes, finite only for `a < c`.
public enum Queueing {
    /// Erlang B blocking probability for `servers` servers and `offeredLoad` Erlangs.
    /// 1 when there are no servers; 0 when the load is 0.
    public static func erlangB(servers: Int, offeredLoad a: Double) -> Double {
        guard servers > 0 else { return 1 }
        guard a > 0 else { return 0 }
        var b = 1.0
        for k in 1...servers {
            let ab = a * b
            b = ab / (Double(k) + ab)
        }
        return b
    }

    /// Erlang C probability of waiting; 1 when the queue is unstable (`a ≥ c`) or there are
    /// no servers.
    public static func erlangC(servers: Int, offeredLoad a: Double) -> Double {
        guard servers > 0, a < Double(servers) else { return 1 }
        guard a > 0 else { return 0 }
        let b = erlangB(servers: servers, offeredLoad: a)
        let c = Double(servers)
        return c * b / (c - a * (1 - b))
    }

    /// The state of one M/M/c queue.
    public struct State: Sendable, Hashable {
        /// Offered load `λ·s` in Erlangs.
        public var offeredLoad: Double
        /// `ρ = λ·s / c`; ≥ 1 means the queue grows without bound.
        public var utilisation: Double
        /// Probability that an arrival waits (Erlang C).
        public var waitProbability: Double
        /// Mean wait in queue `Wq` in minutes, at most `capMinutes`; the cap when overloaded.
        public var waitMinutes: Double
        /// `utilisation ≥ 1` (or no servers with demand): the wait is the cap, not a steady state.
        public var overloaded: Bool
    }

    /// Mean queue wait for `arrivalsPerMinute` arrivals with mean service `serviceMinutes` at
    /// `servers` servers. The wait is capped at `capMinutes` (an unstable queue gets exactly
    /// the cap and `overloaded`); the cap also bounds waits just below saturation, so the wait
    /// is continuous in the load, which keeps the fixed-point iteration well behaved.
    public static func state(arrivalsPerMinute lambda: Double, serviceMinutes s: Double,
                             servers: Int, capMinutes: Double) -> State {
        let a = max(0, lambda) * max(0, s)
        guard a > 0 else {
            return State(offeredLoad: 0, utilisation: 0, waitProbability: 0, waitMinutes: 0, overloaded: false)
        }
        guard servers > 0 else {
            return State(offeredLoad: a, utilisation: .infinity, waitProbability: 1, waitMinutes: capMinutes, overloaded: true)
        }
        let c = Double(servers)
        let rho = a / c
        if a >= c {
            return State(offeredLoad: a, utilisation: rho, waitProbability: 1, waitMinutes: capMinutes, overloaded: true)
        }
        let pWait = erlangC(servers: servers, offeredLoad: a)
        let wq = pWait * s / (c - a)
        return State(offeredLoad: a, utilisation: rho, waitProbability: pWait,
                     waitMinutes: min(wq, capMinutes), overloaded: false)
    }
}
