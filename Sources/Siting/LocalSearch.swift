import Foundation
import Model

/// A weighted assignment problem MCLP, p-median and the twin model reduce to: open `p` sites
/// (besides the fixed ones) so that Σ weight × cost of the cheapest open site is least, where a
/// row with no listed pair to an open site pays its `missingCosts` entry per unit weight.
///
/// p-median: cost = minutes, `missingCosts` a penalty above any real total (a cell without a
/// pair is infinitely far; the penalty makes the search reach every cell it can first).
/// MCLP: only pairs within the radius, cost 0, `missingCosts` 1 (= uncovered population).
/// Twin: one row per term, cost multiplier × minutes to capable sites, `missingCosts` the
/// term's cap (its remote cost), so the row pays min(cap, cost) (see `TwinTerms`).
final class AssignmentCosts: Sendable {
    let weights: [Double]
    /// Pairs by cell, ascending cost (ties by site).
    let rowStarts: [Int]
    let rowSites: [Int32]
    let rowCosts: [Double]
    /// The same pairs by site.
    let columnStarts: [Int]
    let columnCells: [Int32]
    let columnCosts: [Double]
    /// Per row (cell or term): the cost when no listed open site is cheaper.
    let missingCosts: [Double]
    let siteCount: Int
    let isSelectable: [Bool]
    let fixed: [Int32]
    /// Threads the loops over these pairs may use at most.
    let threads: Int

    init(weights: [Double], rowStarts: [Int], rowSites: [Int32], rowCosts: [Double], missingCosts: [Double],
         siteCount: Int, isSelectable: [Bool], fixed: [Int32], threads: Int) {
        self.threads = max(1, threads)
        self.weights = weights
        self.rowStarts = rowStarts
        self.rowSites = rowSites
        self.rowCosts = rowCosts
        self.missingCosts = missingCosts
        self.siteCount = siteCount
        self.isSelectable = isSelectable
        self.fixed = fixed
        let bySite = SparseRows(columnCount: siteCount, offsets: rowStarts, columns: rowSites, values: rowCosts).transposed()
        columnStarts = bySite.offsets
        columnCells = bySite.columns
        columnCosts = bySite.values
    }

    /// p-median costs: the instance's minutes; a cell without a pair to an open site pays a
    /// penalty per resident above any real total (so the search first reaches every cell it
    /// can; the objective reported is still infinite when a cell is left without a pair).
    static func pmedian(_ instance: SitingInstance, threads: Int) -> AssignmentCosts {
        let largest = instance.rowMinutes.max() ?? 0
        let total = instance.populations.reduce(0, +)
        let smallest = instance.populations.min() ?? 1
        let penalty = (largest + 1) * (total / max(smallest, 1e-9) + 1)
        return AssignmentCosts(weights: instance.populations, rowStarts: instance.rowStarts, rowSites: instance.rowSites,
                               rowCosts: instance.rowMinutes,
                               missingCosts: [Double](repeating: penalty, count: instance.cellCount), siteCount: instance.siteCount,
                               isSelectable: instance.isSelectable, fixed: instance.fixed, threads: threads)
    }

    /// MCLP costs: pairs within the radius cost 0, a cell with none open costs 1 (its population).
    static func coverage(_ instance: SitingInstance, radiusMinutes: Double, threads: Int) -> AssignmentCosts {
        var starts = [Int](repeating: 0, count: instance.cellCount + 1)
        var sites: [Int32] = []
        for i in 0..<instance.cellCount {
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
                guard instance.rowMinutes[k] <= radiusMinutes else { break }
                sites.append(instance.rowSites[k])
            }
            starts[i + 1] = sites.count
        }
        return AssignmentCosts(weights: instance.populations, rowStarts: starts, rowSites: sites,
                               rowCosts: [Double](repeating: 0, count: sites.count),
                               missingCosts: [Double](repeating: 1, count: instance.cellCount),
                               siteCount: instance.siteCount, isSelectable: instance.isSelectable, fixed: instance.fixed,
                               threads: threads)
    }
}

