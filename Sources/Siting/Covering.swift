import Foundation
import MIPSolver

/// The covering view of an instance at one radius: which cells still need a site (not covered
/// by a fixed site), and which new sites could cover each.
struct CoverProblem {
    /// Cells to cover and, per cell, the selectable sites within the radius (ascending).
    var cells: [Int] = []
    var sets: [[Int32]] = []
    /// Cells no site at all (fixed or new) reaches within the radius.
    var uncoverable: [Int] = []
    /// Cells already covered by a fixed site.
    var coveredByFixed = 0

    /// Cells and their covering sites as given (a part of another cover problem).
    init(cells: [Int], sets: [[Int32]]) {
        self.cells = cells
        self.sets = sets
    }

    init(_ instance: SitingInstance, radiusMinutes r: Double) {
        var isFixed = [Bool](repeating: false, count: instance.siteCount)
        for j in instance.fixed { isFixed[Int(j)] = true }
        for i in 0..<instance.cellCount {
            var set: [Int32] = []
            var fixedCovers = false
            for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
                guard instance.rowMinutes[k] <= r else { break }
                let j = instance.rowSites[k]
                if isFixed[Int(j)] { fixedCovers = true; break }
                if instance.isSelectable[Int(j)] { set.append(j) }
            }
            if fixedCovers {
                coveredByFixed += 1
            } else if set.isEmpty {
                uncoverable.append(i)
            } else {
                set.sort()
                cells.append(i)
                sets.append(set)
            }
        }
    }

    /// The LSCP heuristic: `greedy` (never worse than greedy with redundancy removal), then,
    /// unless the disjoint-cells bound already proves it, the `lagrangian` improvement; with the
    /// better of the two bounds.
    func heuristic(siteCount: Int) -> (sites: [Int], bound: Int) {
        var sites = greedy(siteCount: siteCount) ?? []
        var bound = packingBound(siteCount: siteCount)
        if bound < sites.count {
            let relaxed = lagrangian(siteCount: siteCount, incumbent: sites)
            if let better = relaxed.cover { sites = better }
            bound = max(bound, relaxed.bound)
        }
        return (sites, bound)
    }

    /// Which new sites could cover each cell: per site, the positions (in `cells`) it covers.
    func columns(siteCount: Int) -> [[Int32]] {
        var columns = [[Int32]](repeating: [], count: siteCount)
        for (k, set) in sets.enumerated() { for j in set { columns[Int(j)].append(Int32(k)) } }
        return columns
    }

    /// The covering heuristic: `greedyPicks`, then `removeRedundant`, then `twoForOne` swaps.
    /// Each step keeps a cover and never adds a site, so the result is never larger than greedy
    /// with redundancy removal. Returns nil when more than `limit` sites remain.
    func greedy(siteCount: Int, limit: Int? = nil) -> [Int]? {
        let columns = columns(siteCount: siteCount)
        guard let picked = greedyPicks(columns, siteCount: siteCount, limit: limit) else { return nil }
        var isOpen = removeRedundant(picked, columns, siteCount: siteCount)
        twoForOne(&isOpen, columns, siteCount: siteCount)
        let result = (0..<siteCount).filter { isOpen[$0] }
        if let limit, result.count > limit { return nil }
        return result
    }

    /// Greedy set cover: repeatedly the site covering most uncovered cells (ties: the lowest
    /// number), with lazy re-evaluation (a stale count is an upper bound). Nil when it is
    /// hopeless for `limit` (more than 2 × limit + 4 sites, beyond what the later steps undo).
    func greedyPicks(_ columns: [[Int32]], siteCount: Int, limit: Int? = nil) -> [Int]? {
        var covered = [Bool](repeating: false, count: cells.count)
        var remaining = cells.count
        var stale = columns.map(\.count)
        var picked: [Int] = []
        while remaining > 0 {
            if let limit, picked.count > 2 * limit + 4 { return nil }
            while true {
                var best = -1
                for j in 0..<siteCount where stale[j] > 0 && (best < 0 || stale[j] > stale[best]) { best = j }
                guard best >= 0 else { return nil } // cannot happen: every listed cell has a site
                let fresh = columns[best].reduce(0) { $0 + (covered[Int($1)] ? 0 : 1) }
                stale[best] = fresh
                var beaten = false
                for j in 0..<siteCount where j != best {
                    if stale[j] > fresh || (stale[j] == fresh && j < best && fresh > 0) { beaten = true; break }
                }
                if !beaten && fresh > 0 {
                    picked.append(best)
                    for k in columns[best] where !covered[Int(k)] { covered[Int(k)] = true; remaining -= 1 }
                    stale[best] = 0
                    break
                }
            }
        }
        return picked
    }

    /// Redundancy removal: the picked sites, largest first (most cells; ties: the lowest
    /// number), each closed when every cell it covers is covered by another open site.
    /// Returns the open mask.
    func removeRedundant(_ picked: [Int], _ columns: [[Int32]], siteCount: Int) -> [Bool] {
        var count = [Int](repeating: 0, count: cells.count)
        for j in picked { for k in columns[j] { count[Int(k)] += 1 } }
        var isOpen = [Bool](repeating: false, count: siteCount)
        for j in picked { isOpen[j] = true }
        let largestFirst = picked.sorted { columns[$0].count > columns[$1].count || (columns[$0].count == columns[$1].count && $0 < $1) }
        for j in largestFirst where columns[j].allSatisfy({ count[Int($0)] > 1 }) {
            isOpen[j] = false
            for k in columns[j] { count[Int(k)] -= 1 }
        }
        return isOpen
    }

    /// Two for one: closes open sites a and b and opens j when j covers every cell only a and
    /// b cover, until no pair can be replaced (each swap removes a site, so at most one pass
    /// per open site; each pass tries the pairs of open sites).
    func twoForOne(_ isOpen: inout [Bool], _ columns: [[Int32]], siteCount: Int) {
        var count = [Int](repeating: 0, count: cells.count)
        for j in 0..<siteCount where isOpen[j] { for k in columns[j] { count[Int(k)] += 1 } }
        var improved = true
        var mark = [Int32](repeating: -1, count: siteCount)
        var stamp: Int32 = 0
        while improved {
            improved = false
            let open = (0..<siteCount).filter { isOpen[$0] }
            search: for x in 0..<open.count {
                for y in (x + 1)..<open.count {
                    let a = open[x], b = open[y]
                    var alone: [Int32] = []
                    for k in columns[a] {
                        let others = count[Int(k)] - 1 - (sets[Int(k)].contains(Int32(b)) ? 1 : 0)
                        if others == 0 { alone.append(k) }
                    }
                    for k in columns[b] where !sets[Int(k)].contains(Int32(a)) && count[Int(k)] == 1 { alone.append(k) }
                    guard let first = alone.first else { continue }
                    // Candidates: the closed sites of the first lonely cell that cover all of them.
                    stamp += 1
                    for j in sets[Int(first)] where !isOpen[Int(j)] { mark[Int(j)] = stamp }
                    for k in alone.dropFirst() {
                        stamp += 1
                        for j in sets[Int(k)] where mark[Int(j)] == stamp - 1 { mark[Int(j)] = stamp }
                    }
                    guard let j = sets[Int(first)].first(where: { mark[Int($0)] == stamp && !isOpen[Int($0)] }) else { continue }
                    for site in [a, b] {
                        isOpen[site] = false
                        for k in columns[site] { count[Int(k)] -= 1 }
                    }
                    isOpen[Int(j)] = true
                    for k in columns[Int(j)] { count[Int(k)] += 1 }
                    improved = true
                    break search
                }
            }
        }
    }

    /// Nonzeros of the covering matrix `solveExact` builds: one row per distinct set of
    /// covering sites, one entry per site in it.
    var distinctNonzeros: Int {
        var seen = Set<[Int32]>()
        var total = 0
        for set in sets where seen.insert(set).inserted { total += set.count }
        return total
    }

    /// Lagrangian relaxation of the covering rows (subgradient steps, Beasley's set-covering
    /// heuristic): each step's relaxed solution (the sites of negative reduced cost) is
    /// completed to a cover by `greedyPicks` on the cells it misses and pruned by
    /// `removeRedundant` and `twoForOne`. Returns the best cover found when it is smaller than
    /// `incumbent`, and the best bound (the relaxation's value rounded up: counts are whole).
    /// Deterministic: a fixed number of steps in a fixed order.
    func lagrangian(siteCount: Int, incumbent: [Int], iterations: Int = 150) -> (cover: [Int]?, bound: Int) {
        guard !cells.isEmpty else { return (nil, 0) }
        let columns = columns(siteCount: siteCount)
        var lambda = sets.map { 1 / Double($0.count) }
        var best: [Int]? = nil
        var upper = incumbent.count
        var bound = 0.0
        var theta = 2.0, sinceImproved = 0
        var chosen = [Bool](repeating: false, count: siteCount)
        for _ in 0..<iterations {
            var value = lambda.reduce(0, +)
            for j in 0..<siteCount {
                var reduced = 1.0
                for k in columns[j] { reduced -= lambda[Int(k)] }
                chosen[j] = reduced < 0 && !columns[j].isEmpty
                if chosen[j] { value += reduced }
            }
            if value > bound + 1e-9 { bound = value; sinceImproved = 0 } else {
                sinceImproved += 1
                if sinceImproved >= 10 { theta /= 2; sinceImproved = 0 }
            }
            if Double(upper) - bound < 1 - 1e-9 || theta < 1e-3 { break }
            // The relaxed sites, completed and pruned: a cover.
            let start = (0..<siteCount).filter { chosen[$0] }
            var covered = [Bool](repeating: false, count: cells.count)
            for j in start { for k in columns[j] { covered[Int(k)] = true } }
            let missing = CoverProblem(cells: cells.indices.filter { !covered[$0] }.map { cells[$0] },
                                       sets: sets.indices.filter { !covered[$0] }.map { sets[$0] })
            if let more = missing.greedyPicks(missing.columns(siteCount: siteCount), siteCount: siteCount) {
                var isOpen = removeRedundant(start + more, columns, siteCount: siteCount)
                twoForOne(&isOpen, columns, siteCount: siteCount)
                let cover = (0..<siteCount).filter { isOpen[$0] }
                if cover.count < upper { upper = cover.count; best = cover }
            }
            // Subgradient of the covering rows: 1 − (relaxed sites covering the cell).
            var gradient = [Double](repeating: 0, count: sets.count)
            var norm = 0.0
            for k in sets.indices {
                var g = 1.0
                for j in sets[k] where chosen[Int(j)] { g -= 1 }
                if g < 0 && lambda[k] <= 0 { g = 0 }
                gradient[k] = g
                norm += g * g
            }
            guard norm > 0 else { break }
            let step = theta * max(Double(upper) - value, 0.05) / norm
            for k in sets.indices { lambda[k] = max(0, lambda[k] + step * gradient[k]) }
        }
        return (best, Int((bound - 1e-6).rounded(.up)))
    }

    /// A lower bound on the number of sites any cover needs: cells whose site sets are
    /// pairwise disjoint each need their own site (picked greedily, smallest sets first).
    func packingBound(siteCount: Int) -> Int {
        var used = [Bool](repeating: false, count: siteCount)
        var count = 0
        let order = sets.indices.sorted { sets[$0].count < sets[$1].count || (sets[$0].count == sets[$1].count && $0 < $1) }
        for k in order where sets[k].allSatisfy({ !used[Int($0)] }) {
            for j in sets[k] { used[Int(j)] = true }
            count += 1
        }
        return count
    }

    /// The set-covering MIP (each distinct site set one row): fewest sites, at most `limit`.
    /// With `feasibilityOnly` any cover within the limit will do (CBC stops at the first).
    func solveExact(siteCount: Int, limit: Int?, warmStart: [Int]?, timeLimitSeconds: Double?,
                    maximumNodes: Int? = nil, feasibilityOnly: Bool = false) throws
        -> (status: MIPStatus, selected: [Int], bound: Double?) {
        if cells.isEmpty { return (.optimal, [], 0) }
        var distinct: [[Int32]] = []
        var seen = Set<[Int32]>()
        for set in sets where seen.insert(set).inserted { distinct.append(set) }
        var useful = Set<Int32>()
        for set in distinct { useful.formUnion(set) }
        let sites = useful.sorted()
        var column = [Int32](repeating: -1, count: siteCount)
        var problem = MIPProblem(sense: .minimize)
        for j in sites { column[Int(j)] = problem.addColumn(.binary(objective: feasibilityOnly ? 0 : 1)) }
        for set in distinct {
            problem.addRow(set.map { column[Int($0)] }, [Double](repeating: 1, count: set.count), lower: 1)
        }
        if let limit {
            problem.addRow(sites.map { column[Int($0)] }, [Double](repeating: 1, count: sites.count), upper: Double(limit))
        }
        var options = MIPOptions(timeLimitSeconds: timeLimitSeconds, maximumNodes: maximumNodes, absoluteGap: 0.999)
        if let warmStart {
            options.warmStart = warmStart.compactMap { column[$0] >= 0 ? (column[$0], 1.0) : nil }
        }
        let solution = try MIPSolver.solve(problem, options: options)
        let selected = solution.values.isEmpty ? [] : sites.enumerated().filter { solution.values[$0.offset] > 0.5 }.map { Int($0.element) }
        let bound = feasibilityOnly ? nil : solution.bestBound.map { ($0 - 1e-6).rounded(.up) }
        return (solution.status, selected, bound)
    }
}
