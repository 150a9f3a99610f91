import Foundation

/// The terms of the twin-aware objective, a capped weighted p-median:
///
///     Σ_t weights[t] × min(caps[t], multipliers[t] × d(cells[t], S ∩ capable(groups[t])))
///
/// where `d(c, X)` is the instance's minutes from cell `c` to its nearest site in `X` (infinite
/// when none is listed) and `S` the open sites (new ones and the fixed ones). A term is one
/// (cell, resident segment, capability group of items): its weight is the segment's weighted
/// completions per year, its multiplier turns one-way minutes into in-person minutes per
/// completion (2 × trips), its cap is the segment's cheapest remote option per completion
/// (`.infinity` when it has none). The builders (`TwinReachKit`) give the meaning; this type
/// only fixes the arithmetic.
///
/// A term with an infinite cap and no capable open site listed has no option at all: it is left
/// out of the objective and its weight counted as unreached. The search minimises
/// lexicographically: first the unreached weight, then the objective.
public struct TwinTerms: Sendable, Equatable {
    /// Instance cell of each term.
    public var cells: [Int32]
    /// Weighted completions per year of each term (≥ 0; 0 terms are ignored).
    public var weights: [Double]
    /// Minutes per completion per one-way travel minute (≥ 0), e.g. 2 × trips.
    public var multipliers: [Double]
    /// Minutes per completion of the best remote option (> 0 or 0), or `.infinity`.
    public var caps: [Double]
    /// Capability group of each term: an index into `groupSites`.
    public var groups: [Int32]
    /// Per group, per site of the instance: whether the site can serve the group's items.
    public var groupSites: [[Bool]]

    public init(cells: [Int32], weights: [Double], multipliers: [Double], caps: [Double], groups: [Int32],
                groupSites: [[Bool]]) {
        precondition(cells.count == weights.count && weights.count == multipliers.count
                     && multipliers.count == caps.count && caps.count == groups.count)
        self.cells = cells; self.weights = weights; self.multipliers = multipliers; self.caps = caps
        self.groups = groups; self.groupSites = groupSites
    }

    public var count: Int { cells.count }

    /// Checks the terms against the instance (indices in range, numbers in their domain);
    /// the message names the first bad term.
    func validate(_ instance: SitingInstance) -> String? {
        for g in groupSites.indices where groupSites[g].count != instance.siteCount {
            return "twin group \(g) lists \(groupSites[g].count) sites, the instance has \(instance.siteCount)"
        }
        for t in 0..<count {
            guard cells[t] >= 0, Int(cells[t]) < instance.cellCount else { return "twin term \(t): cell \(cells[t]) out of range" }
            guard groups[t] >= 0, Int(groups[t]) < groupSites.count else { return "twin term \(t): group \(groups[t]) out of range" }
            guard weights[t].isFinite, weights[t] >= 0, multipliers[t].isFinite, multipliers[t] >= 0, caps[t] >= 0 else {
                return "twin term \(t): weight and multiplier must be finite and >= 0, cap >= 0"
            }
        }
        return nil
    }