/// Greedy construction (lazy evaluation), then vertex substitution (Teitz–Bart, evaluated the
/// fast way of Whitaker: one pass over a candidate's column prices every swap with it) to a
/// local optimum, and a Lagrangian lower bound.
struct LocalSearch {
    let costs: AssignmentCosts
    private(set) var open: [Bool]
    /// Per cell: nearest open site (-1: none), its cost, the second-nearest open cost.
    private(set) var nearest: [Int32]
    private(set) var first: [Double]
    private(set) var second: [Double]

    init(costs: AssignmentCosts, open initial: [Int] = []) {
        self.costs = costs
        open = [Bool](repeating: false, count: costs.siteCount)
        for j in costs.fixed { open[Int(j)] = true }
        for j in initial { open[j] = true }
        let n = costs.weights.count
        nearest = [Int32](repeating: -1, count: n)
        first = costs.missingCosts
        second = costs.missingCosts
        recompute()
    }

    /// New sites open now, ascending.
    var selected: [Int] { (0..<costs.siteCount).filter { open[$0] && costs.isSelectable[$0] } }

    /// Σ weight × cost (with the missing-pair cost) of the current sites.
    var total: Double {
        var sum = 0.0
        for i in 0..<costs.weights.count { sum += costs.weights[i] * first[i] }
        return sum
    }

    mutating func recompute() {
        let starts = costs.rowStarts, sites = costs.rowSites, rowCosts = costs.rowCosts, missing = costs.missingCosts
        let open = self.open
        let ranges = Parallel.balancedRanges(starts, parts: pairsPerThread(starts.last ?? 0))
        nearest.withUnsafeMutableBufferPointer { nearestBuffer in
            first.withUnsafeMutableBufferPointer { firstBuffer in
                second.withUnsafeMutableBufferPointer { secondBuffer in
                    nonisolated(unsafe) let (nearestOut, firstOut, secondOut) = (nearestBuffer, firstBuffer, secondBuffer)
                    Parallel.forEach(ranges, threads: costs.threads) { range in
                        for i in range {
                            var best: Int32 = -1
                            var c1 = missing[i], c2 = missing[i]
                            for k in starts[i]..<starts[i + 1] {
                                let j = sites[k]
                                guard open[Int(j)] else { continue }
                                if best < 0 { best = j; c1 = rowCosts[k] } else { c2 = rowCosts[k]; break }
                            }
                            nearestOut[i] = best
                            firstOut[i] = c1
                            secondOut[i] = c2
                        }
                    }
                }
            }
        }
    }

    /// Total saving from opening `j` now.
    func gain(_ j: Int) -> Double {
        var g = 0.0
        let cells = costs.columnCells, siteCosts = costs.columnCosts, weights = costs.weights
        for k in costs.columnStarts[j]..<costs.columnStarts[j + 1] {
            let i = Int(cells[k])
            let c = siteCosts[k]
            if c < first[i] { g += weights[i] * (first[i] - c) }
        }
        return g
    }

    mutating func openSite(_ j: Int) {
        open[j] = true
        for k in costs.columnStarts[j]..<costs.columnStarts[j + 1] {
            let i = Int(costs.columnCells[k])
            let c = costs.columnCosts[k]
            if c < first[i] || (c == first[i] && Int32(j) < nearest[i]) {
                second[i] = first[i]
                first[i] = c
                nearest[i] = Int32(j)
            } else if c < second[i] {
                second[i] = c
            }
        }
    }

