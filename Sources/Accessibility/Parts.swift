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

    /// Sums `term(origin, destination, minutes)` per key (the origin when `byOrigin`, else the
    /// destination) over the pairs for which it is not nil; NaN terms are skipped but still mark
    /// the key as touched (pandas: a group of NaN terms sums to 0). Runs the halves in parallel.
    @inline(__always)
    static func accumulate(_ pairs: TravelPairs, keys: Int, byOrigin: Bool, threads: Int,
                           _ term: @escaping @Sendable (Int, Int, Double) -> Double?) -> (sums: [Double], touched: [Bool]) {
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
                                        guard let t = term(i, j, m[k]) else { continue }
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
