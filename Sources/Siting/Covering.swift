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

    /// Greedy set cover: repeatedly the site covering most uncovered cells (ties: lowest
    /// number), with lazy re-evaluation; then sites whose cells are all covered by others are
    /// dropped (last picked first), and two sites are replaced by one while some single site
    /// covers every cell only they cover. Returns nil when more than `limit` sites remain.
    func greedy(siteCount: Int, limit: Int? = nil) -> [Int]? {
        var columns = [[Int32]](repeating: [], count: siteCount)
        for (k, set) in sets.enumerated() { for j in set { columns[Int(j)].append(Int32(k)) } }
        var covered = [Bool](repeating: false, count: cells.count)
        var remaining = cells.count
        var stale = columns.map(\.count)
        var picked: [Int] = []
        while remaining > 0 {
            // Hopeless for the limit even after improvement: stop early.
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
        // Drop redundant sites.
        var count = [Int](repeating: 0, count: cells.count)
        for j in picked { for k in columns[j] { count[Int(k)] += 1 } }
        var isOpen = [Bool](repeating: false, count: siteCount)
        for j in picked { isOpen[j] = true }
        for j in picked.reversed() where columns[j].allSatisfy({ count[Int($0)] > 1 }) {
            isOpen[j] = false
            for k in columns[j] { count[Int(k)] -= 1 }
        }
        // Two for one: close a and b, open j, when j covers every cell only a and b cover.
        var improved = true
        var mark = [Int32](repeating: -1, count: siteCount)
        var stamp: Int32 = 0
        while improved {
            improved = false
            let open = (0..<siteCount).filter { isOpen[$0] }
            search: for x in 0..<open.count {
                for y in (x + 1)..<open.count {
                    let a = open[x], b = open[y]
                    stamp += 1
                    var alone: [Int32] = []
                    for k in columns[a] {
                        let others = count[Int(k)] - 1 - (sets[Int(k)].contains(Int32(b)) ? 1 : 0)
                        if others == 0 { alone.append(k) }
                    }
                    for k in columns[b] where !sets[Int(k)].contains(Int32(a)) && count[Int(k)] == 1 { alone.append(k) }
                    guard let first = alone.first else { continue }
                    // Candidates: the sites of the first lonely cell; keep those covering all.
                    for j in sets[Int(first)] where !isOpen[Int(j)] { mark[Int(j)] = stamp }
                    for k in alone.dropFirst() {
                        stamp += 1
                        var any = false
                        for j in sets[Int(k)] where mark[Int(j)] == stamp - 1 { mark[Int(j)] = stamp; any = true }
                        if !any { continue }
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
        let result = (0..<siteCount).filter { isOpen[$0] }
        if let limit, result.count > limit { return nil }
        return result
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
                    feasibilityOnly: Bool = false) throws
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
        var options = MIPOptions(timeLimitSeconds: timeLimitSeconds, absoluteGap: 0.999)
        if let warmStart {
            options.warmStart = warmStart.compactMap { column[$0] >= 0 ? (column[$0], 1.0) : nil }
        }
        let solution = try MIPSolver.solve(problem, options: options)
        let selected = solution.values.isEmpty ? [] : sites.enumerated().filter { solution.values[$0.offset] > 0.5 }.map { Int($0.element) }
        let bound = feasibilityOnly ? nil : solution.bestBound.map { ($0 - 1e-6).rounded(.up) }
        return (solution.status, selected, bound)
    }
}