    /// Greedily opens `count` more selectable sites, each time the one saving most (ties: the
    /// lowest number). Gains only shrink as sites open, so a stale gain is an upper bound and
    /// only the top of the list is re-evaluated (lazy greedy).
    mutating func greedy(count: Int) {
        let candidates = (0..<costs.siteCount).filter { costs.isSelectable[$0] && !open[$0] }
        var stale = candidates.map { gain($0) }
        var fresh = [Bool](repeating: true, count: candidates.count)
        var taken = [Bool](repeating: false, count: candidates.count)
        for _ in 0..<min(count, candidates.count) {
            while true {
                var best = -1
                for k in candidates.indices where !taken[k] && (best < 0 || stale[k] > stale[best]) { best = k }
                guard best >= 0 else { return }
                if fresh[best] {
                    taken[best] = true
                    openSite(candidates[best])
                    for k in candidates.indices { fresh[k] = false }
                    break
                }
                stale[best] = gain(candidates[best])
                fresh[best] = true
                // Re-evaluated: take it when it still beats every other (stale, upper) value, ties to the lower number.
                var beaten = false
                for k in candidates.indices where !taken[k] && k != best {
                    if stale[k] > stale[best] || (stale[k] == stale[best] && k < best) { beaten = true; break }
                }
                if !beaten {
                    taken[best] = true
                    openSite(candidates[best])
                    for k in candidates.indices { fresh[k] = false }
                    break
                }
            }
        }
    }

    /// How many chunks to split a loop over `pairs` pairs into: one per thread, but none smaller
    /// than about 200,000 pairs (below that, threads cost more than they save).
    func pairsPerThread(_ pairs: Int) -> Int { max(1, min(costs.threads, pairs / 200_000)) }

    /// Best-improvement vertex substitution until no swap (close one new site, open another)
    /// lowers the total, or `deadline` passes.
    mutating func interchange(deadline: Date? = nil) {
        let n = costs.siteCount
        var loss = [Double](repeating: 0, count: n)
        while true {
            if let deadline, Date() >= deadline { return }
            let current = total
            for j in 0..<n { loss[j] = 0 }
            for i in 0..<costs.weights.count where nearest[i] >= 0 {
                loss[Int(nearest[i])] += costs.weights[i] * (second[i] - first[i])
            }
            let removable = (0..<n).filter { open[$0] && costs.isSelectable[$0] }
            guard !removable.isEmpty else { return }
            let threshold = -1e-12 * max(1, abs(current))
            let starts = costs.columnStarts, cells = costs.columnCells, siteCosts = costs.columnCosts, weights = costs.weights
            let isSelectable = costs.isSelectable
            let (isOpen, first, second, nearest, loss) = (open, self.first, self.second, self.nearest, loss)
            // Each chunk of candidates finds its best swap; chunks merge by (delta, in, out).
            let ranges = Parallel.balancedRanges(starts, parts: pairsPerThread(starts.last ?? 0))
            let results = UnsafeMutableBufferPointer<(Double, Int, Int)>.allocate(capacity: ranges.count)
            defer { results.deallocate() }
            nonisolated(unsafe) let shared = results
            let chunkIndex = Dictionary(uniqueKeysWithValues: ranges.enumerated().map { ($0.element.lowerBound, $0.offset) })
            Parallel.forEach(ranges, threads: costs.threads) { range in
                var adjust = [Double](repeating: 0, count: n)
                var touched: [Int] = []
                var bestDelta = threshold
                var bestIn = -1, bestOut = -1
                for j in range where isSelectable[j] && !isOpen[j] {
                    var g = 0.0
                    for k in starts[j]..<starts[j + 1] {
                        let i = Int(cells[k])
                        let c = siteCosts[k]
                        let w = weights[i]
                        if c < first[i] {
                            g += w * (first[i] - c)
                            let r = Int(nearest[i])
                            if r >= 0 {
                                if adjust[r] == 0 { touched.append(r) }
                                adjust[r] += w * (second[i] - first[i])
                            }
                        } else if c < second[i] {
                            let r = Int(nearest[i])
                            if r >= 0 {
                                if adjust[r] == 0 { touched.append(r) }
                                adjust[r] += w * (second[i] - c)
                            }
                        }
                    }
                    for r in removable {
                        let delta = -g + loss[r] - adjust[r]
                        if delta < bestDelta { bestDelta = delta; bestIn = j; bestOut = r }
                    }
                    for r in touched { adjust[r] = 0 }
                    touched.removeAll(keepingCapacity: true)
                }
                shared[chunkIndex[range.lowerBound] ?? 0] = (bestDelta, bestIn, bestOut)
            }
            var bestIn = -1, bestOut = -1, bestDelta = threshold
            for (delta, j, r) in results where j >= 0 && delta < bestDelta {
                bestDelta = delta; bestIn = j; bestOut = r
            }
            guard bestIn >= 0 else { return }
            self.open[bestOut] = false
            self.open[bestIn] = true
            recompute()
        }
    }

