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

    /// Row `i`'s nearest open site (-1 when none is listed), its cost and the second-nearest
    /// open cost; a cost not listed is the row's missing cost (rows are sorted by cost).
    func nearestTwo(row i: Int, open: [Bool]) -> (site: Int32, first: Double, second: Double) {
        var best: Int32 = -1
        var c1 = missingCosts[i], c2 = missingCosts[i]
        for k in rowStarts[i]..<rowStarts[i + 1] {
            let j = rowSites[k]
            guard open[Int(j)] else { continue }
            if best < 0 { best = j; c1 = rowCosts[k] } else { c2 = rowCosts[k]; break }
        }
        return (best, c1, c2)
    }

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

/// Greedy construction (lazy evaluation), then vertex substitution (Teitz–Bart, first
/// improvement, each candidate's swaps priced the fast way of Whitaker: one pass over its
/// column) to a local optimum, and a Lagrangian lower bound (Lagrangian.swift).
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

    /// Row `i`'s nearest open site, its cost and the second-nearest open cost (rows are sorted).
    mutating func rescanRow(_ i: Int) {
        (nearest[i], first[i], second[i]) = costs.nearestTwo(row: i, open: open)
    }

    /// The change of the total when `j` opens and the best open new site closes, and that site:
    /// one pass over `j`'s column (Whitaker's evaluation). `loss[r]`: what closing `r` alone
    /// costs; `adjust`/`touched`: scratch, left zeroed.
    func bestSwap(in j: Int, loss: [Double], removable: [Int], adjust: inout [Double], touched: inout [Int]) -> (delta: Double, out: Int) {
        var g = 0.0
        let cells = costs.columnCells, siteCosts = costs.columnCosts, weights = costs.weights
        for k in costs.columnStarts[j]..<costs.columnStarts[j + 1] {
            let i = Int(cells[k])
            let c = siteCosts[k]
            let r = Int(nearest[i])
            if c < first[i] {
                g += weights[i] * (first[i] - c)
                if r >= 0 {
                    if adjust[r] == 0 { touched.append(r) }
                    adjust[r] += weights[i] * (second[i] - first[i])
                }
            } else if c < second[i], r >= 0 {
                if adjust[r] == 0 { touched.append(r) }
                adjust[r] += weights[i] * (second[i] - c)
            }
        }
        var best = (delta: Double.infinity, out: -1)
        for r in removable {
            let delta = -g + loss[r] - adjust[r]
            if delta < best.delta { best = (delta, r) }
        }
        for r in touched { adjust[r] = 0 }
        touched.removeAll(keepingCapacity: true)
        return best
    }

    /// First-improvement vertex substitution: candidates in ascending order, each swapped in
    /// for the open site whose closing costs least when that lowers the total; rounds until one
    /// makes no swap (or `deadline`). A swap updates only the rows it touches (the columns of
    /// the two sites), so a round costs about one pass over the pairs however many swaps it makes.
    mutating func interchange(deadline: Date? = nil) {
        let n = costs.siteCount
        var adjust = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        var affected: [Int] = []
        var loss = closingLosses()
        var removable = (0..<n).filter { open[$0] && costs.isSelectable[$0] }
        guard !removable.isEmpty else { return }
        let threshold = -1e-12 * max(1, abs(total))
        var improved = true
        while improved {
            improved = false
            for j in 0..<n where costs.isSelectable[j] && !open[j] {
                if let deadline, Date() >= deadline { return }
                let swap = bestSwap(in: j, loss: loss, removable: removable, adjust: &adjust, touched: &touched)
                guard swap.delta < threshold, swap.out >= 0 else { continue }
                // Rows whose nearest or second-nearest open site can change.
                affected.removeAll(keepingCapacity: true)
                for site in [j, swap.out] {
                    for k in costs.columnStarts[site]..<costs.columnStarts[site + 1] {
                        let i = Int(costs.columnCells[k])
                        if costs.columnCosts[k] <= second[i] { affected.append(i) }
                    }
                }
                open[swap.out] = false
                open[j] = true
                for i in affected { rescanRow(i) }
                loss = closingLosses()
                removable = (0..<n).filter { open[$0] && costs.isSelectable[$0] }
                improved = true
            }
        }
    }

    /// Per open site: what closing it alone adds to the total (its rows move to their second-nearest).
    func closingLosses() -> [Double] {
        var loss = [Double](repeating: 0, count: costs.siteCount)
        for i in 0..<costs.weights.count where nearest[i] >= 0 {
            loss[Int(nearest[i])] += costs.weights[i] * (second[i] - first[i])
        }
        return loss
    }

    /// How many chunks to split a loop over `pairs` pairs into: one per thread, but none smaller
    /// than about 200,000 pairs (below that, threads cost more than they save).
    func pairsPerThread(_ pairs: Int) -> Int { max(1, min(costs.threads, pairs / 200_000)) }
}

