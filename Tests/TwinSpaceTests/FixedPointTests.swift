import Foundation
import Model
import Testing
@testable import TwinSpace

@Suite struct FixedPointStepTests {
    /// One-window queue, 10-minute handling: `Wq = ρ·s / (1 − ρ)` (Erlang C with one server is
    /// ρ), ρ = completions a year over `capacity`, capped at 480 min.
    static func waitOne(_ completions: Double, capacity: Double) -> Double {
        let rho = completions / capacity
        return rho >= 1 ? 480 : min(480, rho * 10 / (1 - rho))
    }

    @Test func aVillageSplitSettlesBesideACityWhoseLoadSwingsAtACappedDesk() throws {
        // The village: 1,200 residents, one item a year each, halls A (5 min) and B (6 min),
        // one window each, open Mo 09:00-12:00: 180 × (365/7) / 10 = 938.57 completions a year.
        // Whichever hall takes the whole village is overloaded, so the village must split
        // (as in `oneCellSplitsBetweenTwoHallsAtTheEquilibrium`). The city: 1,000,000 digital
        // residents, a desk E 1 min away open 10 minutes a week (capped at 480 min as soon as
        // anyone goes) or online (15 min): at zero waits all go to E, then all online for good.
        // The city's load leaving E for online is a huge swing that moves no wait; judged by
        // loads it outweighed the village's turns, the steps did not halve, and the village's
        // waits still moved by about 2 min after 50 evaluations. Judged by waits it settles.
        // (`TwinModel`, Fixed point.)
        let village = 1200.0, capacity = 180 * TwinModel.weeksPerYear / 10
        let items = [item("S1", perThousand: 1000, online: true, handling: 10)]
        let cells = [cell("village", pop: village), cell("city", pop: 1_000_000, digital: 1)]
        let sites = [try hall("A", hours: "Mo 09:00-12:00"), try hall("B", hours: "Mo 09:00-12:00"),
                     try hall("E", hours: "Mo 09:00-09:10")]
        let input = TwinInput(cells: cells, items: items, sites: sites, channels: [try web(effort: 15)],
                              travel: SparseTravel(rows: [[(0, 5), (1, 6)], [(2, 1)]]))
        let result = try TwinModel.solve(input)
        #expect(result.convergence.converged, "\(result.convergence)")
        #expect(result.convergence.iterations <= 20)
        // The split p at A solves 10 + W_A(p·D) = 12 + W_B((1 − p)·D), by bisection.
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let p = (low + high) / 2
            let costA = 10 + Self.waitOne(p * village, capacity: capacity)
            let costB = 12 + Self.waitOne((1 - p) * village, capacity: capacity)
            if costA > costB { high = p } else { low = p }
        }
        let p = (low + high) / 2
        #expect(abs(p - 0.5101) < 1e-4)
        let shareA = result.sites[0].completionsPerYear / village
        #expect(abs(shareA - p) < 0.002, "share at A \(shareA), equilibrium \(p)")
        #expect(abs((10 + result.sites[0].waitMinutes) - (12 + result.sites[1].waitMinutes)) < 0.5)
        // E stays at the cap. (The city's share left at E is a margin too — E empty draws the
        // city back — that no wait resolves: E's wait is the cap for any load above its 52 a
        // year. Its load is what the steps left there, not asserted.)
        #expect(result.sites[2].overloaded && result.sites[2].waitMinutes == 480)
    }
}

/// Two villages whose halls settle at the steep part of Erlang C (utilisation 0.966 and 0.973,
/// waits of 282 and 354 min: dW/dρ = s/(1 − ρ)² ≈ 13,000 min at B), as the 25 M-cell benchmark
/// district's one-machine kiosks do (README, "The largest district tried"). The averaged loads
/// need 83 evaluations to settle here; after the default 50, B's wait is still 49 min from its
/// equilibrium (403 min) although the last step moved no wait by more than 2.0 min. Looser
/// criteria were tried on this case and rejected: "a queue at utilisation ≥ 0.9 whose load
/// moved by ≤ 0.1 % is settled" reports convergence after 13 evaluations with B at the 480-min
/// cap, "a wait that moved by ≤ 1 % of itself" after 17, B at the cap too: near saturation a
/// small step of the loads says little about how far they still are from the split. Whatever
/// the update or the criterion, "converged" must mean the equilibrium.
@Suite struct SteepQueueFixedPointTests {
    /// One window, 10-minute handling, 32,850 completions a year at utilisation 1:
    /// `Wq = ρ·s / (1 − ρ)`, capped at 480 min.
    static func waitOne(_ completions: Double) -> Double {
        let rho = completions / 32_850
        return rho >= 1 ? 480 : min(480, rho * 10 / (1 - rho))
    }

    /// The completions at which a one-window hall's wait is `minutes` (the inverse of `waitOne`).
    static func loadAtWait(_ minutes: Double) -> Double { 32_850 * minutes / (minutes + 10) }

    static func villages() throws -> TwinInput {
        // Village A: 55,845 digital residents (1.7 × capacity), hall A 37 min away; village B:
        // 82,125 (2.5 ×), hall B 1 min away; online (356 min of effort) for both. A resident goes
        // to the hall while 2·t + W ≤ 356: at the equilibrium W_A = 282, W_B = 354 and the rest
        // go online.
        let items = [item("S1", perThousand: 1000, online: true, handling: 10)]
        let cells = [cell("A", pop: 55_845, digital: 1), cell("B", pop: 82_125, digital: 1)]
        return TwinInput(cells: cells, items: items, sites: [try hall("A"), try hall("B")],
                         channels: [try web(effort: 356)],
                         travel: SparseTravel(rows: [[(0, 37)], [(1, 1)]]))
    }

    @Test func convergedMeansTheEquilibriumAtSteepQueues() throws {
        let input = try Self.villages()
        // Given evaluations enough the averaged loads reach the split (the halved steps close in
        // on it), and the waits are those of the equilibrium.
        let settled = try TwinModel.solve(input, parameters: TwinParameters(maxIterations: 400))
        #expect(settled.convergence.converged, "\(settled.convergence)")
        #expect(abs(settled.sites[0].waitMinutes - 282) < 0.5 && abs(settled.sites[1].waitMinutes - 354) < 0.5,
                "\(settled.sites.map(\.waitMinutes))")
        #expect(abs(settled.sites[0].completionsPerYear - Self.loadAtWait(282)) < 10)
        #expect(abs(settled.sites[1].completionsPerYear - Self.loadAtWait(354)) < 10)
        for j in 0..<2 {
            #expect(abs(settled.sites[j].waitMinutes - Self.waitOne(settled.sites[j].completionsPerYear)) < 1e-6)
        }
        // Within the default 50 evaluations: converged only at the equilibrium, else reported.
        let result = try TwinModel.solve(input)
        if result.convergence.converged {
            #expect(abs(result.sites[0].waitMinutes - 282) < 1 && abs(result.sites[1].waitMinutes - 354) < 1,
                    "converged away from the equilibrium: \(result.sites.map(\.waitMinutes)), \(result.convergence)")
        } else {
            #expect(result.convergence.iterations == 50 && result.convergence.lastMaxChangeMinutes > 0.1)
        }
    }
}