    /// A Lagrangian lower bound on the least total (assignment constraints relaxed, subgradient
    /// steps from multipliers = the current assignment costs). `upper` is a known total; the
    /// steps stop at `targetGap` (relative), after `maxIterations`, or when the step size has
    /// shrunk without progress.
    /// Returns the best bound and its multipliers.
    ///
    /// Every few steps the relaxed solution's sites are priced as a real solution (a Lagrangian
    /// heuristic); the best of them is returned in `primal` when it beats `upper`.
    func lagrangianBound(p: Int, upper initialUpper: Double, maxIterations: Int = 300, targetGap: Double = 1e-10,
                         deadline: Date? = nil)
        -> LagrangianResult {
        var upper = initialUpper
        var primal: [Int]? = nil
        let n = costs.weights.count
        let sites = costs.siteCount
        let weights = costs.weights, rowStarts = costs.rowStarts
        let missing = costs.missingCosts
        // Start from the current assignment costs.
        var lambda = (0..<n).map { weights[$0] * first[$0] }
        // Step size halves after 15 steps without progress; steps are deflected (half the
        // previous direction added), which damps the zig-zag of plain subgradients.
        let halveAfter = 15
        let deflect = 0.5
        var direction = [Double](repeating: 0, count: n)
        var best = -Double.infinity
        var bestLambda = lambda
        var bestRho = [Double](repeating: 0, count: sites)
        var theta = 2.0
        var sinceImproved = 0
        let selectable = (0..<sites).filter { costs.isSelectable[$0] }
        var rho = [Double](repeating: 0, count: sites)
        // Rows in a fixed number of chunks (whatever the core count): each chunk sums its own
        // site terms, merged in chunk order, so the bound does not depend on the threads.
        let chunks = Parallel.balancedRanges(rowStarts, parts: min(8, max(1, rowStarts.last ?? 0) / 50_000 + 1))
        var partial = [[Double]](repeating: [Double](repeating: 0, count: sites), count: chunks.count)
        var gradient = [Double](repeating: 0, count: n)
        var relaxedOpen = [Bool](repeating: false, count: sites)
        for iteration in 0..<maxIterations {
            if let deadline, Date() >= deadline { break }
            var value = 0.0
            for i in 0..<n { value += min(lambda[i], weights[i] * missing[i]) }
            // ρ_j = Σ_i min(0, w_i c_ij − λ_i): rows are sorted by cost, so only each row's
            // prefix with w c < λ contributes.
            relaxedSiteTerms(lambda: lambda, chunks: chunks, into: &partial)
            for j in 0..<sites {
                var r = 0.0
                for c in partial.indices { r += partial[c][j] }
                rho[j] = r
            }
            for j in costs.fixed { value += rho[Int(j)] }
            let order = selectable.sorted { rho[$0] < rho[$1] || (rho[$0] == rho[$1] && $0 < $1) }
            let chosen = order.prefix(p)
            for j in chosen { value += rho[j] }
            if iteration % 10 == 0 {
                let candidate = LocalSearch(costs: costs, open: Array(chosen))
                let total = candidate.total
                if total < upper { upper = total; primal = candidate.selected }
            }
            if best == -.infinity || value > best + 1e-12 * max(1, abs(best)) {
                best = value
                bestLambda = lambda
                bestRho = rho
                sinceImproved = 0
            } else {
                sinceImproved += 1
                if sinceImproved >= halveAfter { theta /= 2; sinceImproved = 0 }
            }
            if upper - best <= targetGap * max(1, abs(upper)) || theta < 1e-3 { break }
            // Subgradient of the relaxed "each cell assigned once" rows.
            for j in 0..<sites { relaxedOpen[j] = false }
            for j in chosen { relaxedOpen[j] = true }
            for j in costs.fixed { relaxedOpen[Int(j)] = true }
            relaxedSubgradient(lambda: lambda, relaxedOpen: relaxedOpen, chunks: chunks, into: &gradient)
            for i in 0..<n { direction[i] = gradient[i] + deflect * direction[i] }
            var norm = 0.0
            for g in direction { norm += g * g }
            guard norm > 0 else { break } // the relaxed solution is feasible: bound = its value
            let step = theta * max(upper - value, 1e-9 * max(1, abs(upper))) / norm
            for i in 0..<n { lambda[i] += step * direction[i] }
        }
        return LagrangianResult(bound: best, multipliers: bestLambda, siteTerms: bestRho, primal: primal, primalTotal: upper)
    }

