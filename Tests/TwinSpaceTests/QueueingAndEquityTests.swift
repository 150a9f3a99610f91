import Foundation
import Testing
@testable import TwinSpace

@Suite struct QueueingTests {
    @Test func erlangCMatchesTableValues() {
        // c = 2, a = 1 Erlang: B(1) = 1/2, B(2) = 1/5, C = 2·(1/5) / (2 − 1·4/5) = 1/3.
        #expect(abs(Queueing.erlangB(servers: 2, offeredLoad: 1) - 0.2) < 1e-15)
        #expect(abs(Queueing.erlangC(servers: 2, offeredLoad: 1) - 1.0 / 3.0) < 1e-15)
        // c = 3, a = 2: B(3) = 4/19, C = (12/19) / (3 − 2·15/19) = 4/9 (Erlang C table: 0.4444).
        #expect(abs(Queueing.erlangB(servers: 3, offeredLoad: 2) - 4.0 / 19.0) < 1e-15)
        #expect(abs(Queueing.erlangC(servers: 3, offeredLoad: 2) - 4.0 / 9.0) < 1e-15)
        // M/M/1: C = ρ.
        #expect(abs(Queueing.erlangC(servers: 1, offeredLoad: 0.8) - 0.8) < 1e-15)
        // Erlang B table: 10 trunks, 5 Erlangs -> 0.01838; also the defining sum (a^c/c!) / Σ a^k/k!.
        var term = 1.0, sum = 1.0
        for k in 1...10 { term *= 5.0 / Double(k); sum += term }
        let b10 = Queueing.erlangB(servers: 10, offeredLoad: 5)
        #expect(abs(b10 - term / sum) < 1e-14)
        #expect(abs(b10 - 0.01838) < 5e-6)
    }

    @Test func waitsOfQueueStates() {
        // c = 2, a = 1 (λ = 0.1 per min, s = 10 min): Wq = (1/3)·10 / (2 − 1) = 10/3 min.
        let two = Queueing.state(arrivalsPerMinute: 0.1, serviceMinutes: 10, servers: 2, capMinutes: 480)
        #expect(abs(two.waitMinutes - 10.0 / 3.0) < 1e-12)
        #expect(abs(two.utilisation - 0.5) < 1e-15)
        #expect(!two.overloaded)
        // M/M/1 at ρ = 0.8, s = 10: Wq = ρ·s/(1 − ρ) = 40 min.
        let one = Queueing.state(arrivalsPerMinute: 0.08, serviceMinutes: 10, servers: 1, capMinutes: 480)
        #expect(abs(one.waitMinutes - 40) < 1e-9)
        // Overloaded (ρ = 1.2): the wait is the cap and the flag is set; just below saturation the
        // cap bounds the wait (ρ = 0.99: 990 min uncapped) without the flag.
        let over = Queueing.state(arrivalsPerMinute: 0.12, serviceMinutes: 10, servers: 1, capMinutes: 480)
        #expect(over.overloaded && over.waitMinutes == 480 && abs(over.utilisation - 1.2) < 1e-12)
        let near = Queueing.state(arrivalsPerMinute: 0.099, serviceMinutes: 10, servers: 1, capMinutes: 480)
        #expect(!near.overloaded && near.waitMinutes == 480)
        // No load: no wait.
        #expect(Queueing.state(arrivalsPerMinute: 0, serviceMinutes: 10, servers: 3, capMinutes: 480).waitMinutes == 0)
    }

    @Test func manyServersStayFinite() {
        // a^c and c! overflow long before c = 2000; the recursion does not.
        let b = Queueing.erlangB(servers: 2000, offeredLoad: 1900)
        let c = Queueing.erlangC(servers: 2000, offeredLoad: 1900)
        #expect(b > 0 && b < 1 && c > b && c < 1)
        // Erlang C grows with the load at fixed servers.
        #expect(Queueing.erlangC(servers: 2000, offeredLoad: 1950) > c)
    }
}

@Suite struct EquityTests {
    // Three cells: burdens 1, 2, 4 with populations 1, 1, 2. W = 4, μ = 11/4.
    let values = [1.0, 2.0, 4.0]
    let weights = [1.0, 1.0, 2.0]

    @Test func meanMedianAndP90() {
        #expect(Equity.mean(values: values, weights: weights) == 2.75)
        // Cumulative weights 1, 2, 4: half of W (2) is reached at 2; 90 % (3.6) at 4.
        #expect(Equity.median(values: values, weights: weights) == 2)
        #expect(Equity.quantile(0.9, values: values, weights: weights) == 4)
        #expect(Equity.quantile(0.25, values: values, weights: weights) == 1)
        // Unreachable cells (infinite minutes) sort last.
        #expect(Equity.quantile(0.9, values: [5, .infinity], weights: [9, 1]) == 5)
        #expect(Equity.quantile(0.95, values: [5, .infinity], weights: [9, 1]) == .infinity)
    }

    @Test func giniByHand() throws {
        // Σᵢⱼ wᵢwⱼ|xᵢ − xⱼ| = 2·(1·1·1 + 1·2·3 + 1·2·2) = 22; G = 22 / (2·16·2.75) = 0.25.
        let g = try #require(Equity.gini(values: values, weights: weights))
        #expect(abs(g - 0.25) < 1e-15)
        // A weight of 2 is the same as two cells of weight 1.
        let split = try #require(Equity.gini(values: [1, 2, 4, 4], weights: [1, 1, 1, 1]))
        #expect(abs(split - g) < 1e-15)
        // One of three has everything: (n − 1)/n = 2/3; all equal: 0.
        #expect(abs((Equity.gini(values: [0, 0, 1], weights: [1, 1, 1]) ?? -1) - 2.0 / 3.0) < 1e-15)
        #expect(Equity.gini(values: [3, 3, 3], weights: [1, 5, 2]) == 0)
    }

    @Test func theilByHand() throws {
        // T = ¼·[(4/11)ln(4/11) + (8/11)ln(8/11) + 2·(16/11)ln(16/11)] = ¼·0.490560 = 0.122640.
        let t = try #require(Equity.theil(values: values, weights: weights))
        #expect(abs(t - 0.1226399) < 1e-7)
        // One of three has everything: ln 3, the maximum for three equal weights.
        #expect(abs((Equity.theil(values: [0, 0, 1], weights: [1, 1, 1]) ?? -1) - log(3.0)) < 1e-15)
        #expect(Equity.theil(values: [2, 2], weights: [1, 3]) == 0)
    }

    @Test func undefinedInputsGiveNil() {
        #expect(Equity.mean(values: [1], weights: [0]) == nil)
        #expect(Equity.gini(values: [1, 2], weights: [1]) == nil)
        #expect(Equity.gini(values: [-1, 2], weights: [1, 1]) == nil)
        #expect(Equity.theil(values: [1, .infinity], weights: [1, 1]) == nil)
        // Zero-weight cells do not count.
        #expect(Equity.gini(values: [1, 100, 1], weights: [1, 0, 1]) == 0)
    }
}
