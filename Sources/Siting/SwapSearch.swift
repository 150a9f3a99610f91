import Foundation

/// Best-improvement swap search on the rows of `AssignmentCosts`, with the bookkeeping of
/// Resende and Werneck's fast swap-based local search (2003): per candidate i its `gain` (what
/// opening i alone saves), per removable open site r its `loss` (what closing r alone costs),
/// and `extra(i, r)` (what opening i saves on the rows r serves beyond both), so that every
/// swap's change of the total is `loss(r) − gain(i) − extra(i, r)` at once. A row adds to these
/// only for the sites it lists before its second-nearest open one (rows are sorted by cost), and
/// a swap re-adds only the rows whose nearest or second-nearest open site it changes: a move
/// costs about the two sites' columns, not a pass over every pair as a scan of all candidates does.
/// Single-threaded and in a fixed order, so the result does not depend on the thread count.
struct SwapSearch {
    let costs: AssignmentCosts
    private(set) var open: [Bool]
    /// Per row: nearest open site (-1: none listed), its cost, the second-nearest open cost.
    private var nearest: [Int32]
    private var first: [Double]
    private var second: [Double]
    /// Removable open sites (open, selectable), one slot each; `slotOf[site]` or -1.
    private var slots: [Int]
    private var slotOf: [Int32]
    private var gain: [Double]
    private var loss: [Double]
    /// extra[i × slots.count + slot], dense: candidates × removable sites.
    private var extra: [Double]
    /// Swaps made so far.
    private(set) var moves = 0

    /// Candidates × removable sites above which the dense `extra` table is not made (callers use
    /// `LocalSearch.interchange` instead).
    static let tableLimit = 40_000_000

    static func fits(_ costs: AssignmentCosts, p: Int) -> Bool { costs.siteCount * max(1, p) <= tableLimit }

    init(costs: AssignmentCosts, open initial: [Int]) {
        self.costs = costs
        let n = costs.weights.count, sites = costs.siteCount
        var isOpen = [Bool](repeating: false, count: sites)
        for j in costs.fixed { isOpen[Int(j)] = true }
        for j in initial { isOpen[j] = true }
        open = isOpen
        slots = (0..<sites).filter { isOpen[$0] && costs.isSelectable[$0] }
        slotOf = [Int32](repeating: -1, count: sites)
        for (slot, j) in slots.enumerated() { slotOf[j] = Int32(slot) }
        nearest = [Int32](repeating: -1, count: n)
        first = costs.missingCosts
        second = costs.missingCosts
        gain = [Double](repeating: 0, count: sites)
        loss = [Double](repeating: 0, count: slots.count)
        extra = [Double](repeating: 0, count: sites * slots.count)
        for i in 0..<n {
            rescan(i)
            add(i, sign: 1)
        }
    }

    /// New sites open now, ascending.
    var selected: [Int] { (0..<costs.siteCount).filter { open[$0] && costs.isSelectable[$0] } }

    /// Nearest and second-nearest open costs of row `i` from its sorted pairs.
    private mutating func rescan(_ i: Int) {
        (nearest[i], first[i], second[i]) = costs.nearestTwo(row: i, open: open)
    }

    /// Adds (sign 1) or removes (sign -1) row `i`'s share of gain, loss and extra.
    private mutating func add(_ i: Int, sign: Double) {
        let w = sign * costs.weights[i], d1 = first[i], d2 = second[i]
        let r = nearest[i]
        let slot = r >= 0 ? Int(slotOf[Int(r)]) : -1
        let width = slots.count
        if slot >= 0 { loss[slot] += w * (d2 - d1) }
        for k in costs.rowStarts[i]..<costs.rowStarts[i + 1] {
            let c = costs.rowCosts[k]
            if c >= d2 { break }
            let j = Int(costs.rowSites[k])
            if c < d1 { gain[j] += w * (d1 - c) }
            if slot >= 0 { extra[j * width + slot] += w * (d2 - max(c, d1)) }
        }
    }

    /// The change of the total when `j` opens and the removable open site `r` closes.
    func delta(opening j: Int, closing r: Int) -> Double {
        let slot = Int(slotOf[r])
        return loss[slot] - gain[j] - extra[j * slots.count + slot]
    }

    /// The best swap (closed candidate in, removable site out) and its change of the total;
    /// ties by the lower candidate, then the lower slot. `allowed`: candidates that may open.
    func bestSwap(allowed: [Bool]?) -> (delta: Double, into: Int, slot: Int) {
        var best = (delta: Double.infinity, into: -1, slot: -1)
        let width = slots.count
        for j in 0..<costs.siteCount where costs.isSelectable[j] && !open[j] && (allowed?[j] ?? true) {
            let base = j * width
            for slot in 0..<width {
                let delta = loss[slot] - gain[j] - extra[base + slot]
                if delta < best.delta { best = (delta, j, slot) }
            }
        }
        return best
    }

    /// Swaps while the best swap lowers the total by more than rounding (or until `deadline`).
    mutating func run(allowed: [Bool]? = nil, deadline: Date? = nil) {
        guard !slots.isEmpty else { return }
        var total = 0.0
        for i in 0..<costs.weights.count { total += costs.weights[i] * first[i] }
        let threshold = -1e-10 * max(1, abs(total))
        var mark = [Int32](repeating: -1, count: costs.weights.count)
        var affected: [Int] = []
        while true {
            if let deadline, Date() >= deadline { return }
            let swap = bestSwap(allowed: allowed)
            guard swap.into >= 0, swap.delta < threshold else { return }
            swapIn(swap.into, slot: swap.slot, mark: &mark, affected: &affected)
        }
    }

    /// Opens `j` in place of the site in `slot`: the rows near either site are taken out of the
    /// bookkeeping, rescanned and added back.
    private mutating func swapIn(_ j: Int, slot: Int, mark: inout [Int32], affected: inout [Int]) {
        let out = slots[slot]
        moves += 1
        let stamp = Int32(truncatingIfNeeded: moves)
        affected.removeAll(keepingCapacity: true)
        for site in [j, out] {
            for k in costs.columnStarts[site]..<costs.columnStarts[site + 1] {
                let i = Int(costs.columnCells[k])
                if costs.columnCosts[k] <= second[i] && mark[i] != stamp {
                    mark[i] = stamp
                    affected.append(i)
                }
            }
        }
        for i in affected { add(i, sign: -1) }
        // Every row `out` served is affected: its slot is empty now, and `j` takes it.
        loss[slot] = 0
        for site in 0..<costs.siteCount { extra[site * slots.count + slot] = 0 }
        open[out] = false
        open[j] = true
        slotOf[out] = -1
        slotOf[j] = Int32(slot)
        slots[slot] = j
        for i in affected {
            rescan(i)
            add(i, sign: 1)
        }
    }
}
