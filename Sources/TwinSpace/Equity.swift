#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Population-weighted summaries of a per-cell burden (for example travel minutes per
/// resident-year, or minutes to the nearest hall). Values are paired with weights (cell
/// populations); cells of weight 0 do not count. All functions return nil when the total
/// weight is 0, when the lengths differ, or when a weight is negative or not finite.
public enum Equity {
    /// Weighted mean `Σ wᵢxᵢ / Σ wᵢ`.
    public static func mean(values: [Double], weights: [Double]) -> Double? {
        guard let total = totalWeight(values: values, weights: weights) else { return nil }
        var sum = 0.0
        for i in values.indices where weights[i] > 0 { sum += weights[i] * values[i] }
        return sum / total
    }

    /// Lower weighted quantile: the smallest value `x` whose cumulative weight (values sorted
    /// ascending, ties by input order) reaches `q·W`, `W` the total weight; `q` in 0...1.
    /// No interpolation, so the result is always one of the values (with `q = 0`, the
    /// smallest value of positive weight). Infinite values (unreachable) sort last.
    public static func quantile(_ q: Double, values: [Double], weights: [Double]) -> Double? {
        quantiles([q], values: values, weights: weights)?[0]
    }

    /// `quantile` for each of `qs`, from one sort of the values (a summary's median and 90th
    /// percentile sorted the same 200,000 values twice); nil as `quantile`, or when `qs` is empty
    /// or holds a non-finite q.
    public static func quantiles(_ qs: [Double], values: [Double], weights: [Double]) -> [Double]? {
        guard !qs.isEmpty, let total = totalWeight(values: values, weights: weights), qs.allSatisfy(\.isFinite),
              values.allSatisfy({ !$0.isNaN }) else { return nil }
        let order = sortedIndices(values, weights)
        return qs.map { q in
            let target = min(max(q, 0), 1) * total
            var cumulative = 0.0
            for i in order {
                cumulative += weights[i]
                if cumulative >= target { return values[i] }
            }
            return order.last.map { values[$0] } ?? .nan
        }
    }

    /// Weighted median: `quantile(0.5, ...)`.
    public static func median(values: [Double], weights: [Double]) -> Double? {
        quantile(0.5, values: values, weights: weights)
    }

    /// Population-weighted Gini coefficient
    /// `G = Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ)`, `W = Σ wᵢ`, `μ` the weighted mean — half the
    /// weighted mean absolute difference over the mean, without small-sample correction
    /// (so two equal-weight people with 0 and 1 give 0.5). Computed in O(n log n) from the
    /// sorted values as `Σᵢ wᵢ xᵢ (Wbelowᵢ − Waboveᵢ) / (W² μ)`. Needs values ≥ 0 and finite;
    /// 0 when every value is 0 (perfect equality).
    public static func gini(values: [Double], weights: [Double]) -> Double? {
        guard let total = totalWeight(values: values, weights: weights),
              values.allSatisfy({ $0 >= 0 && $0.isFinite }),
              let mu = mean(values: values, weights: weights) else { return nil }
        if mu == 0 { return 0 }
        let order = sortedIndices(values, weights)
        var below = 0.0
        var sum = 0.0
        for i in order {
            let w = weights[i]
            let above = total - below - w
            sum += w * values[i] * (below - above)
            below += w
        }
        return max(0, sum / (total * total * mu))
    }

    /// Population-weighted Theil T index `T = (1/W) Σᵢ wᵢ (xᵢ/μ) ln(xᵢ/μ)` with `0·ln 0 = 0`;
    /// 0 for perfect equality, `ln(W/wₘₐₓ)`-bounded above. Needs values ≥ 0 and finite;
    /// 0 when every value is 0.
    public static func theil(values: [Double], weights: [Double]) -> Double? {
        guard let total = totalWeight(values: values, weights: weights),
              values.allSatisfy({ $0 >= 0 && $0.isFinite }),
              let mu = mean(values: values, weights: weights) else { return nil }
        if mu == 0 { return 0 }
        var sum = 0.0
        for i in values.indices where weights[i] > 0 && values[i] > 0 {
            let r = values[i] / mu
            sum += weights[i] * r * log(r)
        }
        return max(0, sum / total)
    }

    private static func totalWeight(values: [Double], weights: [Double]) -> Double? {
        guard values.count == weights.count else { return nil }
        var total = 0.0
        for w in weights {
            guard w.isFinite, w >= 0 else { return nil }
            total += w
        }
        return total > 0 ? total : nil
    }

    /// Indices of positive weight, by value ascending, ties by index (a stable, total order):
    /// the indices `sortedIndicesByComparison` gives (tests compare them), by a radix sort
    /// (`EquityOrder`) when no value is NaN (the summaries sort every cell's figure three times
    /// per area: at 1,000,000 cells the comparison sort was most of the summaries' time).
    static func sortedIndices(_ values: [Double], _ weights: [Double]) -> [Int] {
        EquityOrder.sortedIndices(values, weights) ?? sortedIndicesByComparison(values, weights)
    }

    /// The reference order: (value, index) pairs sorted by comparison.
    static func sortedIndicesByComparison(_ values: [Double], _ weights: [Double]) -> [Int] {
        var pairs: [(value: Double, index: Int)] = []
        pairs.reserveCapacity(values.count)
        for i in values.indices where weights[i] > 0 { pairs.append((values[i], i)) }
        pairs.sort { a, b in a.value != b.value ? a.value < b.value : a.index < b.index }
        return pairs.map(\.index)
    }
}
