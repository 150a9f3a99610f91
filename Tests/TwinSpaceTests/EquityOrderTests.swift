import Model
import Testing
@testable import TwinSpace

/// The summaries' sorts (`Equity.sortedIndices`: quantiles and Gini) are a radix sort of keys
/// made from the values (`EquityOrder`); they must give the very indices of the comparison sort
/// by (value, index), ties by index, on the values the summaries see and on the edges of the
/// keys' order: signed zeros, infinities, negatives, subnormals, many ties, weights of 0.
@Suite struct EquityOrderTests {
    /// The keys order as the values do, by hand: -inf < -2 < -tiny < -0 == +0 < tiny < 1 < 2 < inf.
    @Test func keysOrderAsTheValues() {
        let tiny = Double.leastNormalMagnitude / 4  // a subnormal
        let ascending: [Double] = [-.infinity, -2, -tiny, 0, tiny, 1, 2, .infinity]
        let keys = ascending.map(EquityOrder.key)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(EquityOrder.key(-0.0) == EquityOrder.key(0.0))
        #expect(EquityOrder.key(-0.0) == 1 << 63)
    }

    /// By hand: values 3, -0, 1, 0, 3, inf, -1 with the third weight 0 sort to -1 (6), the
    /// zeros in index order (1, 3), 3 twice in index order (0, 4), then inf (5).
    @Test func ordersByHand() {
        let values: [Double] = [3, -0.0, 1, 0, 3, .infinity, -1], weights: [Double] = [1, 1, 0, 1, 2, 1, 1]
        #expect(Equity.sortedIndices(values, weights) == [6, 1, 3, 0, 4, 5])
        #expect(Equity.sortedIndicesByComparison(values, weights) == [6, 1, 3, 0, 4, 5])
    }

    @Test func sameIndicesAsTheComparisonSort() {
        var random = SeededGenerator(seed: 15)
        for trial in 0..<60 {
            let count = [0, 1, 2, 3, 17, 256, 1000, 5000][trial % 8]
            let values: [Double] = (0..<count).map { _ in
                switch trial % 5 {
                case 0: Double(Int.random(in: 0...12, using: &random)) * 5  // minutes in few values: many ties
                case 1: Double.random(in: 0...120, using: &random)  // minutes
                case 2: [-0.0, 0.0, .infinity, -.infinity, Double.leastNormalMagnitude / 4, -Double.leastNormalMagnitude / 4, .leastNonzeroMagnitude, -1, 1][Int.random(in: 0...8, using: &random)]
                case 3: Double(bitPattern: random.next())  // any double; a NaN becomes 0 below
                default: Double.random(in: -1e6...1e6, using: &random).rounded()
                }
            }.map { $0.isNaN ? 0 : $0 }
            let weights: [Double] = (0..<count).map { _ in Bool.random(using: &random) && trial % 2 == 0 ? 0 : Double.random(in: 0.5...9, using: &random) }
            #expect(Equity.sortedIndices(values, weights) == Equity.sortedIndicesByComparison(values, weights), "trial \(trial)")
        }
    }

    /// A NaN has no key: the comparison sort decides, as before.
    @Test func aNaNLeavesItToTheComparisonSort() {
        let values: [Double] = [2, .nan, 1], weights: [Double] = [1, 1, 1]
        #expect(EquityOrder.sortedIndices(values, weights) == nil)
        #expect(Equity.sortedIndices(values, weights) == Equity.sortedIndicesByComparison(values, weights))
    }
}
