import Foundation
import Testing
@testable import TwinSpace

/// Several quantiles from one sort, as the summaries' median and 90th percentile take them.
@Suite struct EquityQuantilesTests {
    @Test func quantilesByHandFromOneSort() {
        // Burdens 4, 1, 2, 1 with populations 2, 1, 1, 0 (the last does not count): sorted 1, 2, 4,
        // cumulative weights 1, 2, 4 of W = 4; q·W = 0, 1, 2, 3.6 and 4 are reached at 1, 1, 2, 4 and 4.
        let values = [4.0, 1.0, 2.0, 1.0], weights = [2.0, 1.0, 1.0, 0.0]
        #expect(Equity.quantiles([0, 0.25, 0.5, 0.9, 1], values: values, weights: weights) == [1, 1, 2, 4, 4])
        // Ties keep their input order; an unreachable cell (infinite minutes) sorts last.
        #expect(Equity.quantiles([0.5, 0.9, 0.95], values: [5, .infinity, 5], weights: [4.5, 1, 4.5]) == [5, 5, .infinity])
    }

    @Test func quantilesAreEachQuantile() {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<500).map { _ in Double(Int.random(in: 0...40, using: &generator)) }
        let weights = (0..<500).map { _ in Double(Int.random(in: 0...3, using: &generator)) }
        let qs = [0, 0.1, 0.5, 0.9, 0.99, 1]
        #expect(Equity.quantiles(qs, values: values, weights: weights) == qs.map { Equity.quantile($0, values: values, weights: weights) ?? -1 })
    }

    @Test func noQuantilesWithoutWeightOrWithABadQ() {
        #expect(Equity.quantiles([], values: [1], weights: [1]) == nil)
        #expect(Equity.quantiles([0.5, .nan], values: [1], weights: [1]) == nil)
        #expect(Equity.quantiles([0.5], values: [1, 2], weights: [0, 0]) == nil)
        #expect(Equity.quantiles([0.5], values: [.nan], weights: [1]) == nil)
    }
}
