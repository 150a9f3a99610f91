import Dispatch

/// A run of pairs inside one segment.
struct PairSpan: Sendable {
    let segment: Int
    let range: Range<Int>
}

/// Results written by parallel parts, one slot each.
final class PartResults<R>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<R?>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    subscript(index: Int) -> R? {
        get { slots[index] }
        set { slots[index] = newValue }
    }
}

extension AccessMeasures {
    /// The pair list is always reduced as two halves cut at `count / 2` (a position that depends
    /// only on the pairs, never on the thread count or on how the loader split them), each half
    /// on its own thread, the halves combined in order: same bits with one thread or two.
    static let reductionParts = 2

    static func parts(of pairs: TravelPairs) -> [[PairSpan]] {
        let total = pairs.count
        let cuts = (0...reductionParts).map { total * $0 / reductionParts }
        var result: [[PairSpan]] = []
        for part in 0..<reductionParts {
            var spans: [PairSpan] = []
            var position = 0
            for (index, segment) in pairs.segments.enumerated() {
                let lower = Swift.max(cuts[part], position), upper = Swift.min(cuts[part + 1], position + segment.count)
                if lower < upper { spans.append(PairSpan(segment: index, range: (lower - position)..<(upper - position))) }
                position += segment.count
            }
            result.append(spans)
        }
        return result
    }

    /// Sums `term.term(origin, destination, minutes)` per key (the origin when `byOrigin`, else
    /// the destination) over the pairs where it is not nil; NaN terms are skipped but still mark
    /// the key as touched (pandas: a group of NaN terms sums to 0). Runs the halves in parallel.
    /// Generic over the term so that each measure's loop is specialised and inlined.
    static func accumulate<T: PairTerm>(_ pairs: TravelPairs, keys: Int, byOrigin: Bool, threads: Int,
                                        _ term: T) -> (sums: [Double], touched: [Bool]) {
        let split = parts(of: pairs)
        let results = PartResults<([Double], [Bool])>(count: split.count)
        let work: @Sendable (Int) -> Void = { part in
            var sums = [Double](repeating: 0, count: keys)
            var touched = [Bool](repeating: false, count: keys)
            sums.withUnsafeMutableBufferPointer { sums in
                touched.withUnsafeMutableBufferPointer { touched in
                    for span in split[part] {
                        let segment = pairs.segments[span.segment]
                        segment.origins.withUnsafeBufferPointer { o in
                            segment.destinations.withUnsafeBufferPointer { d in
                                segment.minutes.withUnsafeBufferPointer { m in
                                    for k in span.range {
                                        let i = Int(o[k]), j = Int(d[k])
                                        guard let t = term.term(i, j, m[k]) else { continue }
                                        let key = byOrigin ? i : j
                                        if !t.isNaN { sums[key] += t }
                                        touched[key] = true
                                    }
                                }
                            }
                        }
                    }
                }
            }
            results[part] = (sums, touched)
        }
        if threads > 1, pairs.count >= 1 << 16 {
            DispatchQueue.concurrentPerform(iterations: split.count, execute: work)
        } else {
            for part in 0..<split.count { work(part) }
        }
        var (sums, touched) = results[0] ?? ([Double](repeating: 0, count: keys), [Bool](repeating: false, count: keys))
        for part in 1..<split.count {
            guard let (partSums, partTouched) = results[part] else { continue }
            for key in 0..<keys where partTouched[key] {
                sums[key] += partSums[key]
                touched[key] = true
            }
        }
        return (sums, touched)
    }
}

/// One pair's term in a sum, or nil when the pair takes no part.
protocol PairTerm: Sendable {
    func term(_ origin: Int, _ destination: Int, _ minutes: Double) -> Double?
}

/// 2SFCA stage 1: `P_i · w(d)` within the limit.
struct DemandTerm<W: DistanceWeighting>: PairTerm {
    let population: [Double], limit: Double, weight: W
    @inline(__always) func term(_ i: Int, _ j: Int, _ m: Double) -> Double? {
        m <= limit ? population[i] * weight.weight(m) : nil
    }
}

/// 2SFCA stage 2: `R_j · w(d)` within the limit.
struct RatioTerm<W: DistanceWeighting>: PairTerm {
    let ratios: [Double], limit: Double, weight: W
    @inline(__always) func term(_ i: Int, _ j: Int, _ m: Double) -> Double? {
        m <= limit ? ratios[j] * weight.weight(m) : nil
    }
}

/// 3SFCA: `w(d)` of every listed pair (the selection weight's denominator).
struct WeightTerm<W: DistanceWeighting>: PairTerm {
    let weight: W
    @inline(__always) func term(_ i: Int, _ j: Int, _ m: Double) -> Double? { weight.weight(m) }
}

/// 3SFCA: `value · W · G` within the limit, with `G = W / ΣW` of the origin; `value` is
/// `P_i` (by origin) in stage 1 and `R_j` (by destination) in stage 2.
struct SelectionTerm<W: DistanceWeighting>: PairTerm {
    let values: [Double], byOrigin: Bool, weightSum: [Double], limit: Double, weight: W
    @inline(__always) func term(_ i: Int, _ j: Int, _ m: Double) -> Double? {
        guard m <= limit else { return nil }
        let w = weight.weight(m)
        return values[byOrigin ? i : j] * w * (w / weightSum[i])
    }
}

/// Weighted catchment: `S_j · w(d)` within the limit, supply-table sites only.
struct CatchmentTerm<W: DistanceWeighting>: PairTerm {
    let capacity: [Double], limit: Double, weight: W
    @inline(__always) func term(_ i: Int, _ j: Int, _ m: Double) -> Double? {
        m <= limit && j < capacity.count ? capacity[j] * weight.weight(m) : nil
    }
}

/// FCA: the neighbour's population within the limit.
struct NeighborPopulationTerm: PairTerm {
    let population: [Double], limit: Double
    @inline(__always) func term(_ i: Int, _ k: Int, _ m: Double) -> Double? {
        m <= limit ? population[k] : nil
    }
}