    /// Per chunk of rows, the site terms Σ_i min(0, w_i c_ij − λ_i) of its rows (`partial[c][j]`);
    /// rows are sorted by cost, so only each row's prefix with w c < λ contributes.
    private func relaxedSiteTerms(lambda: [Double], chunks: [Range<Int>], into partial: inout [[Double]]) {
        let sites = costs.siteCount
        let weights = costs.weights, rowStarts = costs.rowStarts, rowSites = costs.rowSites, rowCosts = costs.rowCosts
        partial.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let lambda = lambda
            let index = Dictionary(uniqueKeysWithValues: chunks.enumerated().map { ($0.element.lowerBound, $0.offset) })
            Parallel.forEach(chunks, threads: costs.threads) { range in
                let c = index[range.lowerBound] ?? 0
                var terms = [Double](repeating: 0, count: sites)
                for i in range {
                    let w = weights[i], l = lambda[i]
                    for k in rowStarts[i]..<rowStarts[i + 1] {
                        let t = w * rowCosts[k] - l
                        if t >= 0 { break }
                        terms[Int(rowSites[k])] += t
                    }
                }
                out[c] = terms
            }
        }
    }

    /// The subgradient of the relaxed "each cell assigned once" rows at `lambda`, per cell, for
    /// the relaxed solution whose open sites are `relaxedOpen`.
    private func relaxedSubgradient(lambda: [Double], relaxedOpen: [Bool], chunks: [Range<Int>],
                                    into gradient: inout [Double]) {
        let weights = costs.weights, rowStarts = costs.rowStarts, rowSites = costs.rowSites, rowCosts = costs.rowCosts
        let missing = costs.missingCosts
        gradient.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let (lambda, relaxedOpen) = (lambda, relaxedOpen)
            Parallel.forEach(chunks, threads: costs.threads) { range in
                for i in range {
                    let w = weights[i], l = lambda[i]
                    var g: Double = w * missing[i] < l ? 0 : 1
                    for k in rowStarts[i]..<rowStarts[i + 1] {
                        if w * rowCosts[k] - l >= 0 { break }
                        if relaxedOpen[Int(rowSites[k])] { g -= 1 }
                    }
                    out[i] = g
                }
            }
        }
    }
}

/// A Lagrangian bound with its multipliers (per cell), site terms ρ_j, and the best relaxed
/// solution priced as a real one when it beat the given upper bound.
struct LagrangianResult {
    var bound: Double
    var multipliers: [Double]
    var siteTerms: [Double]
    var primal: [Int]?
    var primalTotal: Double
}