    /// Per term, the cost with open sites `open`: min(cap, multiplier × nearest capable open
    /// minutes); `.infinity` when the term has no option.
    public func costs(_ instance: SitingInstance, open: [Bool]) -> [Double] {
        (0..<count).map { t in
            let i = Int(cells[t]), capable = groupSites[Int(groups[t])]
            var d = Double.infinity
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
                let j = Int(instance.rowSites[k])
                if open[j] && capable[j] { d = instance.rowMinutes[k]; break }
            }
            return d.isFinite ? min(caps[t], multipliers[t] * d) : caps[t]
        }
    }

    /// The objective (Σ weight × cost over terms with an option) and the unreached weight (Σ
    /// weight over terms with none) for open sites `open`.
    public func value(_ instance: SitingInstance, open: [Bool]) -> (objective: Double, unreached: Double) {
        let c = costs(instance, open: open)
        var total = 0.0, unreached = 0.0
        for t in 0..<count where weights[t] > 0 {
            if c[t].isFinite { total += weights[t] * c[t] } else { unreached += weights[t] }
        }
        return (total, unreached)
    }

    /// The assignment rows: per term with weight > 0, its capable listed sites whose cost is
    /// below the cap, ascending (the instance rows are sorted by minutes, and the multiplier
    /// keeps that order). An infinite cap becomes a penalty above any real total, so that the
    /// search first gives every term it can an option. Terms no site can ever serve and without
    /// a cap are left out: their weight is returned as `neverReached` (unreached whatever opens).
    func assignmentCosts(_ instance: SitingInstance, threads: Int) -> (costs: AssignmentCosts, neverReached: Double) {
        var weightsKept: [Double] = [], rowCaps: [Double] = []
        var starts = [0], sites: [Int32] = [], rowCosts: [Double] = []
        var largest = 0.0, neverReached = 0.0
        for t in 0..<count where weights[t] > 0 {
            let i = Int(cells[t]), capable = groupSites[Int(groups[t])], m = multipliers[t], cap = caps[t]
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
                let j = Int(instance.rowSites[k])
                guard capable[j] else { continue }
                let cost = m * instance.rowMinutes[k]
                guard cost < cap else { break }
                sites.append(Int32(j))
                rowCosts.append(cost)
                largest = max(largest, cost)
            }
            if sites.count == starts[starts.count - 1] && !cap.isFinite { neverReached += weights[t]; continue }
            starts.append(sites.count)
            weightsKept.append(weights[t])
            rowCaps.append(cap)
            if cap.isFinite { largest = max(largest, cap) }
        }
        let total = weightsKept.reduce(0, +)
        let smallest = weightsKept.min() ?? 1
        let penalty = (largest + 1) * (total / max(smallest, 1e-300) + 1)
        let costs = AssignmentCosts(weights: weightsKept, rowStarts: starts, rowSites: sites, rowCosts: rowCosts,
                                    missingCosts: rowCaps.map { $0.isFinite ? $0 : penalty }, siteCount: instance.siteCount,
                                    isSelectable: instance.isSelectable, fixed: instance.fixed, threads: threads)
        return (costs, neverReached)
    }
}

extension SiteSelection {
    /// The twin model: greedy (lazy) and vertex substitution on the capped assignment rows, a
    /// second start from the Lagrangian relaxation, and the Lagrangian lower bound (valid for
    /// the caps: a capped row is a p-median row with an always-open site at the cap), reported
    /// when every term that some site could serve has an option. No exact mode: `exact` is
    /// refused by the caller.
    static func twin(_ instance: SitingInstance, p: Int, terms: TwinTerms, deadline: Date?, threads: Int) throws -> SitingResult {
        let (costs, neverReached) = terms.assignmentCosts(instance, threads: threads)
        var search = LocalSearch(costs: costs)
        search.greedy(count: p)
        search.interchange(deadline: deadline)
        let lagrangian = search.lagrangianBound(p: p, upper: search.total, maxIterations: 200, deadline: deadline)
        if let start = lagrangian.primal, Set(start) != Set(search.selected) {
            var polished = LocalSearch(costs: costs, open: start)
            polished.interchange(deadline: deadline)
            if polished.total < search.total { search = polished }
        }
        let selected = pad(search.selected, to: p, instance: instance)
        let (objective, unreached) = terms.value(instance, open: SitingObjective.openMask(instance, selected: selected))
        // The bound is on the penalized total of the terms some site can serve: a bound on the
        // objective when all of them are reached (the rest are unreached in every solution).
        let reachesAll = unreached - neverReached <= 1e-12 * max(1, unreached)
        var bound: Double? = reachesAll && lagrangian.bound.isFinite ? min(lagrangian.bound, objective) : nil
        var proven = false
        if let b = bound, objective - b <= 1e-10 * max(1, objective) { proven = true; bound = objective }
        return SitingResult(selected: selected, objective: objective, bound: bound,
                            gap: SitingResult.gap(objective: objective, bound: bound), provenOptimal: proven,
                            unreachedCompletions: unreached)
    }
}