extension AssignmentCosts {
    /// Rows in chunks of about equal pairs, a fixed count whatever the threads: the bounds sum
    /// their site terms per chunk, merged in chunk order, so they do not depend on the threads.
    var termChunks: [Range<Int>] {
        Parallel.balancedRanges(rowStarts, parts: min(8, max(1, rowStarts.last ?? 0) / 50_000 + 1))
    }

    /// The site terms ρ_j = Σ_i min(0, w_i c_ij − λ_i), summed per chunk of rows and merged in
    /// chunk order.
    func siteTerms(lambda: [Double], chunks: [Range<Int>]) -> [Double] {
        let costs = self, sites = siteCount
        var partial = [[Double]](repeating: [], count: chunks.count)
        partial.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let lambda = lambda
            Parallel.forEach(Array(chunks.indices).map { $0..<($0 + 1) }, threads: costs.threads) { one in
                let range = chunks[one.lowerBound]
                let terms = costs.siteTerms(rows: range, lambda: lambda)
                out[one.lowerBound] = terms
            }
        }
        var rho = [Double](repeating: 0, count: sites)
        for terms in partial { for j in 0..<sites { rho[j] += terms[j] } }
        return rho
    }

    /// The selectable sites by ascending site term ρ (ties by number): a relaxed solution opens
    /// the first p.
    func sitesByTerm(_ rho: [Double]) -> [Int] {
        (0..<siteCount).filter { isSelectable[$0] }
            .sorted { rho[$0] < rho[$1] || (rho[$0] == rho[$1] && $0 < $1) }
    }

    /// The subgradient of the relaxed "each cell assigned once" rows at `lambda`, per cell, for
    /// the relaxed solution whose open sites (new and fixed) are `open`: 1 − (missing cheaper than
    /// λ_i) − (open sites cheaper than λ_i). Read off the open sites' columns (p + fixed of them),
    /// not the rows' prefixes: the same whole numbers for a fraction of the pairs.
    func relaxedSubgradient(lambda: [Double], open: [Bool], into gradient: inout [Double]) {
        for i in 0..<weights.count { gradient[i] = weights[i] * missingCosts[i] < lambda[i] ? 0 : 1 }
        for j in 0..<siteCount where open[j] {
            for k in columnStarts[j]..<columnStarts[j + 1] {
                let i = Int(columnCells[k])
                if weights[i] * columnCosts[k] - lambda[i] < 0 { gradient[i] -= 1 }
            }
        }
    }

    /// Each site's Lagrangian term over `rows`: Σ_i min(0, w_i c_ij − λ_i). Rows are sorted by
    /// cost, so only each row's prefix with w c < λ contributes.
    func siteTerms(rows: Range<Int>, lambda: [Double]) -> [Double] {
        var terms = [Double](repeating: 0, count: siteCount)
        for i in rows {
            let w = weights[i], l = lambda[i]
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let t = w * rowCosts[k] - l
                if t >= 0 { break }
                terms[Int(rowSites[k])] += t
            }
        }
        return terms
    }
}
